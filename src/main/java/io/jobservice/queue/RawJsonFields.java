package io.jobservice.queue;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.jobservice.json.Json;

/**
 * The top-level fields of a JSON object, each value kept as the exact text it was written with. Changing one field
 * of a queued job this way leaves every other byte as gocraft or Harbor wrote it: decoding and encoding again would
 * reformat numbers in {@code args} (and Lua's cjson would round them).
 */
final class RawJsonFields {

    private final Map<String, String> fields;

    private RawJsonFields(Map<String, String> fields) {
        this.fields = fields;
    }

    /**
     * Reads an object's fields; a name written twice keeps its first place and its last value, as decoders read it
     * (requeue_due.lua appends {@code err} and {@code failed_at} to entries that may already have them).
     *
     * @throws IOException when the text is not one JSON object
     */
    static RawJsonFields parse(String json) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                int start = (int) parser.currentTokenLocation().getCharOffset();
                if (parser.currentToken().isStructStart()) {
                    parser.skipChildren();
                } else {
                    // the parser reads a string's text only when asked: read it, so the location is past it
                    parser.finishToken();
                }
                int end = (int) parser.currentLocation().getCharOffset();
                fields.put(name, json.substring(start, end));
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new IOException("not one JSON object");
            }
        }
        return new RawJsonFields(fields);
    }

    /** A field's value as written, or null when absent. */
    String get(String name) {
        return fields.get(name);
    }

    boolean has(String name) {
        return fields.containsKey(name);
    }

    /** Sets a field to a JSON value given as text; a new field goes last. */
    RawJsonFields with(String name, String rawValue) {
        fields.put(name, rawValue);
        return this;
    }

    RawJsonFields without(String... names) {
        for (String name : names) {
            fields.remove(name);
        }
        return this;
    }

    String toJson() {
        StringJoiner json = new StringJoiner(",", "{", "}");
        fields.forEach((name, value) -> json.add(Json.write(name) + ":" + value));
        return json.toString();
    }
}
