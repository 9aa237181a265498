package dev.otto.flows.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.otto.autodiff.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-checks the file formats against NumPy's own reader and writer. Skipped (not failed) when
 * /usr/bin/python3 or numpy is absent.
 */
class NumpyInteropTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private static boolean numpyAvailable() {
        if (!Files.isExecutable(PYTHON)) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import numpy").redirectErrorStream(true).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String run(Path dir, String script) throws Exception {
        Path py = dir.resolve("check.py");
        Files.writeString(py, script);
        Process p = new ProcessBuilder(PYTHON.toString(), py.toString()).directory(dir.toFile()).redirectErrorStream(true)
                .start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python timed out");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static void assertBitwiseEqual(Tensor expected, Tensor actual) {
        assertEquals(expected.shape(), actual.shape());
        double[] a = expected.toArray();
        double[] b = actual.toArray();
        for (int i = 0; i < a.length; i++) {
            assertEquals(Double.doubleToRawLongBits(a[i]), Double.doubleToRawLongBits(b[i]), "entry " + i);
        }
    }

    @Test
    void numpyReadsOurNpyAndSafetensorsAndWeReadNumpysNpy(@TempDir Path dir) throws Exception {
        assumeTrue(numpyAvailable(), "/usr/bin/python3 with numpy is not available");
        Tensor x = Tensor.of(3, 2, 1.5, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE,
                Double.longBitsToDouble(0x7ff8_0000_0000_1234L));
        Tensor w = Tensor.of(1, 3, 0.1, 0.2, 0.3);
        Npy.write(dir.resolve("x.npy"), x);
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("w", w);
        m.put("x", x);
        SafeTensors.write(dir.resolve("m.safetensors"), m, Map.of("note", "caf\u00e9 \"quoted\""));
        String out = run(dir, String.join("\n",
                "import json, struct, numpy as np",
                "x = np.load('x.npy')",
                "assert x.dtype == np.dtype('<f8') and x.shape == (3, 2) and x.flags['C_CONTIGUOUS'], (x.dtype, x.shape)",
                "np.save('x_back.npy', x)",
                "raw = open('m.safetensors', 'rb').read()",
                "n = struct.unpack('<Q', raw[:8])[0]",
                "h = json.loads(raw[8:8 + n].decode('utf-8'))",
                "assert h['__metadata__'] == {'otto.format': '1', 'note': 'caf\\u00e9 \"quoted\"'}, h['__metadata__']",
                "buf = raw[8 + n:]",
                "for name in ('w', 'x'):",
                "    e = h[name]; b, t = e['data_offsets']",
                "    assert e['dtype'] == 'F64'",
                "    a = np.frombuffer(buf[b:t], dtype='<f8').reshape(e['shape'])",
                "    np.save(name + '_st.npy', a)",
                "np.save('fortran.npy', np.asfortranarray(np.arange(6.0).reshape(2, 3)))",
                "np.save('vector.npy', np.array([1.0, 2.0]))",
                "np.save('f4.npy', np.zeros(3, dtype=np.float32))",
                "print('ok')"));
        assertTrue(out.contains("ok"), out);
        assertBitwiseEqual(x, Npy.read(dir.resolve("x_back.npy")));
        assertBitwiseEqual(x, Npy.read(dir.resolve("x_st.npy")));
        assertBitwiseEqual(w, Npy.read(dir.resolve("w_st.npy")));
        assertBitwiseEqual(Tensor.of(2, 3, 0, 1, 2, 3, 4, 5), Npy.read(dir.resolve("fortran.npy")));
        assertBitwiseEqual(Tensor.of(2, 1, 1, 2), Npy.read(dir.resolve("vector.npy")));
        assertBitwiseEqual(Tensor.of(3, 1, 0, 0, 0), Npy.read(dir.resolve("f4.npy")));
    }

    /**
     * Every dtype NumPy writes that Otto converts, in both byte orders and both memory orders, reads
     * as what NumPy's own {@code astype('<f8')} gives, bit for bit (the reference is saved by NumPy).
     */
    @Test
    void numpysOtherDtypesReadAsNumpyConvertsThem(@TempDir Path dir) throws Exception {
        assumeTrue(numpyAvailable(), "/usr/bin/python3 with numpy is not available");
        String[] types = {"<f4", ">f4", ">f8", "|i1", "<i2", ">i2", "<i4", ">i8", "|u1", "<u2", ">u4", "<u8", ">u8"};
        String out = run(dir, String.join("\n",
                "import numpy as np",
                "rng = np.random.default_rng(16)",
                "for t in " + java.util.Arrays.stream(types).map(t -> "'" + t + "'").toList() + ":",
                "    dt = np.dtype(t)",
                "    if dt.kind == 'f':",
                "        a = (rng.standard_normal((4, 3)) * 1e3).astype(dt)",
                "    else:",
                "        info = np.iinfo(dt)",
                "        a = rng.integers(info.min, info.max, size=(4, 3), dtype=dt.newbyteorder('='), endpoint=True).astype(dt)",
                "        a[0, 0], a[0, 1] = info.min, info.max",
                "    name = t.replace('<', 'le').replace('>', 'be').replace('|', '')",
                "    np.save(name + '.npy', a)",
                "    np.save(name + '_f.npy', np.asfortranarray(a))",
                "    np.save(name + '_ref.npy', a.astype('<f8'))",
                "print('ok')"));
        assertTrue(out.contains("ok"), out);
        for (String t : types) {
            String name = t.replace("<", "le").replace(">", "be").replace("|", "");
            Tensor ref = Npy.read(dir.resolve(name + "_ref.npy"));
            Npy.Typed c = Npy.readTyped(dir.resolve(name + ".npy"));
            assertEquals(t, c.stored().descr());
            assertBitwiseEqual(ref, c.array().toTensor());
            assertBitwiseEqual(ref, Npy.read(dir.resolve(name + "_f.npy")));
        }
    }
}
