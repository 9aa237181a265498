package dev.otto.flows.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.otto.autodiff.Tensor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IoTest {

    @TempDir
    Path dir;

    private static Map<String, Tensor> model() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("layer0.weight", Tensor.of(2, 3, 1, 2, 3, 4, 5, -0.0));
        m.put("layer0.bias", Tensor.of(1, 3, Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE));
        return m;
    }

    @Test
    void safetensorsRoundTripKeepsNamesOrderValuesAndMetadata() throws Exception {
        Path f = dir.resolve("m.safetensors");
        SafeTensors.write(f, model(), Map.of("config", "{\"width\": 64}"));
        SafeTensors.Contents c = SafeTensors.read(f);
        assertEquals(List.of("layer0.weight", "layer0.bias"), List.copyOf(c.tensors().keySet()));
        assertEquals("1", c.metadata().get("otto.format"));
        assertEquals("{\"width\": 64}", c.metadata().get("config"));
        assertTrue(c.tensor("layer0.weight").valueEquals(model().get("layer0.weight")));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(c.tensor("layer0.weight").get(1, 2)));
        byte[] bytes = Files.readAllBytes(f);
        long n = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8, "header padded so the data are 8-byte aligned");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.tensor("nope"));
        assertTrue(e.getMessage().contains("layer0.bias"), e.getMessage());
    }

    @Test
    void safetensorsDefectsAreNamedWithTheFile() throws Exception {
        byte[] good = SafeTensors.encode(model(), Map.of());
        String header = new String(good, 8, (int) (good.length - 8 - 72), StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"__metadata__\":{\"otto.format\":\"1\"}"), header);

        CorruptFileException e = assertThrows(CorruptFileException.class,
                () -> SafeTensors.decode(Arrays.copyOf(good, good.length - 1), "m.safetensors"));
        assertTrue(e.getMessage().startsWith("m.safetensors: truncated: tensor 'layer0.bias' needs bytes up to 72"),
                e.getMessage());
        e = assertThrows(CorruptFileException.class, () -> SafeTensors.decode(Arrays.copyOf(good, 5), "m"));
        assertTrue(e.getMessage().contains("shorter than the 8-byte header length"), e.getMessage());
        e = assertThrows(CorruptFileException.class, () -> SafeTensors.decode(Arrays.copyOf(good, 40), "m"));
        assertTrue(e.getMessage().contains("truncated: the header claims"), e.getMessage());

        byte[] longer = Arrays.copyOf(good, good.length + 8);
        e = assertThrows(CorruptFileException.class, () -> SafeTensors.decode(longer, "m"));
        assertTrue(e.getMessage().contains("trailing bytes"), e.getMessage());

        byte[] f32 = replaceInHeader(good, "\"F64\",\"shape\":[1,3]", "\"I64\",\"shape\":[1,3]");
        e = assertThrows(CorruptFileException.class, () -> SafeTensors.decode(f32, "m"));
        assertTrue(e.getMessage().contains("dtype I64 is not supported"), e.getMessage());

        byte[] v2 = replaceInHeader(good, "\"otto.format\":\"1\"", "\"otto.format\":\"2\"");
        e = assertThrows(CorruptFileException.class, () -> SafeTensors.decode(v2, "m"));
        assertTrue(e.getMessage().contains("format version otto.format = \"2\" is not supported"), e.getMessage());

        byte[] broken = replaceInHeader(good, "{\"__metadata__\"", "[\"__metadata__\"");
        e = assertThrows(CorruptFileException.class, () -> SafeTensors.decode(broken, "m"));
        assertTrue(e.getMessage().startsWith("m: corrupt header"), e.getMessage());
    }

    private static byte[] replaceInHeader(byte[] file, String from, String to) {
        assertEquals(from.length(), to.length());
        String s = new String(file, StandardCharsets.ISO_8859_1);
        assertTrue(s.contains(from));
        return s.replace(from, to).getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void safetensorsReadsPythonStyleFilesF32Rank1AndNoVersion() throws Exception {
        String header = "{\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[16,24]},"
                + "\"a\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[0,8]},"
                + "\"c\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + h.length + 24).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).putDouble(2.5).putDouble(-1).putFloat(0.1f).putFloat(3f);
        SafeTensors.Contents c = SafeTensors.decode(b.array(), "py");
        assertEquals(2.5, c.tensor("a").item());
        assertEquals("2x1", c.tensor("b").shape());
        assertEquals((double) 0.1f, c.tensor("b").get(0, 0));
        assertTrue(c.metadata().isEmpty());
    }

    @Test
    void npyRoundTripAndHeaderLayout() throws Exception {
        Path f = dir.resolve("x.npy");
        Tensor x = Tensor.of(2, 2, 1, -0.0, Double.NaN, Double.MIN_VALUE);
        Npy.write(f, x);
        byte[] bytes = Files.readAllBytes(f);
        int hl = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        assertEquals(0, (10 + hl) % 64);
        String header = new String(bytes, 10, hl, StandardCharsets.US_ASCII);
        assertTrue(header.startsWith("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }"), header);
        assertTrue(header.endsWith("\n"));
        Tensor y = Npy.read(f);
        for (int i = 0; i < 4; i++) {
            assertEquals(Double.doubleToRawLongBits(x.toArray()[i]), Double.doubleToRawLongBits(y.toArray()[i]));
        }
        Npy.writeVector(f, new double[] {1, 2, 3});
        assertArrayEquals(new int[] {3}, Npy.readArray(f).shape());
        assertEquals("3x1", Npy.read(f).shape());
        String h1 = new String(Npy.encode(new Npy.Array(new int[] {3}, new double[3])), 10, 60, StandardCharsets.US_ASCII);
        assertTrue(h1.contains("'shape': (3,), }"), h1);
    }

    @Test
    void npyRejectsOtherDtypesAndTruncationNamingTheFile() {
        byte[] good = Npy.encode(new Npy.Array(new int[] {2, 3}, new double[6]));
        String s = new String(good, StandardCharsets.ISO_8859_1).replace("'<f8'", "'<c8'");
        CorruptFileException e = assertThrows(CorruptFileException.class,
                () -> Npy.decode(s.getBytes(StandardCharsets.ISO_8859_1), "a.npy"));
        assertTrue(e.getMessage().startsWith("a.npy: dtype '<c8' is not supported"), e.getMessage());
        e = assertThrows(CorruptFileException.class, () -> Npy.decode(Arrays.copyOf(good, good.length - 3), "a.npy"));
        assertTrue(e.getMessage().startsWith("a.npy: truncated: shape [2, 3] needs 48 data bytes, the file has 45"),
                e.getMessage());
        e = assertThrows(CorruptFileException.class, () -> Npy.decode(new byte[] {1, 2, 3}, "a.npy"));
        assertTrue(e.getMessage().contains("not a .npy file"), e.getMessage());
    }

    @Test
    void npyReadsFortranOrder() throws Exception {
        byte[] c = Npy.encode(new Npy.Array(new int[] {2, 3}, new double[] {1, 3, 5, 2, 4, 6}));
        String s = new String(c, StandardCharsets.ISO_8859_1).replace("False", "True ");
        Npy.Array a = Npy.decode(s.getBytes(StandardCharsets.ISO_8859_1), "f.npy");
        // stored column-major 1,3,5,2,4,6 of a 2x3 array = [[1,5,4],[3,2,6]]
        assertArrayEquals(new double[] {1, 5, 4, 3, 2, 6}, a.data());
    }

    @Test
    void csvRoundTripWithAndWithoutHeader() throws Exception {
        Path f = dir.resolve("x.csv");
        Tensor x = Tensor.of(2, 2, 0.1, -1e-300, Double.NaN, Double.NEGATIVE_INFINITY);
        Csv.write(f, x, List.of("x", "y"));
        Csv.Table t = Csv.read(f);
        assertEquals(List.of("x", "y"), t.header());
        assertTrue(t.values().valueEquals(x));
        Csv.write(f, x);
        assertTrue(Csv.read(f).header().isEmpty());
        Files.writeString(f, "a,b\n1,2\nnan,-inf\n\n");
        assertTrue(Csv.read(f).values().valueEquals(Tensor.of(2, 2, 1, 2, Double.NaN, Double.NEGATIVE_INFINITY)));
        Files.writeString(f, "1,2\n3\n");
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> Csv.read(f));
        assertTrue(e.getMessage().equals(f + ": line 2: expected 2 fields, got 1"), e.getMessage());
        Files.writeString(f, "1,2\n3,x\n");
        e = assertThrows(CorruptFileException.class, () -> Csv.read(f));
        assertTrue(e.getMessage().contains("line 2 field 2: expected a number, got \"x\""), e.getMessage());
    }

    @Test
    void csvHeaderIsDeclaredOrRecognisedOnlyWhenNoFieldIsANumber() throws Exception {
        Path f = dir.resolve("h.csv");
        Files.writeString(f, "\n1,2o\n3,4\n");
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> Csv.read(f));
        assertTrue(e.getMessage().startsWith(f + ": line 2 field 2: expected a number, got \"2o\" (the first line mixes"),
                e.getMessage());
        Csv.Table t = Csv.read(f, Csv.Header.PRESENT);
        assertEquals(List.of("1", "2o"), t.header());
        assertTrue(t.values().valueEquals(Tensor.of(1, 2, 3, 4)));
        e = assertThrows(CorruptFileException.class, () -> Csv.read(f, Csv.Header.ABSENT));
        assertTrue(e.getMessage().contains("line 2 field 2: expected a number"), e.getMessage());
        Files.writeString(f, "1,2\n3,4\n");
        assertEquals(List.of("1", "2"), Csv.read(f, Csv.Header.PRESENT).header());
        assertEquals(2, Csv.read(f, Csv.Header.AUTO).values().rows());
        Files.writeString(f, "x,y\n3,4\n");
        assertEquals(List.of("x", "y"), Csv.read(f, Csv.Header.AUTO).header());
        e = assertThrows(CorruptFileException.class, () -> Csv.read(f, Csv.Header.ABSENT));
        assertTrue(e.getMessage().contains("line 1 field 1: expected a number, got \"x\""), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Csv.write(f, Tensor.of(1, 2, 1, 2), List.of("x", "2")));
    }

    @Test
    void atomicWriteReplacesTheFileAndLeavesNoTemporaryFiles() throws Exception {
        Path f = dir.resolve("m.safetensors");
        Files.writeString(f, "old");
        SafeTensors.write(f, model(), Map.of());
        assertFalse(Files.readString(f, StandardCharsets.ISO_8859_1).startsWith("old"));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList());
        }
        java.io.IOException e = assertThrows(java.io.IOException.class,
                () -> Npy.write(dir.resolve("missing/x.npy"), Tensor.zeros(1, 1)));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    /**
     * An atomically written file has the permissions of any new file of the process (the umask
     * applied to 0666), where the temporary-file API would make it owner-only (0600).
     */
    @Test
    void atomicWriteFollowsTheUmask() throws Exception {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "skipped: no POSIX permissions");
        Path plain = Files.createFile(dir.resolve("plain"));
        Path written = dir.resolve("w.npy");
        Npy.write(written, Tensor.zeros(1, 1));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(written));
        Npy.write(written, Tensor.zeros(2, 1));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(written), "on replacing too");
    }
}
