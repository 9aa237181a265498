package dev.otto.cli.commands;

import dev.otto.autodiff.Tensor;
import dev.otto.cli.BadInputException;
import dev.otto.cli.RunFailedException;
import dev.otto.cli.io.MatrixFiles;
import dev.otto.cli.io.Reading;
import dev.otto.cli.io.StagedOutputs;
import dev.otto.cli.report.Figures;
import dev.otto.cli.report.Palette;
import dev.otto.cli.report.Report;
import dev.otto.ot.FreeSupportBarycenter;
import dev.otto.ot.Weights;
import dev.otto.ot.cost.Cost;
import dev.otto.ot.cost.PointCloudCost;
import dev.otto.ot.sinkhorn.EntropicBarycenter;
import dev.otto.ot.sinkhorn.Sinkhorn;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code otto ot barycenter Y1 Y2 ... -o OUT}: the Wasserstein-2 barycenter of K weighted point
 * clouds (MATH.md section 1, cost |x - y|^2). Free support ({@link FreeSupportBarycenter}: the
 * fixed-point iteration on barycentric maps, exact couplings, or entropic ones with --eps or
 * --relative-eps) writes the support points; with --fixed-support FILE, the entropic barycenter
 * histogram on those points by iterative Bregman projections ({@link EntropicBarycenter}, eps
 * required) writes the n weights: in the kernel form while its stored kernels fit Sinkhorn's default
 * kernel memory, in the log domain beyond.
 */
@Command(name = "barycenter", mixinStandardHelpOptions = true,
        description = "Wasserstein-2 barycenter of K point clouds: free support (exact or entropic couplings), or"
                + " the entropic histogram on a fixed support (--fixed-support, with --eps or --relative-eps).")
final class OtBarycenterCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "Y", description = "The clouds, each m_k x d (.npy or .csv).")
    List<Path> clouds;

    @Mixin
    HeaderOption csv;

    @Option(names = "--cloud-weights", paramLabel = "FILE",
            description = "Weights of the clouds' points, one file per cloud in the same order (default: uniform).")
    List<Path> cloudWeights;

    @Option(names = "--lambda", split = ",", paramLabel = "L",
            description = "Barycentric weights lambda_1,...,lambda_K, nonnegative (default: uniform).")
    List<Double> lambda;

    @Option(names = "--init", paramLabel = "FILE",
            description = "Initial support of the free-support barycenter, n x d (default: the first cloud's points).")
    Path init;

    @Option(names = "--fixed-support", paramLabel = "FILE",
            description = "Points of a fixed support, n x d: solve for the entropic barycenter histogram on them"
                    + " (default: none, free support).")
    Path fixedSupport;

    @Option(names = "--max-moves", paramLabel = "N", defaultValue = "100",
            description = "Fixed-point iterations of the free-support barycenter (default ${DEFAULT-VALUE}).")
    int maxMoves;

    @Mixin
    EntropicOptions entropic;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", required = true,
            description = "Output .npy/.csv: the support (n x d), or the histogram (n x 1) with --fixed-support.")
    Path output;

    @Option(names = "--report", paramLabel = "DIR",
            description = "Also write a report folder: the figures and a picture of the clouds and the barycenter (default: none).")
    Path report;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        checkOptions();
        try (StagedOutputs staged = new StagedOutputs()) {
            MatrixFiles.formatOf("--out", output);
            Path out = staged.file("--out", output);
            Path reportDir = report == null ? null : staged.directory("--report", report);
            Reading reading = csv.reading(spec.commandLine().getErr());
            int k = clouds.size();
            double[][][] ys = new double[k][][];
            double[][] bs = new double[k][];
            int d = -1;
            for (int c = 0; c < k; c++) {
                Tensor y = MatrixFiles.read("Y", clouds.get(c), reading);
                if (d >= 0 && y.cols() != d) {
                    throw BadInputException.of("Y", clouds.get(c) + " has " + y.cols() + " columns, " + clouds.get(0)
                            + " has " + d + "; expected points of the same dimension");
                }
                d = y.cols();
                ys[c] = y.toRows();
                bs[c] = cloudWeights == null ? Weights.uniform(y.rows())
                        : MatrixFiles.readWeights("--cloud-weights", cloudWeights.get(c), y.rows(), reading);
            }
            double[][] support = ys[0];
            if (init != null || fixedSupport != null) {
                String option = init != null ? "--init" : "--fixed-support";
                Tensor x = MatrixFiles.read(option, init != null ? init : fixedSupport, reading);
                if (x.cols() != d) {
                    throw BadInputException.of(option, "has " + x.cols() + " columns, the clouds " + d
                            + "; expected points of the same dimension");
                }
                support = x.toRows();
            }
            double[] lam = lambdas();
            PrintWriter o = spec.commandLine().getOut();
            Map<String, Double> figures = new LinkedHashMap<>();
            Tensor result = fixedSupport != null ? fixedSupportBarycenter(support, ys, bs, lam, o, figures)
                    : freeSupportBarycenter(support, ys, bs, lam, o, figures);
            MatrixFiles.write("--out", out, result);
            if (reportDir != null) {
                writeReport(reportDir, ys, fixedSupport != null ? Tensor.fromRows(support) : result, figures);
            }
            staged.commit();
        }
        return 0;
    }

    private void checkOptions() {
        entropic.check();
        if (fixedSupport != null && !entropic.requested()) {
            throw BadInputException.of("--fixed-support", "the fixed-support barycenter is entropic; give --eps or"
                    + " --relative-eps");
        }
        if (fixedSupport != null && init != null) {
            throw BadInputException.of("--init", "applies to the free-support barycenter, not with --fixed-support");
        }
        if (maxMoves < 1) {
            throw BadInputException.of("--max-moves", "expected at least 1 iteration, got " + maxMoves);
        }
        if (cloudWeights != null && cloudWeights.size() != clouds.size()) {
            throw BadInputException.of("--cloud-weights", "expected one file per cloud (" + clouds.size() + "), got "
                    + cloudWeights.size());
        }
        if (lambda != null) {
            if (lambda.size() != clouds.size()) {
                throw BadInputException.of("--lambda", "expected one weight per cloud (" + clouds.size() + "), got "
                        + lambda.size());
            }
            double sum = 0;
            for (double l : lambda) {
                if (!(l >= 0) || !Double.isFinite(l)) {
                    throw BadInputException.of("--lambda", "expected finite weights >= 0, got " + l);
                }
                sum += l;
            }
            if (!(sum > 0)) {
                throw BadInputException.of("--lambda", "expected weights with a positive sum, got " + lambda);
            }
        }
    }

    private double[] lambdas() {
        if (lambda == null) {
            return Weights.uniform(clouds.size());
        }
        double[] lam = new double[lambda.size()];
        for (int c = 0; c < lam.length; c++) {
            lam[c] = lambda.get(c);
        }
        return lam;
    }

    private Tensor freeSupportBarycenter(double[][] start, double[][][] ys, double[][] bs, double[] lam, PrintWriter o,
                                         Map<String, Double> figures) {
        FreeSupportBarycenter solver = FreeSupportBarycenter.create().withMaxIterations(maxMoves);
        if (entropic.requested()) {
            solver = solver.withEntropicCouplings(entropic.apply(Sinkhorn.logDomain(), Sinkhorn::withEpsilon,
                    Sinkhorn::withRelativeEpsilon, Sinkhorn::withTolerance, Sinkhorn::withMaxIterations));
        }
        FreeSupportBarycenter.Result r = solver.solve(ys, bs, lam, start, null);
        o.println("objective " + r.objective());
        o.println("points " + r.support().length);
        o.println("couplings " + (entropic.requested() ? "entropic, marginal error "
                + String.format(Locale.ROOT, "%.3g", r.marginalError()) : "exact"));
        o.println((r.converged() ? "converged" : "NOT converged") + " after " + r.iterations() + " iterations");
        figures.put("objective", r.objective());
        if (!r.converged()) {
            throw new RunFailedException("the free-support barycenter still moved after " + r.iterations()
                    + " iterations (raise --max-moves); no output written");
        }
        return Tensor.fromRows(r.support());
    }

    private Tensor fixedSupportBarycenter(double[][] support, double[][][] ys, double[][] bs, double[] lam,
                                          PrintWriter o, Map<String, Double> figures) {
        int k = ys.length;
        Cost[] costs = new Cost[k];
        double[] uniform = Weights.uniform(support.length);
        double lamSum = 0;
        for (double l : lam) {
            lamSum += l;
        }
        // the scale of a relative eps: the lambda-average of the mean costs under uniform x b_k
        double scale = 0;
        for (int c = 0; c < k; c++) {
            costs[c] = PointCloudCost.squaredEuclidean(support, ys[c]);
            scale += lam[c] / lamSum * Sinkhorn.logDomain().withRelativeEpsilon(1).resolveEpsilon(uniform, bs[c], costs[c]);
        }
        double eps = entropic.epsilon(scale);
        entropic.checkResolved(eps);
        boolean kernelForm = fitsKernelMemory(support.length, ys);
        EntropicBarycenter.Result r = kernelForm
                ? EntropicBarycenter.solveScaling(costs, bs, lam, eps, entropic.tolerance(1e-9), entropic.maxIterations(10_000))
                : EntropicBarycenter.solve(costs, bs, lam, eps, entropic.tolerance(1e-9), entropic.maxIterations(10_000));
        o.println("eps " + eps);
        o.println("form " + (kernelForm ? "kernel (stored Gibbs kernels, log domain where they underflow)"
                : "log domain (the kernels would exceed " + (Sinkhorn.DEFAULT_KERNEL_MEMORY >> 20) + " MB)"));
        o.println("points " + support.length);
        o.println((r.converged() ? "converged" : "NOT converged") + " after " + r.iterations()
                + " sweeps, marginal error " + String.format(Locale.ROOT, "%.3g", r.marginalError()));
        figures.put("marginal error", r.marginalError());
        if (!r.converged()) {
            throw new RunFailedException("the entropic barycenter did not reach the tolerance in " + r.iterations()
                    + " sweeps (raise --max-iter or --eps); no output written");
        }
        double[] w = r.weights();
        return Tensor.wrap(w.length, 1, w);
    }

    /**
     * Whether the stored kernels of the kernel form, each n x m_k with its transpose (16 n m_k
     * bytes), fit Sinkhorn's default kernel memory; beyond it the log domain streams the costs.
     */
    static boolean fitsKernelMemory(int n, double[][][] ys) {
        long bytes = 0;
        for (double[][] y : ys) {
            bytes += 2L * Double.BYTES * n * y.length;
        }
        return bytes <= Sinkhorn.DEFAULT_KERNEL_MEMORY;
    }

    private void writeReport(Path dir, double[][][] ys, Tensor barycenter, Map<String, Double> figures) throws IOException {
        Report rep = new Report(dir, "Wasserstein-2 barycenter of " + ys.length + " clouds");
        figures.forEach((name, value) -> rep.metric("barycenter", name, value, name + " of the barycenter solve"));
        List<Figures.Cloud> shown = new ArrayList<>();
        for (int c = 0; c < ys.length; c++) {
            shown.add(new Figures.Cloud(clouds.get(c).getFileName().toString(), Tensor.fromRows(ys[c]), Palette.series(c)));
        }
        shown.add(new Figures.Cloud(fixedSupport != null ? "fixed support" : "barycenter", barycenter, Palette.GENERATED));
        Figures.scatter(rep.chart("barycenter", "barycenter.png", "The clouds and the barycenter's support, on the"
                + " first two coordinates"), "Barycenter", shown);
        rep.write();
    }
}
