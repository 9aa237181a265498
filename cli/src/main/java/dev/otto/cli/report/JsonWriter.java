package dev.otto.cli.report;

import dev.otto.flows.io.Json;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes maps, lists, strings, numbers and booleans as indented JSON (RFC 8259), the format of
 * {@code metrics.json}, {@code otto eval --json} and {@code otto verify --json}.
 *
 * <p>Numbers. A finite double is written as the shortest decimal that reads back to the same double
 * ({@link Double#toString(double)}, with a lower-case exponent: {@code 9.88e-10}, {@code 1.0e9},
 * {@code -0.0}), so any standard parser (Java's {@link Double#parseDouble}, Python's {@code json})
 * gets back exactly the double that was written. Integers ({@code Integer}, {@code Long}) are
 * written as they are. JSON has no NaN or infinity; they are written as the strings
 * {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"}, which keep the document valid, keep
 * the sign of an infinity, and which Python's {@code float(...)} and Java's
 * {@link Double#parseDouble} both read back.
 */
public final class JsonWriter {

    private JsonWriter() {
    }

    /** The JSON text of {@code value}. */
    public static String write(Object value) {
        StringBuilder b = new StringBuilder();
        value(b, value, 0);
        return b.append('\n').toString();
    }

    private static void value(StringBuilder b, Object v, int depth) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof String s) {
            string(b, s);
        } else if (v instanceof Boolean bool) {
            b.append(bool);
        } else if (v instanceof Integer || v instanceof Long) {
            b.append(v);
        } else if (v instanceof Number n) {
            b.append(number(n.doubleValue()));
        } else if (v instanceof Map<?, ?> m) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                b.append(first ? "\n" : ",\n");
                first = false;
                indent(b, depth + 1);
                string(b, String.valueOf(e.getKey()));
                b.append(": ");
                value(b, e.getValue(), depth + 1);
            }
            if (!first) {
                b.append('\n');
                indent(b, depth);
            }
            b.append('}');
        } else if (v instanceof List<?> l) {
            b.append('[');
            for (int i = 0; i < l.size(); i++) {
                b.append(i == 0 ? "" : ", ");
                value(b, l.get(i), depth + 1);
            }
            b.append(']');
        } else if (v instanceof double[] a) {
            b.append('[');
            for (int i = 0; i < a.length; i++) {
                b.append(i == 0 ? "" : ", ");
                value(b, a[i], depth + 1);
            }
            b.append(']');
        } else {
            throw new IllegalArgumentException("value: cannot write a " + v.getClass().getName() + " as JSON");
        }
    }

    /**
     * The JSON spelling of {@code d}: the shortest round-tripping decimal for a finite value, the
     * quoted strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"} otherwise (see the class
     * documentation).
     */
    public static String number(double d) {
        return Json.number(d);
    }

    private static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    private static void indent(StringBuilder b, int depth) {
        b.append("  ".repeat(depth));
    }
}
