package dev.otto.flows.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's configuration with JSON-typed values (docs/model-format.md, "Configuration"): integers
 * as {@link Long}, other numbers as {@link Double}, booleans, strings, and lists of numbers (layer
 * widths, JKO step sizes) as lists. It is stored in a model file as one JSON object under
 * {@value ModelFile#CONFIG_KEY}; files of the first schema, which stored each entry as a string,
 * are read into the same form by {@link LegacyModelConfig}.
 *
 * <p>The accessors name the model kind and the entry in their errors, so a damaged file is refused
 * with one line saying which entry is missing or of the wrong type.
 */
public final class ModelConfig {

    private final String kind;
    private final Map<String, Object> values;

    /**
     * @param kind   the model kind, named in errors
     * @param values the entries: Long, Integer, Double, Boolean, String or a list of numbers each
     *               (integers are kept as Long)
     * @throws IllegalArgumentException for a value of another type
     */
    public ModelConfig(String kind, Map<String, ?> values) {
        this.kind = kind;
        Map<String, Object> v = new LinkedHashMap<>();
        values.forEach((k, x) -> v.put(k, normalised(k, x)));
        this.values = Collections.unmodifiableMap(v);
    }

    private static Object normalised(String key, Object x) {
        if (x instanceof Integer i) {
            return i.longValue();
        }
        if (x instanceof Long || x instanceof Double || x instanceof Boolean || x instanceof String) {
            return x;
        }
        if (x instanceof int[] a) {
            List<Object> l = new ArrayList<>();
            for (int e : a) {
                l.add((long) e);
            }
            return Collections.unmodifiableList(l);
        }
        if (x instanceof double[] a) {
            List<Object> l = new ArrayList<>();
            for (double e : a) {
                l.add(e);
            }
            return Collections.unmodifiableList(l);
        }
        if (x instanceof List<?> list) {
            List<Object> l = new ArrayList<>();
            for (Object e : list) {
                l.add(normalised(key, e));
            }
            return Collections.unmodifiableList(l);
        }
        throw new IllegalArgumentException("config: entry '" + key + "' has a value of unsupported type "
                + (x == null ? "null" : x.getClass().getSimpleName()));
    }

    /** The entries in their order, JSON-typed (unmodifiable). */
    public Map<String, Object> values() {
        return values;
    }

    /** Whether the configuration has an entry {@code key}. */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** An integer entry (a JSON number without a fraction). */
    public int integer(String key) {
        Object v = require(key);
        if (v instanceof Long l && l == (int) (long) l) {
            return (int) (long) l;
        }
        throw wrongType(key, "an integer", v);
    }

    /** A long integer entry (such as a seed). */
    public long longInteger(String key) {
        Object v = require(key);
        if (v instanceof Long l) {
            return l;
        }
        throw wrongType(key, "an integer", v);
    }

    /** A number entry: a JSON number, or the string "NaN", "Infinity" or "-Infinity" ({@link Json#number}). */
    public double number(String key) {
        return toDouble(key, require(key));
    }

    /** A number entry, or {@code absent} when the configuration has none. */
    public double number(String key, double absent) {
        return has(key) ? number(key) : absent;
    }

    /** A boolean entry. */
    public boolean bool(String key) {
        Object v = require(key);
        if (v instanceof Boolean b) {
            return b;
        }
        throw wrongType(key, "true or false", v);
    }

    /** A string entry. */
    public String string(String key) {
        Object v = require(key);
        if (v instanceof String s) {
            return s;
        }
        throw wrongType(key, "a string", v);
    }

    /** A list of integers (layer widths). */
    public int[] integers(String key) {
        List<?> l = list(key);
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) {
            Object e = l.get(i);
            if (!(e instanceof Long x) || x != (int) (long) x) {
                throw wrongType(key, "a list of integers", l);
            }
            out[i] = (int) (long) x;
        }
        return out;
    }

    /** A list of numbers. */
    public double[] numbers(String key) {
        List<?> l = list(key);
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = toDouble(key, l.get(i));
        }
        return out;
    }

    private List<?> list(String key) {
        Object v = require(key);
        if (v instanceof List<?> l) {
            return l;
        }
        throw wrongType(key, "a list", v);
    }

    private double toDouble(String key, Object v) {
        if (v instanceof Long || v instanceof Double
                || (v instanceof String s && (s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity")))) {
            return Json.toDouble(v, key);
        }
        throw wrongType(key, "a number", v);
    }

    private Object require(String key) {
        Object v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("model file of kind '" + kind + "' has no configuration entry '"
                    + key + "'");
        }
        return v;
    }

    private IllegalArgumentException wrongType(String key, String expected, Object got) {
        return new IllegalArgumentException("model file of kind '" + kind + "': configuration entry '" + key
                + "' should be " + expected + ", got " + Json.write(got));
    }

    /** The configuration as one compact JSON object. */
    public String toJson() {
        return Json.write(values);
    }

    @Override
    public String toString() {
        return toJson();
    }
}
