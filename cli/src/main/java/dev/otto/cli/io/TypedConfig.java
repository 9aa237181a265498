package dev.otto.cli.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model file's configuration (string pairs, see {@code dev.otto.flows.io.ModelFile}) with each
 * value given its JSON type: integers and other numbers, true/false, lists of numbers (stored as
 * {@code "64,64"} by one family and {@code "[48, 48, 48]"} by another) as arrays, anything else as
 * a string. Keys are kept as they are.
 */
public final class TypedConfig {

    private TypedConfig() {
    }

    /** Every value of {@code config} typed (see the class documentation), in the same order. */
    public static Map<String, Object> of(Map<String, String> config) {
        Map<String, Object> typed = new LinkedHashMap<>();
        config.forEach((k, v) -> typed.put(k, value(v)));
        return typed;
    }

    /** The JSON-typed value of one configuration string. */
    public static Object value(String s) {
        String t = s.strip();
        if (t.equals("true") || t.equals("false")) {
            return Boolean.valueOf(t);
        }
        Object number = number(t);
        if (number != null) {
            return number;
        }
        String inner = t.startsWith("[") && t.endsWith("]") ? t.substring(1, t.length() - 1) : t;
        if (inner.contains(",") || t.startsWith("[")) {
            List<Object> items = new ArrayList<>();
            for (String part : inner.split(",", -1)) {
                Object n = number(part.strip());
                if (n == null) {
                    return s;
                }
                items.add(n);
            }
            return inner.isBlank() ? List.of() : items;
        }
        return s;
    }

    /** A Long for an integer, a Double for another decimal number, null otherwise. */
    private static Object number(String t) {
        if (t.matches("-?(0|[1-9][0-9]{0,17})")) {
            return Long.parseLong(t);
        }
        if (t.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
            return Double.parseDouble(t);
        }
        return null;
    }
}
