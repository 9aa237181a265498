package dev.otto.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Activation;
import dev.otto.cli.LossHistory;
import dev.otto.cli.eval.Evaluation;
import dev.otto.cli.io.DataSource;
import dev.otto.flows.TrainingProgress;
import dev.otto.flows.data.Sampler;
import dev.otto.flows.interpolation.InterpolationFlow;
import dev.otto.flows.interpolation.Schedule;
import dev.otto.flows.io.Json;
import dev.otto.ode.ButcherTableau;
import dev.otto.ode.Integration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model's report section: pair plots for d > 2, standard errors, loss charts split by unit. */
class ModelReportTest {

    @TempDir
    Path dir;

    /** An anisotropic Gaussian in R^3, so that the pair plot's panels differ. */
    private static DataSource gaussian3() {
        return new DataSource("gaussian3", new Sampler() {
            @Override
            public int dimension() {
                return 3;
            }

            @Override
            public Tensor sample(int n, RandomGenerator rng) {
                Tensor z = Tensor.randn(n, 3, rng);
                double[] v = z.toArray();
                for (int i = 0; i < n; i++) {
                    v[3 * i] *= 2;
                    v[3 * i + 2] = 0.5 * v[3 * i + 2] + v[3 * i];
                }
                return Tensor.wrap(n, 3, v);
            }
        }, null);
    }

    /**
     * A 3-D model's section draws the pair plot instead of the two-coordinate scatter, and its
     * estimated figures (MMD^2, NLL, inversion error) carry their standard errors into metrics.json and
     * index.html.
     */
    @Test
    void threeDimensionalModelGetsAPairPlotAndStandardErrors() throws Exception {
        InterpolationFlow flow = InterpolationFlow.create(3, new int[] {8}, Activation.tanh(), Schedule.linear(),
                Integration.fixed(ButcherTableau.RK4, 8), new SplittableRandom(5));
        Report report = new Report(dir, "test");
        new ModelReport(report, "interp", "interp").addModel(flow, gaussian3(), new Evaluation(60, 60, 7));
        report.write();
        assertTrue(Files.exists(dir.resolve("interp-pairs.png")));
        assertFalse(Files.exists(dir.resolve("interp-samples.png")));
        assertTrue(Files.exists(dir.resolve("interp-trajectories.png")));
        @SuppressWarnings("unchecked")
        Map<String, Object> metrics = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                ((Map<String, Object>) Json.parse(Files.readString(dir.resolve("metrics.json")))).get("sections"))
                .get("interp")).get("metrics");
        for (String figure : new String[] {"MMD^2", "NLL", "inversion error"}) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) metrics.get(figure);
            assertTrue(m != null && m.get("standardError") instanceof Number se && se.doubleValue() > 0,
                    figure + " has a positive standard error: " + metrics);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> w2 = (Map<String, Object>) metrics.get("W2");
        assertFalse(w2.containsKey("standardError"), "W2 by exact OT promises none: " + w2);
        String html = Files.readString(dir.resolve("index.html"));
        assertTrue(html.contains("&plusmn;"), "the page shows value +- standard error");
        assertTrue(html.contains(Report.escape(Palette.LEGEND)), "the page states the colour convention");
    }

    /**
     * A page without flows' charts or standard errors (the theorem ledger) says nothing of either:
     * the colour convention and the +- note appear only where they apply.
     */
    @Test
    void aPlainPageStatesNeitherTheColourConventionNorStandardErrors() throws Exception {
        Report report = new Report(dir, "plain");
        report.metric("s", "margin", 0.5, "exact");
        report.write();
        String html = Files.readString(dir.resolve("index.html"));
        assertFalse(html.contains(Report.escape(Palette.LEGEND)), html);
        assertFalse(html.contains("&plusmn;"), html);
    }

    /**
     * Loss charts: one per panel, each panel's parts on it, and a part no panel names on a chart of
     * its own, so that no axis mixes units.
     */
    @Test
    void lossPartsAreSplitIntoPanels() throws Exception {
        LossHistory history = new LossHistory(10);
        for (int it = 0; it < 5; it++) {
            Map<String, Double> parts = new LinkedHashMap<>();
            parts.put("objective", 1.0 / (it + 1));
            parts.put("penalty", 0.1 * it);
            parts.put("residual", 0.01 * (it + 1));
            parts.put("unclaimed part", 3.0);
            history.onProgress(new TrainingProgress(0, 1, it, 5, parts, it));
        }
        Report report = new Report(dir, "test");
        new ModelReport(report, "m", "m").addLosses(history, List.of(
                LossPanel.curves("loss", "objective", "nats", "c1", "objective", "penalty"),
                LossPanel.indicators("residual", "residual", "data units", "c2 rising means", "residual"),
                LossPanel.curves("absent", "absent", "units", "c3", "not reported")));
        report.write();
        try (var files = Files.list(dir)) {
            assertEquals(List.of("m-loss-unclaimed-part.png", "m-loss.png", "m-residual.png"),
                    files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".png")).sorted().toList());
        }
        String json = Files.readString(dir.resolve("metrics.json"));
        assertTrue(json.contains("c2 rising means"), json);
        assertEquals(3, Files.readString(dir.resolve("index.html")).split("<img src=").length - 1);
    }
}
