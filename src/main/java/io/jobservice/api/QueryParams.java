package io.jobservice.api;

import java.util.Set;

/** Harbor's parsing of the listing query parameters (contract 1.2), forgiving as Harbor is. */
final class QueryParams {

    private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");
    private static final Set<String> FALSE = Set.of("0", "f", "F", "FALSE", "false", "False");

    private QueryParams() {
    }

    /** {@code page_number}: values above 1 are used, anything else means 1. */
    static long pageNumber(String text) {
        long value = unsigned(text);
        return value > 1 ? value : 1;
    }

    /** {@code page_size}: values above 0 are used, anything else means 25. */
    static long pageSize(String text) {
        long value = unsigned(text);
        return value > 0 ? value : 25;
    }

    /** {@code non_dead_only} as Go's ParseBool reads it; null when absent or unparseable. */
    static Boolean nonDeadOnly(String text) {
        if (text == null) {
            return null;
        }
        return TRUE.contains(text) ? Boolean.TRUE : FALSE.contains(text) ? Boolean.FALSE : null;
    }

    /** {@code cursor}: a signed 32-bit number; anything else means 0 (Harbor's quirk, contract 15.1). */
    static long cursor(String text) {
        try {
            return text == null ? 0 : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long unsigned(String text) {
        try {
            long value = text == null ? 0 : Long.parseLong(text);
            return Math.max(value, 0);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
