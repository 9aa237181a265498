package dev.otto.cli.report;

import dev.otto.autodiff.Tensor;
import dev.otto.cli.LossHistory;
import dev.otto.cli.eval.Evaluation;
import dev.otto.cli.io.DataSource;
import dev.otto.flows.Flow;
import dev.otto.flows.certificate.Certificate;
import dev.otto.flows.certificate.Check;
import dev.otto.flows.interpolation.InterpolationFlow;
import dev.otto.flows.jko.BlockDiagnostics;
import dev.otto.flows.jko.JkoFlow;
import dev.otto.flows.jko.JkoTrainer;
import dev.otto.flows.metrics.Measurement;
import dev.otto.flows.proximal.ProximalFlow;
import dev.otto.ode.ButcherTableau;
import dev.otto.ode.Integration;
import dev.otto.ode.SaveAt;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * One model's part of a report: its figures with their standard errors (from {@link Evaluation}),
 * data against generated samples (a {@link PairPlot} of the first coordinates for d &gt; 2), the
 * density heat map (models with a density, d = 2), trajectories, loss curves split by unit
 * ({@link LossPanel}), and what only the JKO family has: its per-block W2 decay beside the bound
 * of Theorem 4.3 and its per-block inversion error. Colours follow the {@link Palette}.
 */
public final class ModelReport {

    /** Cells per side of the density heat map. */
    static final int DENSITY_CELLS = 48;
    /** Paths drawn in a trajectory chart. */
    static final int PATHS = 60;

    private final Report report;
    private final String section;
    private final String prefix;

    /**
     * @param report  the report to add to
     * @param section the section title (for example "JKO flow on moons")
     * @param prefix  file name prefix of the charts (for example "jko")
     */
    public ModelReport(Report report, String section, String prefix) {
        this.report = report;
        this.section = section;
        this.prefix = prefix;
        report.showColourConvention();
    }

    /** Figures, samples (scatter, or pair plot for d &gt; 2), density, trajectories; returns the figures. */
    public List<Measurement> addModel(Flow flow, DataSource data, Evaluation evaluation) throws IOException {
        SplittableRandom rng = new SplittableRandom(evaluation.seed());
        Tensor x = data.samples(evaluation.samples(), rng);
        Tensor y = flow.sample(x.rows(), rng);
        List<Measurement> figures = evaluation.of(flow, data, x, y);
        for (Measurement m : figures) {
            report.metric(section, m.metric(), m.value(), m.standardError(), m.definition());
        }
        List<Figures.Cloud> clouds = List.of(new Figures.Cloud("data (" + data.name() + ")", x, Palette.DATA),
                new Figures.Cloud("generated", y, Palette.GENERATED));
        if (flow.dimension() > 2) {
            int k = PairPlot.coordinates(flow.dimension());
            PairPlot.write(report.chart(section, prefix + "-pairs.png", "Data (red) against " + y.rows()
                    + " generated samples (green) on the first " + k + " of " + flow.dimension() + " coordinates:"
                    + " each coordinate's histogram density on the diagonal, each pair of coordinates off it."),
                    section + ": samples", clouds);
        } else {
            Figures.scatter(report.chart(section, prefix + "-samples.png", "Data (red) against " + y.rows()
                    + " generated samples (green)."), section + ": samples", clouds);
        }
        if (flow.hasDensity() && flow.hasInverse() && flow.dimension() == 2) { // a grid far off a generator's image may not invert
            density(flow, bounds(x));
        }
        if (flow.dimension() >= 2) {
            trajectories(flow, x);
        }
        return figures;
    }

    /**
     * Loss curves, one chart per panel: the parts of one unit on an axis titled with it; a part no
     * panel names gets a chart of its own, so no axis ever mixes units.
     */
    public void addLosses(LossHistory history, List<LossPanel> panels) throws IOException {
        double[] it = history.iterations();
        if (it.length == 0) {
            return;
        }
        Map<String, double[]> series = history.series();
        List<LossPanel> all = new ArrayList<>(panels);
        Set<String> claimed = new HashSet<>();
        panels.forEach(p -> claimed.addAll(p.parts()));
        series.keySet().stream().filter(k -> !claimed.contains(k)).forEach(k -> all.add(LossPanel.alone(k)));
        Set<String> files = new HashSet<>();
        for (LossPanel panel : all) {
            List<Figures.Line> lines = new ArrayList<>();
            for (String part : panel.parts()) {
                double[] v = series.get(part);
                if (v != null) {
                    lines.add(panel.indicator() ? measuredPoints(part, it, v) : new Figures.Line(part, it, v, false));
                }
            }
            if (lines.isEmpty()) {
                continue;
            }
            String file = prefix + "-" + panel.file();
            for (int n = 2; !files.add(file); n++) {
                file = prefix + "-" + panel.file() + "-" + n;
            }
            Figures.lines(report.chart(section, file + ".png", panel.caption()), section + ": " + panel.title(),
                    "iteration", panel.axis(), panel.logY(), lines);
        }
    }

    /**
     * The JKO trainer's per-block inversion error E|S_k(T_k(x)) - x|^2 (MATH.md section 3). The
     * W2 decay is drawn from the certificate ({@link #addCertificate}), measured with the saved
     * flow's own map rather than the training map.
     */
    public void addJkoDecay(JkoTrainer.Result result) throws IOException {
        List<BlockDiagnostics> diag = result.diagnostics();
        int n = diag.size();
        double[] inversion = new double[n];
        double[] blocks = new double[n];
        for (int i = 0; i < n; i++) {
            blocks[i] = i + 1;
            inversion[i] = diag.get(i).inversionError();
        }
        Figures.lines(report.chart(section, prefix + "-inversion.png", "Inversion error E|S_k(T_k(x)) - x|^2 of each "
                        + "block (residual of the numerical inverse, squared data units). A value rising from block to"
                        + " block means the later blocks' fields are stiffer (larger Lipschitz constants, MATH.md section"
                        + " 3), so their adaptive integration inverts less exactly; the certificate holds it to 1e-4"
                        + " E|x|^2."),
                section + ": inversion residual per block", "block k", "E|S(T(x)) - x|^2", true,
                List.of(new Figures.Line("inversion error", blocks, inversion, false)));
    }

    /**
     * The model's certificate: its table (report and metrics.json) and, for a JKO flow, the chart of
     * W2^2(p_k, q) measured with the saved flow's own map beside the Theorem 4.3 bound
     * W2^2(p_0, q) prod_{j &lt;= k} (1 + h_j)^-1 and the estimator's floor (MATH.md section 4).
     */
    public void addCertificate(Certificate certificate) throws IOException {
        report.certificate(section, certificate);
        List<Check> decay = certificate.checks("jko.w2-decay");
        if (decay.isEmpty()) {
            return;
        }
        int n = decay.size();
        double[] k = new double[n];
        double[] measured = new double[n];
        double[] bound = new double[n];
        double[] floor = new double[n];
        for (int i = 0; i < n; i++) {
            k[i] = i + 1;
            measured[i] = decay.get(i).value();
            bound[i] = decay.get(i).bound();
            floor[i] = decay.get(i).floor();
        }
        report.metric(section, "W2^2(p_N, q)", measured[n - 1], "after the last block, the saved flow's own map; bound"
                + " for exact steps " + Report.format(bound[n - 1]) + ", estimator floor " + Report.format(floor[n - 1]));
        if (!Arrays.stream(measured).allMatch(v -> v > 0 && Double.isFinite(v))) {
            report.note(section, "The W2 decay is not drawn: some W2^2(p_k, q) are not finite (see the certificate).");
            return;
        }
        Figures.lines(report.chart(section, prefix + "-w2-decay.png", "W2^2(p_k, q) after each block, the saved flow's"
                        + " own map on held-out data (exact OT against as many N(0, I) samples), beside the exact-step"
                        + " bound W2^2(p_0, q) prod (1 + h_j)^-1 of Theorem 4.3 and the estimator's floor (W2^2 of two"
                        + " independent N(0, I) samples): a bound below the floor is not resolvable."),
                section + ": W2 decay", "block k", "W2^2(p_k, q)", true,
                List.of(new Figures.Line("measured", k, measured, false), new Figures.Line("bound (exact steps)", k, bound,
                        true), new Figures.Line("estimator floor", k, floor, true)));
    }

    /**
     * The trainer evaluates the indicators every {@code indicatorEvery} iterations and repeats the
     * last value in between: keep only the iterations where a new value appears.
     */
    static Figures.Line measuredPoints(String name, double[] x, double[] y) {
        double[] fx = new double[x.length];
        double[] fy = new double[y.length];
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (i == 0 || Double.compare(y[i], y[i - 1]) != 0) {
                fx[n] = x[i];
                fy[n] = y[i];
                n++;
            }
        }
        return new Figures.Line(name, java.util.Arrays.copyOf(fx, n), java.util.Arrays.copyOf(fy, n), false);
    }

    private void density(Flow flow, double half) throws IOException {
        double[] axis = DensityImage.axis(half, DENSITY_CELLS);
        double[] grid = new double[DENSITY_CELLS * DENSITY_CELLS * 2];
        for (int r = 0; r < DENSITY_CELLS; r++) {
            for (int c = 0; c < DENSITY_CELLS; c++) {
                int i = r * DENSITY_CELLS + c;
                grid[2 * i] = axis[c];
                grid[2 * i + 1] = axis[DENSITY_CELLS - 1 - r];
            }
        }
        double[] logP = flow.logDensity(Tensor.wrap(DENSITY_CELLS * DENSITY_CELLS, 2, grid)).toArray();
        DensityImage.write(report.chart(section, prefix + "-density.png", "Model density p(x) on a "
                + DENSITY_CELLS + " x " + DENSITY_CELLS + " grid (log p from the flow's change of variables)."),
                section + ": density", half, DENSITY_CELLS, logP);
    }

    private void trajectories(Flow flow, Tensor data) throws IOException {
        Tensor z = Tensor.randn(PATHS, flow.dimension(), new SplittableRandom(1));
        List<Tensor> states;
        String caption;
        if (flow instanceof JkoFlow jko) {
            states = jko.trajectory(data.sliceRows(0, Math.min(PATHS, data.rows())));
            caption = "Data (red) pushed through the blocks towards N(0, I) (blue): one point per block boundary.";
        } else if (flow instanceof InterpolationFlow f) {
            // the flow's own source (N(0, I) unless trained from another; for N(0, I) the same draws as z)
            Tensor x0 = f.source().sample(PATHS, new SplittableRandom(1));
            states = f.withIntegration(Integration.fixed(ButcherTableau.RK4, 32)).trajectories(x0, SaveAt.steps()).saved();
            caption = (f.source().isStandardGaussian() ? "Paths of the learned velocity from noise (blue)"
                    : "Paths of the learned velocity from the source '" + f.source().name() + "' (blue)")
                    + " to generated samples (green), RK4 with 32 steps, over the data (pale red).";
        } else if (flow instanceof ProximalFlow p) {
            states = p.rollout(z).states();
            caption = "Forward-Euler paths of v = -grad phi from noise (blue) to generated samples (green), over"
                    + " the data (pale red).";
        } else {
            return;
        }
        Figures.trajectories(report.chart(section, prefix + "-trajectories.png", caption + (flow.dimension() > 2
                ? " First two coordinates." : "")), section + ": trajectories", states, data, PATHS, !(flow instanceof JkoFlow));
    }

    /** Half-width of a square window holding most of the data, with a margin. */
    private static double bounds(Tensor x) {
        double[] v = x.toArray();
        double[] abs = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            abs[i] = Math.abs(v[i]);
        }
        java.util.Arrays.sort(abs);
        double q = abs[(int) Math.floor(0.995 * (abs.length - 1))];
        return Math.max(1e-3, 1.15 * q);
    }
}
