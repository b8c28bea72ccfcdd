package io.jobservice.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/** Harbor's parsing of the listing query parameters (contract 1.2), forgiving as Harbor is. */
final class QueryParams {

    private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");
    private static final Set<String> FALSE = Set.of("0", "f", "F", "FALSE", "false", "False");

    private QueryParams() {
    }

    /** The largest page size used; larger ones are clamped to it (a Redis SCAN COUNT must fit its integer). */
    static final long MAX_PAGE_SIZE = 1000;
    /** The largest page number used; larger ones are clamped to it (an offset must not overflow): an empty page. */
    static final long MAX_PAGE_NUMBER = Integer.MAX_VALUE;

    /** {@code page_number}: values above 1 are used, up to {@link #MAX_PAGE_NUMBER}; anything else means 1. */
    static long pageNumber(String text) {
        long value = unsigned(text);
        return value > 1 ? Math.min(value, MAX_PAGE_NUMBER) : 1;
    }

    /** {@code page_size}: values above 0 are used, up to {@link #MAX_PAGE_SIZE}; anything else means 25. */
    static long pageSize(String text) {
        long value = unsigned(text);
        return value > 0 ? Math.min(value, MAX_PAGE_SIZE) : 25;
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

    /**
     * A parameter read from the raw query string, for one the API's edge drops from the headers because it would
     * shadow a path parameter elsewhere ({@code job_name}: see {@link ApiFallbackHandler#SHADOWING_QUERY_PARAMETERS});
     * the first occurrence, decoded, or null.
     */
    static String fromRawQuery(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                try {
                    return URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static long unsigned(String text) {
        if (text == null) {
            return 0;
        }
        try {
            return Math.max(Long.parseLong(text), 0);
        } catch (NumberFormatException e) {
            // digits beyond a long are a page far past the end, not a typo
            return text.matches("\\d{19,}") ? Long.MAX_VALUE : 0;
        }
    }
}
