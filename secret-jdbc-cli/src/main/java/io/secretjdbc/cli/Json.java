package io.secretjdbc.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.stream.JsonWriter;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The JSON of {@code --json} and {@code --format json}, written by Gson (escaping, nesting and numbers
 * are its business, not ours): indented two spaces, null members kept, no HTML escaping (the output is
 * read by programs and people, never embedded in a page).
 */
final class Json {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls()
            .create();

    /** Writes one JSON document. */
    @FunctionalInterface
    interface Document {
        void write(JsonWriter json) throws IOException, SQLException;
    }

    private Json() {
    }

    /** Writes {@code document} to {@code out}, then a line end. */
    static void print(PrintWriter out, Document document) throws SQLException {
        try {
            JsonWriter json = GSON.newJsonWriter(out);
            document.write(json);
            json.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println();
    }

    /**
     * A value read from a result set: booleans and numbers a double holds exactly stay JSON numbers
     * (NaN, infinities and long decimals become their text, which JSON numbers cannot carry), everything
     * else is its text from {@code getString}.
     */
    static void value(JsonWriter json, ResultSet rows, int column) throws IOException, SQLException {
        Object value = rows.getObject(column);
        if (value == null) {
            json.nullValue();
        } else if (value instanceof Boolean b) {
            json.value(b);
        } else if (value instanceof Number number && Double.isFinite(number.doubleValue())
                && !(value instanceof BigDecimal big && big.precision() > 15)) {
            json.value(number);
        } else {
            json.value(rows.getString(column));
        }
    }
}
