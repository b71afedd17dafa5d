package io.secretjdbc.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI's JSON output as data: parsed strictly (one document, nothing after it, standard JSON only),
 * then read as fields and values, so a test asserts what a program reading the output would see.
 */
final class JsonOutput {

    private JsonOutput() {
    }

    /** The whole output, which must be one strict JSON document. */
    static JsonElement parse(String out) {
        try (JsonReader reader = new JsonReader(new StringReader(out))) {
            reader.setStrictness(Strictness.STRICT);
            JsonElement document = JsonParser.parseReader(reader);
            assertThat(reader.peek()).as("nothing after the JSON document in:\n" + out).isEqualTo(JsonToken.END_DOCUMENT);
            return document;
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + out, e);
        }
    }

    /** The one entry of {@code scan --json} or {@code guard --json} for {@code table.column}, as fields. */
    static Map<String, Object> column(String out, String table, String column) {
        JsonArray columns = parse(out).getAsJsonObject().getAsJsonArray("columns");
        List<Map<String, Object>> matches = new ArrayList<>();
        for (JsonElement e : columns) {
            Map<String, Object> fields = fields(e.getAsJsonObject());
            if (table.equals(fields.get("table")) && column.equals(fields.get("column"))) {
                matches.add(fields);
            }
        }
        assertThat(matches).as(table + "." + column + " in " + out).hasSize(1);
        return matches.get(0);
    }

    /** The rows of {@code query --format json}, each as its fields. */
    static List<Map<String, Object>> rows(String out) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonElement e : parse(out).getAsJsonArray()) {
            rows.add(fields(e.getAsJsonObject()));
        }
        return rows;
    }

    /**
     * An object's members in order: JSON strings as String, integral numbers as Long, other numbers as
     * Double, booleans as Boolean, null as null (nested values stay JsonElements).
     */
    static Map<String, Object> fields(JsonObject object) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> member : object.entrySet()) {
            fields.put(member.getKey(), value(member.getValue()));
        }
        return fields;
    }

    private static Object value(JsonElement e) {
        if (e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonPrimitive()) {
            return e;
        }
        var p = e.getAsJsonPrimitive();
        if (p.isBoolean()) {
            return p.getAsBoolean();
        }
        if (p.isNumber()) {
            double d = p.getAsDouble();
            return d == Math.rint(d) && !p.getAsString().contains(".") ? (Object) p.getAsLong() : (Object) d;
        }
        return p.getAsString();
    }
}
