package dev.otto.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.cli.io.TorchLayout;
import dev.otto.flows.interpolation.InterpolationFlow;
import dev.otto.flows.io.Json;
import dev.otto.flows.io.ModelFile;
import dev.otto.flows.io.Npy;
import dev.otto.flows.io.SafeTensors;
import dev.otto.ode.ButcherTableau;
import dev.otto.ode.Integration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code otto export --torch}: the tensors in torch.nn.Linear's layout (weights [out, in], biases
 * [out]) with typed configuration, and, where Debian's python3 with torch is installed,
 * {@code tools/otto_torch.py} draws the same samples from the same noise as Otto.
 */
class ExportTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    static Path dir;
    static Path model;
    static Path exported;

    @BeforeAll
    static void trainAndExport() {
        model = dir.resolve("m.safetensors");
        exported = dir.resolve("m.torch.safetensors");
        Cli.Result r = Cli.run("train", "interp", "--data", "moons", "-o", model.toString(), "--iterations", "20",
                "--batch", "16", "--quiet");
        assertEquals(0, r.code(), r.toString());
        r = Cli.run("export", model.toString(), "--torch", exported.toString());
        assertEquals(0, r.code(), r.toString());
    }

    @Test
    void weightsAreTransposedBiasesOneDimensionalConfigurationTyped() throws IOException {
        ModelFile.Contents otto = ModelFile.load(model, null);
        byte[] raw = Files.readAllBytes(exported);
        long n = java.nio.ByteBuffer.wrap(raw, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(raw, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.contains("\"velocity.0.weight\":{\"dtype\":\"F64\",\"shape\":[64,3]"), header);
        assertTrue(header.contains("\"velocity.0.bias\":{\"dtype\":\"F64\",\"shape\":[64]"), header);
        assertTrue(header.contains("\"velocity.3.weight\":{\"dtype\":\"F64\",\"shape\":[2,64]"), header);
        SafeTensors.Contents torch = SafeTensors.read(exported);
        for (Map.Entry<String, Tensor> e : otto.tensors().entrySet()) {
            Tensor t = torch.tensors().get(e.getKey());
            Tensor expected = e.getKey().endsWith(".weight") ? e.getValue().transpose()
                    : Tensor.of(e.getValue().cols(), 1, e.getValue().toArray());
            assertTrue(expected.valueEquals(t), e.getKey());
        }
        assertEquals("interpolation", torch.metadata().get(ModelFile.KIND_KEY));
        assertEquals(TorchLayout.LAYOUT, torch.metadata().get(TorchLayout.LAYOUT_KEY));
        String config = torch.metadata().get(TorchLayout.CONFIG_KEY);
        Map<?, ?> typed = (Map<?, ?>) Json.parse(config);
        assertEquals(List.of(64L, 64L, 64L), typed.get("hidden"), config);
        assertEquals(2L, typed.get("dimension"), config);
        assertEquals(otto.config().toJson(), config, "the export carries the native file's configuration");
    }

    private static boolean torchAvailable() throws IOException, InterruptedException {
        if (!Files.isExecutable(PYTHON)) {
            return false;
        }
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import torch, numpy").redirectErrorStream(true).start();
        return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    /**
     * The Python sampler (RK4, 100 steps) against Otto's fixed-step RK4 with the same steps on the
     * same noise: the same arithmetic in float64 in a different order, so they agree to rounding
     * (1e-10 absolute on samples of unit scale; the error of the ODE solver itself cancels).
     */
    @Test
    void pythonSamplesAsOttoDoes() throws Exception {
        assumeTrue(torchAvailable(), "skipped: /usr/bin/python3 with torch and numpy is not installed"
                + " (apt-get install python3-torch)");
        Path script = Path.of(System.getProperty("user.dir")).resolveSibling("tools").resolve("otto_torch.py");
        assertTrue(Files.isRegularFile(script), "missing " + script);
        Tensor z = Tensor.randn(200, 2, new SplittableRandom(3));
        Path noise = dir.resolve("z.npy");
        Path out = dir.resolve("py.npy");
        Npy.write(noise, z);
        Process p = new ProcessBuilder(PYTHON.toString(), script.toString(), exported.toString(), "--noise",
                noise.toString(), "--steps", "100", "-o", out.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python timed out");
        assertEquals(0, p.exitValue(), log);
        Tensor python = Npy.read(out);
        Tensor otto = InterpolationFlow.load(model, Integration.fixed(ButcherTableau.RK4, 100)).fromNoise(z);
        double[] a = otto.toArray();
        double[] b = python.toArray();
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        assertTrue(worst < 1e-10, "largest difference " + worst);
    }
}
