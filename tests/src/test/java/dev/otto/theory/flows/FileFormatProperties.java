package dev.otto.theory.flows;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.io.CorruptFileException;
import dev.otto.flows.io.Csv;
import dev.otto.flows.io.Npy;
import dev.otto.flows.io.SafeTensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

/**
 * The file formats carry float64 data unchanged (DESIGN.md io; MATH.md section 7 figures are
 * computed from them): .npy and safetensors round trips are bitwise exact for every bit pattern,
 * including NaN payloads, infinities, -0.0 and subnormals; CSV round trips are exact as values;
 * every truncation of a valid file is reported as corrupt, never read as data.
 */
class FileFormatProperties {

    private static final double[] SPECIAL = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL), Double.MAX_VALUE,
        Double.longBitsToDouble(0x7ff0_0000_0000_0001L), Double.longBitsToDouble(0xfff8_dead_beef_0001L), 1.0 / 3};

    /** A tensor whose entries are arbitrary bit patterns mixed with special values. */
    static Tensor anyBits(int rows, int cols, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextInt(3) == 0 ? SPECIAL[rng.nextInt(SPECIAL.length)] : Double.longBitsToDouble(rng.nextLong());
        }
        return Tensor.wrap(rows, cols, v);
    }

    static void assertBitwise(Tensor a, Tensor b) {
        assertEquals(a.shape(), b.shape());
        double[] x = a.toArray();
        double[] y = b.toArray();
        for (int i = 0; i < x.length; i++) {
            assertEquals(Double.doubleToRawLongBits(x[i]), Double.doubleToRawLongBits(y[i]), "entry " + i);
        }
    }

    /** .npy encode/decode is the identity on bit patterns, for every shape up to 40 x 40. */
    @Property(tries = 150)
    @Tag("contracts.file-formats")
    void npyRoundTripIsBitwiseExact(@ForAll @IntRange(min = 1, max = 40) int rows,
                                    @ForAll @IntRange(min = 1, max = 40) int cols, @ForAll long seed) throws Exception {
        Tensor x = anyBits(rows, cols, seed);
        byte[] bytes = Npy.encode(new Npy.Array(new int[] {rows, cols}, x.toArray()));
        assertEquals(0, (bytes.length - 8 * rows * cols) % 64, "data start 64-byte aligned");
        assertBitwise(x, Npy.decode(bytes, "x.npy").toTensor());
    }

    /** The same through the file system (atomic write, read back), on a few shapes. */
    @Property(tries = 10)
    @Tag("contracts.file-formats")
    void npyFileRoundTripIsBitwiseExact(@ForAll @IntRange(min = 1, max = 9) int rows, @ForAll long seed) throws Exception {
        Path dir = Files.createTempDirectory("otto-npy");
        try {
            Path f = dir.resolve("x.npy");
            Tensor x = anyBits(rows, 3, seed);
            Npy.write(f, x);
            assertBitwise(x, Npy.read(f));
        } finally {
            try (var s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings().ofMinLength(1).ofMaxLength(12)
                .withChars("abc.\"\\/\n\t\u00e9\u4e2d\u0001 ").withCharRange('0', '9')
                .filter(s -> !s.equals(SafeTensors.METADATA_KEY));
    }

    /**
     * Safetensors encode/decode keeps names (with quotes, backslashes, control and non-ASCII
     * characters, which exercise the JSON escaping), their order, shapes, every bit pattern and the
     * metadata, and adds the format version.
     */
    @Property(tries = 100)
    @Tag("contracts.file-formats")
    void safetensorsRoundTripIsBitwiseExact(@ForAll("names") String a, @ForAll("names") String b,
                                            @ForAll @IntRange(min = 1, max = 12) int rows,
                                            @ForAll @IntRange(min = 1, max = 12) int cols,
                                            @ForAll("names") String metaValue, @ForAll long seed) throws Exception {
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put(a, anyBits(rows, cols, seed));
        in.put(b + "_2", anyBits(cols, rows, seed + 1));
        byte[] bytes = SafeTensors.encode(in, Map.of("config", metaValue));
        SafeTensors.Contents out = SafeTensors.decode(bytes, "m.safetensors");
        assertEquals(List.copyOf(in.keySet()), List.copyOf(out.tensors().keySet()));
        for (String k : in.keySet()) {
            assertBitwise(in.get(k), out.tensor(k));
        }
        assertEquals(metaValue, out.metadata().get("config"));
        assertEquals("1", out.metadata().get(SafeTensors.FORMAT_KEY));
    }

    /**
     * Every proper prefix of a valid .npy or safetensors file raises CorruptFileException naming the
     * source: a truncated download is never read as (fewer) data.
     */
    @Property(tries = 150)
    @Tag("contracts.file-formats")
    void everyTruncationIsReportedAsCorrupt(@ForAll @IntRange(min = 1, max = 6) int rows, @ForAll long seed) {
        Tensor x = anyBits(rows, 2, seed);
        byte[] npy = Npy.encode(new Npy.Array(new int[] {rows, 2}, x.toArray()));
        byte[] st = SafeTensors.encode(Map.of("x", x), Map.of());
        SplittableRandom rng = new SplittableRandom(seed);
        int cutNpy = rng.nextInt(npy.length);
        int cutSt = rng.nextInt(st.length);
        CorruptFileException e = assertThrows(CorruptFileException.class,
                () -> Npy.decode(Arrays.copyOf(npy, cutNpy), "x.npy"));
        assertTrue(e.getMessage().startsWith("x.npy: "), e.getMessage());
        e = assertThrows(CorruptFileException.class, () -> SafeTensors.decode(Arrays.copyOf(st, cutSt), "x.safetensors"));
        assertTrue(e.getMessage().startsWith("x.safetensors: "), e.getMessage());
    }

    /**
     * CSV round trip is exact as values: Double.toString is the shortest decimal that parses back to
     * the same double, so finite values keep their bits, infinities stay infinite, NaN stays NaN
     * (its payload is not representable in text).
     */
    @Property(tries = 20)
    @Tag("contracts.file-formats")
    void csvRoundTripIsExact(@ForAll @IntRange(min = 1, max = 15) int rows,
                             @ForAll @IntRange(min = 1, max = 5) int cols, @ForAll long seed) throws Exception {
        Tensor x = anyBits(rows, cols, seed);
        Path f = Files.createTempFile("otto", ".csv");
        try {
            List<String> header = new java.util.ArrayList<>();
            for (int j = 0; j < cols; j++) {
                header.add("c" + j);
            }
            Csv.write(f, x, header);
            Csv.Table t = Csv.read(f);
            assertEquals(header, t.header());
            double[] a = x.toArray();
            double[] b = t.values().toArray();
            assertEquals(x.shape(), t.values().shape());
            for (int i = 0; i < a.length; i++) {
                if (Double.isNaN(a[i])) {
                    assertTrue(Double.isNaN(b[i]));
                } else {
                    assertEquals(Double.doubleToRawLongBits(a[i]), Double.doubleToRawLongBits(b[i]), "entry " + i);
                }
            }
        } finally {
            Files.deleteIfExists(f);
        }
    }

    /** A 1-D .npy array of length n reads as an n x 1 column (a batch of n values), entries unchanged. */
    @Property(tries = 30)
    @Tag("contracts.file-formats")
    void oneDimensionalArraysAreColumns(@ForAll @IntRange(min = 1, max = 50) int n, @ForAll long seed) throws Exception {
        Tensor x = anyBits(1, n, seed);
        Npy.Array a = Npy.decode(Npy.encode(new Npy.Array(new int[] {n}, x.toArray())), "v.npy");
        assertArrayEquals(new int[] {n}, a.shape());
        Tensor t = a.toTensor();
        assertEquals(n + "x1", t.shape());
        assertBitwise(Tensor.wrap(n, 1, x.toArray()), t);
    }
}
