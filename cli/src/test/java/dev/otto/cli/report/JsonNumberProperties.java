package dev.otto.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The numbers {@link JsonWriter} writes read back exactly: for every finite double x, parsing the
 * written text gives a double with the same bits as x (so -0.0 stays -0.0, subnormals and the
 * extremes survive). The tolerance is zero: the writer promises the shortest round-tripping
 * decimal, nothing approximate. Doubles are drawn from their raw bit patterns, which covers every
 * binade uniformly (jqwik's default doubles cluster near zero).
 */
class JsonNumberProperties {

    /** RFC 8259's number grammar: -? int frac? exp?. */
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @Provide
    Arbitrary<Double> finiteDoubles() {
        return Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite)
                .edgeCases(c -> c.add(0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, Double.MIN_NORMAL, 9.88e-10, 1e9,
                        1e-300, 1e300, 1.0, 100.0));
    }

    @Property(tries = 5000)
    void everyFiniteDoubleReadsBackToItself(@ForAll("finiteDoubles") double x) {
        String text = JsonWriter.number(x);
        assertTrue(JSON_NUMBER.matcher(text).matches(), "not a JSON number: " + text);
        assertEquals(Double.doubleToRawLongBits(x), Double.doubleToRawLongBits(Double.parseDouble(text)),
                x + " written as " + text);
    }

    @Example
    void theNumbersThatWereTruncated() {
        assertEquals("9.88e-10", JsonWriter.number(9.88e-10));
        assertEquals(1e9, Double.parseDouble(JsonWriter.number(1e9)));
        assertEquals(1e-9, Double.parseDouble(JsonWriter.number(1e-9)));
        assertEquals(100.0, Double.parseDouble(JsonWriter.number(100.0)));
    }

    @Example
    void nonFiniteValuesAreStrings() {
        assertEquals("[\"NaN\", \"Infinity\", \"-Infinity\"]\n",
                JsonWriter.write(List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)));
    }

    /**
     * The same by Python's {@code json} module, where /usr/bin/python3 exists: 20,000 bit patterns
     * and the extremes, compared bit for bit through {@code struct}.
     */
    @Example
    void pythonReadsTheSameDoubles() throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(PYTHON), "skipped: /usr/bin/python3 is not installed");
        SplittableRandom rng = new SplittableRandom(16);
        List<Double> values = new ArrayList<>(List.of(0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE,
                Double.MIN_NORMAL, 9.88e-10, 1e9, 1e22, 1e23, 5e-324));
        while (values.size() < 20_000) {
            double x = Double.longBitsToDouble(rng.nextLong());
            if (Double.isFinite(x)) {
                values.add(x);
            }
        }
        List<String> bits = values.stream().map(v -> Long.toString(Double.doubleToRawLongBits(v))).toList();
        Path dir = Files.createTempDirectory("json-python");
        try {
            Path json = dir.resolve("numbers.json");
            Files.writeString(json, JsonWriter.write(Map.of("values", values, "bits", bits)), StandardCharsets.UTF_8);
            String script = "import json, struct, sys\n"
                    + "d = json.load(open(sys.argv[1]))\n"
                    + "bad = [i for i, (v, b) in enumerate(zip(d['values'], d['bits']))\n"
                    + "       if struct.pack('<d', v) != struct.pack('<q', int(b))]\n"
                    + "print(len(d['values']), len(bad), bad[:5])\n";
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", script, json.toString()).redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python did not finish");
            assertEquals(values.size() + " 0 []", out, "python's json read different doubles");
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
