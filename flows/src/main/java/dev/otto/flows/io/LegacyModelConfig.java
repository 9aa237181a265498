package dev.otto.flows.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the configuration of a model file of the first schema (no {@value ModelFile#SCHEMA_KEY}
 * entry), which stored every entry as a string under its own {@value ModelFile#LEGACY_CONFIG_PREFIX}
 * key with spellings that differed between families (widths as {@code "64,64"} in one and
 * {@code "[48, 48, 48]"} in another, keys such as {@code "iterations done"}), into the typed
 * configuration of the current schema (docs/model-format.md, "Files of the first schema"):
 * keys renamed, widths and step sizes as lists, integers, numbers and booleans typed, everything
 * else kept as a string.
 */
final class LegacyModelConfig {

    /** First-schema key to current key (the proximal family's abbreviations and spaced keys). */
    private static final Map<String, String> RENAMED = Map.ofEntries(
            Map.entry("dim", "dimension"),
            Map.entry("T", "horizon"),
            Map.entry("K", "eulerSteps"),
            Map.entry("L", "lipschitz"),
            Map.entry("phiHidden", "hidden"),
            Map.entry("phiActivation", "activation"),
            Map.entry("phiScale", "potentialScale"),
            Map.entry("gHidden", "discriminatorHidden"),
            Map.entry("nD", "discriminatorSteps"),
            Map.entry("lrD", "discriminatorLearningRate"),
            Map.entry("lrG", "generatorLearningRate"),
            Map.entry("iterations done", "iterationsDone"),
            Map.entry("D objective", "discriminatorObjective"),
            Map.entry("objective ceiling", "objectiveCeiling"));

    /** Current keys whose values are lists, even of one entry. */
    private static final List<String> LISTS = List.of("hidden", "discriminatorHidden", "steps", "blockRkSteps",
            "blockStepSizes");

    /** How the interpolation family described its time input: the time as the last input column. */
    private static final String LAST_COLUMN = "concatenated last column";

    private LegacyModelConfig() {
    }

    /** The typed configuration of first-schema entries (keys without their prefix). */
    static ModelConfig of(String kind, Map<String, String> legacy) {
        Map<String, Object> typed = new LinkedHashMap<>();
        legacy.forEach((k, v) -> {
            String key = RENAMED.getOrDefault(k, k);
            typed.put(key, LISTS.contains(key) ? list(v) : key.equals("timeInput") && v.equals(LAST_COLUMN)
                    ? Boolean.TRUE : scalar(v));
        });
        return new ModelConfig(kind, typed);
    }

    /** A list written as "a,b,c" or "[a, b, c]" (empty for "" or "[]"); a non-number is kept as a string. */
    private static Object list(String s) {
        String t = s.strip();
        String inner = t.startsWith("[") && t.endsWith("]") ? t.substring(1, t.length() - 1) : t;
        List<Object> items = new ArrayList<>();
        if (inner.isBlank()) {
            return items;
        }
        for (String part : inner.split(",", -1)) {
            Object n = number(part.strip());
            if (n == null) {
                return s;
            }
            items.add(n);
        }
        return items;
    }

    /** true/false, an integer, another number, or the string itself. */
    private static Object scalar(String s) {
        String t = s.strip();
        if (t.equals("true") || t.equals("false")) {
            return Boolean.valueOf(t);
        }
        Object n = number(t);
        return n != null ? n : s;
    }

    /** A Long for an integer, a Double for another decimal number (NaN included), null otherwise. */
    private static Object number(String t) {
        if (t.matches("-?(0|[1-9][0-9]{0,17})")) {
            return Long.parseLong(t);
        }
        if (t.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?") || t.equals("NaN")
                || t.equals("Infinity") || t.equals("-Infinity")) {
            return Double.parseDouble(t);
        }
        return null;
    }
}
