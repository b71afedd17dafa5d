package io.secretjdbc.sql;

import java.util.Locale;
import java.util.Set;

/**
 * Function names common to SQL databases, which a refusal may name. Any other function name is a
 * token of the statement that may be anything (a secret in an unexpected quoting), so it is not shown.
 */
final class SqlFunctions {

    private static final Set<String> STANDARD = Set.of(
            "abs", "cast", "char", "char_length", "coalesce", "concat", "concat_ws", "convert", "current_date",
            "current_timestamp", "date", "decode", "encode", "format", "greatest", "hex", "ifnull", "instr", "least",
            "left", "length", "lower", "lpad", "ltrim", "max", "md5", "min", "now", "nullif", "nvl", "position",
            "printf", "quote", "random", "repeat", "replace", "reverse", "right", "round", "rpad", "rtrim", "sha1",
            "sha2", "strftime", "substr", "substring", "sum", "to_char", "translate", "trim", "unhex", "upper",
            "uuid", "avg", "count", "group_concat", "string_agg", "json_extract", "json_object", "to_hex",
            "digest", "crypt", "aes_encrypt", "aes_decrypt", "from_base64", "to_base64", "base64", "unbase64");

    private SqlFunctions() {
    }

    static boolean isStandard(String name) {
        return name != null && STANDARD.contains(name.toLowerCase(Locale.ROOT));
    }
}
