package dev.otto.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code otto train interp --coupling, --reflow}: a run on a larger coupling batch, and one-line refusals. */
class CouplingOptionsTest {

    @TempDir
    Path dir;

    @Test
    void trainsOnPairsDrawnFromAnExactOtPlanOnALargerBatch() {
        Path model = dir.resolve("m.safetensors");
        Cli.Result r = Cli.run("train", "interp", "--data", "moons", "--iterations", "20", "--batch", "32",
                "--coupling", "exact-ot", "--coupling-batch", "64", "--with-replacement", "-o", model.toString());
        assertTrue(r.code() == 0 || r.errLines().get(r.errLines().size() - 1).contains(": certificate check "),
                r.toString());
        assertTrue(Files.exists(model));
    }

    @Test
    void reflowRoundsArePrintedWithStraightnessAndFewStepError() {
        Path model = dir.resolve("r.safetensors");
        Cli.Result r = Cli.run("train", "interp", "--data", "moons", "--iterations", "20", "--batch", "32",
                "--reflow", "1", "--reflow-pairs", "64", "-o", model.toString());
        assertTrue(r.code() == 0 || r.errLines().get(r.errLines().size() - 1).contains(": certificate check "),
                r.toString());
        assertTrue(r.out().contains("reflow round 0: straightness") && r.out().contains("reflow round 1: straightness"),
                r.toString());
    }

    @Test
    void badCouplingOptionsAreRefusedNamingTheOption() {
        Path model = dir.resolve("bad.safetensors");
        String[][] cases = {
            {"--coupling", "entropic:0", "--coupling"},
            {"--coupling", "sinkhorn", "--coupling"},
            {"--coupling", "exact-ot", "--coupling-batch", "16", "--coupling-batch"},
            {"--coupling-batch", "512", "--coupling-batch"},
            {"--reflow", "-1", "--reflow"},
            {"--reflow", "1", "--schedule", "follmer", "--reflow"},
            {"--reflow", "1", "--reflow-pairs", "1", "--reflow-pairs"},
        };
        // the last entry of a case is the option the error line must name
        Cli.assertEachRefused(new String[] {"train", "interp", "--data", "moons", "--batch", "32", "-o", model.toString()},
                model, cases);
    }
}
