package dev.otto.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.cli.report.HeadlessChromium;
import dev.otto.flows.io.Npy;
import dev.otto.ot.Wasserstein;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands on tiny budgets: what they write, and that it can be read back. */
class CommandsTest {

    @TempDir
    Path dir;

    private String at(String name) {
        return dir.resolve(name).toString();
    }

    private static Cli.Result ok(String... args) {
        Cli.Result r = Cli.run(args);
        assertEquals(0, r.code(), r.toString());
        return r;
    }

    /**
     * A training run on a tiny budget: it completes (exit 0) or its model is written and only its
     * certificate fails (exit 1 with one line naming the check), which short runs may well do.
     */
    private static Cli.Result trained(String... args) {
        Cli.Result r = Cli.run(args);
        if (r.code() == Otto.EXIT_FAILED) {
            List<String> err = r.errLines();
            assertTrue(err.get(err.size() - 1).contains(": certificate check "), r.toString());
        } else {
            assertEquals(0, r.code(), r.toString());
        }
        return r;
    }

    /** Every PNG of a report: a real image of the chart size, not blank (many distinct colours). */
    static void checkCharts(Path report, int atLeast) throws IOException {
        List<Path> pngs;
        try (Stream<Path> s = Files.list(report)) {
            pngs = s.filter(p -> p.toString().endsWith(".png")).toList();
        }
        assertTrue(pngs.size() >= atLeast, "charts: " + pngs);
        for (Path png : pngs) {
            BufferedImage img = ImageIO.read(png.toFile());
            assertTrue(img != null, png + " is not a readable PNG");
            assertTrue(img.getWidth() >= 400 && img.getHeight() >= 400, png + ": " + img.getWidth() + "x" + img.getHeight());
            Set<Integer> colours = new HashSet<>();
            for (int y = 0; y < img.getHeight(); y += 3) {
                for (int x = 0; x < img.getWidth(); x += 3) {
                    colours.add(img.getRGB(x, y));
                }
            }
            assertTrue(colours.size() > 8, png + " looks blank: " + colours.size() + " colours");
        }
        String html = Files.readString(report.resolve("index.html"));
        for (Path png : pngs) {
            assertTrue(html.contains("src=\"" + png.getFileName() + "\""), "index.html shows " + png.getFileName());
        }
        String json = Files.readString(report.resolve("metrics.json"));
        assertTrue(json.contains("\"definition\""), json);
        dev.otto.flows.io.Json.parse(json); // valid JSON: non-finite values spelled as strings, never bare
    }

    @Test
    void trainJkoWritesModelAndReportThenSampleAndEvalReadIt() throws IOException {
        Cli.Result r = trained("train", "jko", "--data", "8gaussians", "-o", at("jko.safetensors"), "--blocks", "2",
                "--iterations", "3", "--batch", "64", "--width", "16", "--train-samples", "300", "--report", at("rep"),
                "--eval-samples", "200");
        assertTrue(r.out().contains("wrote"), r.toString());
        assertTrue(r.err().contains("train jko"), "progress on stderr: " + r);
        assertFalse(Files.exists(dir.resolve("jko.safetensors.checkpoint")), "checkpoint removed after completion");
        checkCharts(dir.resolve("rep"), 6);
        String json = Files.readString(dir.resolve("rep/metrics.json"));
        for (String figure : new String[] {"MMD^2", "W2", "Sinkhorn divergence", "NLL", "KL", "W2^2(p_N, q)"}) {
            assertTrue(json.contains("\"" + figure + "\""), figure + " in " + json);
        }
        ok("sample", at("jko.safetensors"), "-n", "50", "-o", at("s.npy"), "--seed", "3");
        Tensor s = Npy.read(dir.resolve("s.npy"));
        assertEquals(50, s.rows());
        assertEquals(2, s.cols());
        ok("sample", at("jko.safetensors"), "-n", "50", "-o", at("s.csv"), "--seed", "3");
        Cli.Result e = ok("eval", at("jko.safetensors"), "--data", "8gaussians", "-n", "100", "--json", at("e.json"));
        assertTrue(e.out().contains("NLL |") && e.out().contains("MMD^2 |"), e.toString());
        assertTrue(Files.readString(dir.resolve("e.json")).contains("\"NLL\""));
    }

    @Test
    void interpolationResumedAfterStopIsBitForBitTheUninterruptedRun() throws IOException {
        String[] common = {"train", "interp", "--data", "moons", "--iterations", "12", "--batch", "16", "--width", "8",
            "--checkpoint-every", "4", "--quiet"};
        ok(concat(common, "-o", at("full.safetensors")));
        Cli.Result stop = ok(concat(common, "-o", at("half.safetensors"), "--stop-after", "7"));
        assertTrue(stop.out().contains("--resume"), stop.toString());
        assertFalse(Files.exists(dir.resolve("half.safetensors")), "no model from a stopped run");
        assertTrue(Files.exists(dir.resolve("half.safetensors.checkpoint")));
        trained(concat(common, "-o", at("half.safetensors"), "--resume"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("full.safetensors")),
                Files.readAllBytes(dir.resolve("half.safetensors")));
        assertFalse(Files.exists(dir.resolve("half.safetensors.checkpoint")));
    }

    @Test
    void proximalTrainsResumesAndReportsResiduals() throws IOException {
        String[] common = {"train", "prox", "--data", "pinwheel", "--iterations", "6", "--batch", "16",
            "--checkpoint-every", "2", "--eval-samples", "100", "--quiet"};
        ok(concat(common, "-o", at("full.safetensors")));
        ok(concat(common, "-o", at("half.safetensors"), "--stop-after", "3"));
        ok(concat(common, "-o", at("half.safetensors"), "--resume", "--report", at("rep")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("full.safetensors")),
                Files.readAllBytes(dir.resolve("half.safetensors")));
        checkCharts(dir.resolve("rep"), 4);
        for (String residual : new String[] {"hj-residual", "terminal-residual", "discretisation-gap", "straightness"}) {
            assertTrue(Files.exists(dir.resolve("rep/prox-" + residual + ".png")), "each indicator on its own axis: "
                    + residual);
        }
    }

    @Test
    void jkoStoppedAfterABlockAndResumedWritesTheModelOfTheUninterruptedRun() throws IOException {
        String[] common = {"train", "jko", "--data", "moons", "--blocks", "2", "--iterations", "3", "--batch", "32",
            "--width", "8", "--train-samples", "200", "--quiet"};
        trained(concat(common, "-o", at("full.safetensors")));
        Cli.Result stop = ok(concat(common, "-o", at("half.safetensors"), "--stop-after", "1"));
        assertTrue(stop.out().contains("--resume"), stop.toString());
        assertFalse(Files.exists(dir.resolve("half.safetensors")), "no model from a stopped run");
        assertEquals(1, dev.otto.flows.jko.JkoFlow.load(dir.resolve("half.safetensors.checkpoint")).blocks().size());
        trained(concat(common, "-o", at("half.safetensors"), "--resume"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("full.safetensors")),
                Files.readAllBytes(dir.resolve("half.safetensors")));
    }

    @Test
    void anExplodingLearningRateIsRolledBackThenEndsWithStatusOneAndTheLastGoodModel() {
        Cli.Result r = Cli.run("train", "interp", "--data", "moons", "--iterations", "50", "--batch", "16", "--width",
                "8", "--lr", "1e6", "--quiet", "-o", at("m.safetensors"));
        assertEquals(Otto.EXIT_FAILED, r.code(), r.toString());
        assertTrue(r.err().contains("rolled back iteration"), r.toString());
        assertTrue(r.err().contains("above the ceiling"), r.toString());
        assertTrue(Files.exists(dir.resolve("m.safetensors")), "the last good model is written");
    }

    @Test
    void resumeWithOtherOptionsIsRefused() throws IOException {
        String[] common = {"train", "interp", "--data", "moons", "--batch", "16", "--width", "8", "--checkpoint-every",
            "2", "--quiet", "-o", at("m.safetensors")};
        ok(concat(common, "--iterations", "6", "--stop-after", "2"));
        Cli.Result r = Cli.run(concat(common, "--iterations", "6", "--lr", "0.5", "--resume"));
        assertEquals(Otto.EXIT_BAD_INPUT, r.code(), r.toString());
        assertFalse(Files.exists(dir.resolve("m.safetensors")));
    }

    @Test
    void exactTransportMatchesTheLibraryAndWritesPlanAndPotentials() throws IOException {
        Tensor x = Tensor.randn(7, 2, new SplittableRandom(5));
        Tensor y = Tensor.randn(9, 2, new SplittableRandom(6));
        Npy.write(dir.resolve("x.npy"), x);
        Npy.write(dir.resolve("y.npy"), y);
        Cli.Result r = ok("ot", "emd", at("x.npy"), at("y.npy"), "--plan", at("plan.npy"), "--f", at("f.csv"), "--g",
                at("g.npy"));
        double cost = Double.parseDouble(r.out().lines().filter(l -> l.startsWith("cost ")).findFirst().orElseThrow()
                .substring(5));
        assertEquals(Wasserstein.w2Squared(x.toRows(), y.toRows()), cost, 1e-12);
        Tensor plan = Npy.read(dir.resolve("plan.npy"));
        assertEquals(7, plan.rows());
        assertEquals(9, plan.cols());
        double mass = 0;
        for (double v : plan.toArray()) {
            mass += v;
        }
        assertEquals(1.0, mass, 1e-12);
        assertEquals(9, Npy.read(dir.resolve("g.npy")).rows());
        assertTrue(Files.exists(dir.resolve("f.csv")));
        Cli.Result s = ok("ot", "sinkhorn", at("x.npy"), at("y.npy"), "--eps", "0.05");
        assertTrue(s.out().contains("converged"), s.toString());
    }

    @Test
    void demoOnATinyBudgetWritesTheWholeReport() throws Exception {
        Cli.Result r = trained("demo", "--scale", "0.02", "-o", at("demo"), "--eval-samples", "100", "--quiet");
        assertTrue(r.out().contains("JKO flow") && r.out().contains("proximal"), r.toString());
        Path demo = dir.resolve("demo");
        checkCharts(demo, 10);
        for (String chart : new String[] {"jko-loss", "jko-grad-norm", "interp-loss", "prox-loss", "prox-kinetic-energy",
            "prox-gradient-penalty", "prox-hj-residual", "prox-terminal-residual", "prox-discretisation-gap",
            "prox-straightness"}) {
            assertTrue(Files.exists(demo.resolve(chart + ".png")), "loss panel " + chart);
        }
        try (Stream<Path> files = Files.list(demo)) {
            List<String> unclaimed = files.map(p -> p.getFileName().toString()).filter(f -> f.contains("-loss-")).toList();
            assertEquals(List.of(), unclaimed, "every loss part the trainers report belongs to a panel of its unit");
        }
        assertTrue(Files.readString(demo.resolve("metrics.json")).contains("\"standardError\""),
                "the NLL, KL and inversion error carry their standard errors");
        HeadlessChromium.check(demo, "demo", 10, 16000);
        for (String m : new String[] {"jko", "interp", "prox"}) {
            assertTrue(Files.exists(demo.resolve("models/" + m + ".safetensors")), m);
            assertFalse(Files.exists(demo.resolve("models/" + m + ".checkpoint")), m);
        }
        ok("sample", demo.resolve("models/prox.safetensors").toString(), "-n", "10", "-o", at("p.npy"));
    }

    @Test
    void verifyPrintsTheLedgerAndWritesTheHtmlReport() throws Exception {
        Path report = dir.resolve("ledger");
        Cli.Result r = ok("verify", "--budget", "8", "--only", "ot.duality,jko.product-bound,ode.order,ot.one-dimensional",
                "--report", report.toString());
        for (String part : new String[] {"holds  ot.duality", "MATH.md section 1", "statement   Discrete OT",
            "checked by  measured:", "worst case  case ", "4 of 4 statements hold"}) {
            assertTrue(r.out().contains(part), part + " in " + r);
        }
        String html = Files.readString(report.resolve("index.html"));
        assertTrue(html.contains("jko.product-bound (holds)") && html.contains("jko-product-bound.png"), html);
        for (String png : new String[] {"jko-product-bound.png", "ode-order.png", "ot-duality.png", "ot-one-dimensional.png"}) {
            assertTrue(Files.size(report.resolve(png)) > 1000, png);
        }
        HeadlessChromium.check(report, "ledger", 4, 2400);
        Cli.Result brief = ok("verify", "--budget", "2", "--only", "ot", "--brief");
        assertTrue(brief.out().contains("ot.duality ") && brief.out().contains("| yes"), brief.toString());
        assertTrue(brief.out().contains("12 of 12 statements hold"), brief.toString());
    }

    private static String[] concat(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }

    /**
     * {@code eval -n N} computes every figure, W2 included, on N samples (it stopped at 1000). A
     * proximal model, the quickest to train for this.
     */
    @Test
    void evalUsesAllTheSamplesItIsGiven() {
        ok("train", "prox", "--data", "moons", "-o", at("m.safetensors"), "--iterations", "3", "--batch", "8",
                "--quiet");
        Cli.Result e = ok("eval", at("m.safetensors"), "--data", "moons", "-n", "1100");
        assertTrue(e.out().contains("between 1100 data and 1100 model samples"), e.out());
    }

    /** {@code otto ot --report DIR}: the cost in metrics.json and a picture of the coupling. */
    @Test
    void otReportDrawsTheCoupling() throws Exception {
        Path x = dir.resolve("x.npy");
        Path y = dir.resolve("y.npy");
        Npy.write(x, Tensor.randn(30, 2, new SplittableRandom(1)));
        Npy.write(y, Tensor.randn(20, 2, new SplittableRandom(2)));
        for (String solver : List.of("emd", "sinkhorn")) {
            Path report = dir.resolve("ot-" + solver);
            ok("ot", solver, x.toString(), y.toString(), "--report", report.toString());
            checkCharts(report, 1);
            assertTrue(Files.exists(report.resolve("coupling.png")));
            HeadlessChromium.check(report, "ot-" + solver, 1, 1200);
            assertTrue(Files.readString(report.resolve("metrics.json")).contains("cost"));
        }
    }
}
