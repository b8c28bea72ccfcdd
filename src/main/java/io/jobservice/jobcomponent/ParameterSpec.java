package io.jobservice.jobcomponent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.jobservice.job.JobParameterException;

/**
 * The parameters a route job type declares with its {@code params} option: a comma-separated list of
 * {@code name[?][:type]}, where {@code ?} marks an optional parameter and the type is one of {@code string},
 * {@code number}, {@code integer}, {@code boolean}, {@code object}, {@code array} (no type: any value). Required
 * parameters must be present; every declared parameter that is present must have its type. Undeclared parameters
 * pass, as Harbor's jobs ignore what they do not read.
 */
public final class ParameterSpec {

    /** The JSON types a parameter can be declared with. */
    enum Type {
        ANY, STRING, NUMBER, INTEGER, BOOLEAN, OBJECT, ARRAY;

        boolean matches(Object value) {
            return switch (this) {
                case ANY -> true;
                case STRING -> value instanceof String;
                case NUMBER -> value instanceof Number;
                case INTEGER -> value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue());
                case BOOLEAN -> value instanceof Boolean;
                case OBJECT -> value instanceof Map;
                case ARRAY -> value instanceof List;
            };
        }
    }

    record Parameter(String name, boolean required, Type type) {
    }

    private final List<Parameter> parameters;

    private ParameterSpec(List<Parameter> parameters) {
        this.parameters = List.copyOf(parameters);
    }

    /**
     * Parses the {@code params} option.
     *
     * @throws IllegalArgumentException naming the entry that cannot be read
     */
    public static ParameterSpec parse(String spec) {
        List<Parameter> parameters = new ArrayList<>();
        if (spec == null || spec.isBlank()) {
            return new ParameterSpec(parameters);
        }
        for (String entry : spec.split(",")) {
            String text = entry.trim();
            int colon = text.indexOf(':');
            String name = colon < 0 ? text : text.substring(0, colon).trim();
            Type type = colon < 0 ? Type.ANY : typeOf(text.substring(colon + 1).trim(), text);
            boolean required = !name.endsWith("?");
            name = required ? name : name.substring(0, name.length() - 1).trim();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("params: entry '" + text + "' has no parameter name");
            }
            parameters.add(new Parameter(name, required, type));
        }
        return new ParameterSpec(parameters);
    }

    private static Type typeOf(String type, String entry) {
        try {
            return Type.valueOf(type.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("params: entry '" + entry + "' has unknown type '" + type
                    + "' (use string, number, integer, boolean, object or array)");
        }
    }

    /**
     * Checks the submitted parameters.
     *
     * @throws JobParameterException naming the first parameter that is missing or of the wrong type
     */
    public void check(Map<String, Object> values) throws JobParameterException {
        for (Parameter parameter : parameters) {
            Object value = values.get(parameter.name());
            if (value == null) {
                if (parameter.required()) {
                    throw new JobParameterException("missing job parameter '" + parameter.name() + "'");
                }
            } else if (!parameter.type().matches(value)) {
                throw new JobParameterException("malformed job parameter '" + parameter.name() + "', expecting "
                        + parameter.type().name().toLowerCase(Locale.ROOT) + " but got " + jsonType(value));
            }
        }
    }

    private static String jsonType(Object value) {
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Number) {
            return "number";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        return value instanceof Map ? "object" : value instanceof List ? "array" : value.getClass().getSimpleName();
    }
}
