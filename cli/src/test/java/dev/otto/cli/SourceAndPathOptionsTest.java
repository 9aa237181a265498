package dev.otto.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.interpolation.InterpolationFlow;
import dev.otto.flows.io.Npy;
import dev.otto.ode.Integration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code otto train interp --source, --path, --sigma}: a Schrodinger bridge from a file of samples
 * whose model file keeps its source, and one-line refusals naming the option.
 */
class SourceAndPathOptionsTest {

    @TempDir
    Path dir;

    @Test
    void aBridgeFromAFileOfSamplesKeepsItsSourceInTheModel() throws Exception {
        Path source = dir.resolve("blob.npy");
        Tensor rows = Tensor.randn(200, 2, new SplittableRandom(1)).scale(0.3).addScalar(-2);
        Npy.write(source, rows);
        Path model = dir.resolve("sb.safetensors");
        Cli.Result r = Cli.run("train", "interp", "--data", "8gaussians", "--source", source.toString(), "--path",
                "schrodinger-bridge", "--sigma", "0.5", "--time-epsilon", "1e-3", "--iterations", "20", "--batch", "32",
                "-o", model.toString());
        assertTrue(r.code() == 0 || r.errLines().get(r.errLines().size() - 1).contains(": certificate check "),
                r.toString());
        InterpolationFlow flow = InterpolationFlow.load(model, Integration.rk4(8));
        assertEquals("schrodinger-bridge:0.5", flow.path().name());
        assertEquals("blob.npy", flow.source().name());
        assertArrayEquals(rows.toArray(), flow.source().rowsOrNull().toArray(), 0.0);
        assertFalse(flow.hasDensity());
    }

    @Test
    void badSourceAndPathOptionsAreRefusedNamingTheOption() {
        Path model = dir.resolve("bad.safetensors");
        String[][] cases = {
            {"--source", "nowhere.npy", "--source"},
            {"--source", "moons", "--schedule", "follmer", "--time-epsilon", "1e-3", "--source"},
            {"--source", "moons", "--embed", "3", "--source"},
            {"--path", "bridge", "--path"},
            {"--path", "vp", "--schedule", "trigonometric", "--path"},
            {"--sigma", "0.1", "--sigma"},
            {"--path", "linear", "--sigma", "0.1", "--sigma"},
            {"--path", "constant-sigma", "--sigma", "-1", "--sigma"},
            {"--path", "schrodinger-bridge", "--time-epsilon"},
            {"--path", "schrodinger-bridge", "--time-epsilon", "1e-3", "--coupling", "exact-ot", "--coupling"},
            {"--path", "constant-sigma", "--reflow", "1", "--reflow"},
        };
        // the last entry of a case is the option the error line must name
        Cli.assertEachRefused(new String[] {"train", "interp", "--data", "moons", "--batch", "32", "-o", model.toString()},
                model, cases);
    }
}
