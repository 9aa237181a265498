package dev.otto.cli.commands;

import dev.otto.autodiff.Tensor;
import dev.otto.cli.BadInputException;
import dev.otto.cli.io.MatrixFiles;
import dev.otto.cli.io.Reading;
import dev.otto.cli.io.StagedOutputs;
import dev.otto.cli.report.Figures;
import dev.otto.cli.report.Report;
import dev.otto.ot.Weights;
import dev.otto.ot.cost.PointCloudCost;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The inputs and optional outputs of {@code otto ot emd|sinkhorn}: two point clouds x (n x d) and
 * y (m x d), weights a and b (uniform when not given), the cost |x - y|^p (MATH.md section 1), and
 * the files the plan and the dual potentials go to on request.
 */
public final class OtInputs {

    /** The largest n x m plan the command writes densely. */
    static final long PLAN_LIMIT = 50_000_000L;

    @Parameters(index = "0", paramLabel = "X", description = "Source points, n x d (.npy or .csv).")
    Path xFile;

    @Parameters(index = "1", paramLabel = "Y", description = "Target points, m x d (.npy or .csv).")
    Path yFile;

    @Mixin
    HeaderOption csv;

    @Option(names = "--a", paramLabel = "FILE", description = "Source weights, n nonnegative numbers (default: uniform).")
    Path aFile;

    @Option(names = "--b", paramLabel = "FILE", description = "Target weights, m nonnegative numbers (default: uniform).")
    Path bFile;

    @Option(names = "--p", defaultValue = "2", description = "Cost exponent: C_ij = |x_i - y_j|^p, p >= 1 (default ${DEFAULT-VALUE}).")
    double p;

    @Option(names = "--plan", paramLabel = "FILE", description = "Write the transport plan (n x m) to this .npy/.csv file (default: not written).")
    Path plan;

    @Option(names = "--report", paramLabel = "DIR",
            description = "Also write a report folder: the cost and a picture of the coupling, on the first two"
                    + " coordinates (default: none).")
    Path report;

    @Option(names = "--f", paramLabel = "FILE", description = "Write the source potential f, n values (default: not written).")
    Path f;

    @Option(names = "--g", paramLabel = "FILE", description = "Write the target potential g, m values (default: not written).")
    Path g;

    /** The problem read from the files, with every check done. */
    record Problem(double[][] x, double[] a, double[][] y, double[] b, double p, double maxCost) {
        PointCloudCost cost() {
            return PointCloudCost.power(x, y, p);
        }
    }

    /** The staging paths of the requested outputs (null when not requested). */
    record Outputs(Path plan, Path f, Path g, Path report) {
    }

    /** The problem, with equal weight sums required (balanced transport); conversion notes go to {@code err}. */
    Problem read(PrintWriter err) {
        return read(err, true);
    }

    /** The problem; with {@code balanced} false the weight sums may differ (unbalanced and partial transport). */
    Problem read(PrintWriter err, boolean balanced) {
        if (!(p >= 1) || !Double.isFinite(p)) {
            throw BadInputException.of("--p", "expected a finite exponent >= 1, got " + p);
        }
        Reading reading = csv.reading(err);
        Tensor x = MatrixFiles.read("X", xFile, reading);
        Tensor y = MatrixFiles.read("Y", yFile, reading);
        if (x.cols() != y.cols()) {
            throw BadInputException.of("Y", yFile + " has " + y.cols() + " columns, X (" + xFile + ") has " + x.cols()
                    + "; expected points of the same dimension");
        }
        double[] a = aFile == null ? Weights.uniform(x.rows()) : MatrixFiles.readWeights("--a", aFile, x.rows(), reading);
        double[] b = bFile == null ? Weights.uniform(y.rows()) : MatrixFiles.readWeights("--b", bFile, y.rows(), reading);
        double sa = sum(a);
        double sb = sum(b);
        if (balanced && Math.abs(sa - sb) > 1e-9 * Math.max(sa, sb)) {
            throw BadInputException.of(aFile != null ? "--a" : "--b", "the weights sum to " + sa + " (a) and " + sb
                    + " (b); balanced transport needs equal sums");
        }
        if (!(sa * sb <= Double.MAX_VALUE) || !(sa * sb >= Double.MIN_NORMAL)) {
            throw BadInputException.of(aFile != null ? "--a" : "--b", "the weights sum to " + sa + " (a) and " + sb
                    + " (b): out of range, the products a_i b_j of a plan " + (sa * sb > 1 ? "overflow" : "underflow")
                    + " double precision; rescale the weights (to sum 1, say)");
        }
        double[][] xs = x.toRows();
        double[][] ys = y.toRows();
        Problem problem = new Problem(xs, a, ys, b, p, largestCost(PointCloudCost.power(xs, ys, p)));
        for (String option : new String[] {"--plan", "--report"}) {
            if ((option.equals("--plan") ? plan : report) != null && (long) x.rows() * y.rows() > PLAN_LIMIT) {
                throw BadInputException.of(option, "a " + x.rows() + " x " + y.rows() + " plan is too large to write"
                        + " or draw densely (limit " + PLAN_LIMIT + " entries)");
            }
        }
        return problem;
    }

    /**
     * The largest cost |x_i - y_j|^p; refuses points whose cost overflows double precision
     * (coordinates near 1e300, or a large --p), naming the first such pair.
     */
    private double largestCost(PointCloudCost c) {
        double largest = 0;
        for (int i = 0; i < c.rows(); i++) {
            for (int j = 0; j < c.cols(); j++) {
                double cij = c.get(i, j);
                if (!Double.isFinite(cij)) {
                    throw BadInputException.of("X, Y", xFile + " row " + (i + 1) + " and " + yFile + " row " + (j + 1)
                            + ": the cost |x - y|^" + p + " is out of range (above " + Double.MAX_VALUE
                            + "); rescale the points" + (p > 2 ? " or lower --p" : ""));
                }
                largest = Math.max(largest, cij);
            }
        }
        return largest;
    }

    /** Reserves the requested output files (checked before any solving). */
    Outputs reserve(StagedOutputs staged) {
        for (Path file : new Path[] {plan, f, g}) {
            if (file != null) {
                MatrixFiles.formatOf(file == plan ? "--plan" : file == f ? "--f" : "--g", file);
            }
        }
        return new Outputs(plan == null ? null : staged.file("--plan", plan), f == null ? null : staged.file("--f", f),
                g == null ? null : staged.file("--g", g), report == null ? null : staged.directory("--report", report));
    }

    /** Writes the potentials (as column vectors) where requested. */
    static void writePotentials(Outputs out, double[] f, double[] g) throws IOException {
        if (out.f() != null) {
            MatrixFiles.write("--f", out.f(), Tensor.wrap(f.length, 1, f.clone()));
        }
        if (out.g() != null) {
            MatrixFiles.write("--g", out.g(), Tensor.wrap(g.length, 1, g.clone()));
        }
    }

    /** Writes the report folder where requested: the figures given and the coupling picture of {@code plan}. */
    static void writeReport(Outputs out, Problem pb, String title, Map<String, Double> figures, double[][] plan)
            throws IOException {
        if (out.report() == null) {
            return;
        }
        Report report = new Report(out.report(), title);
        report.showColourConvention();
        figures.forEach((name, value) -> report.metric("transport", name, value, name + " of " + title));
        Figures.coupling(report.chart("transport", "coupling.png", "The coupling: a segment x_i -- y_j for each of the"
                + " largest entries of the plan, darker for more mass"), "Coupling of " + title, pb.x(), pb.y(), plan, 400);
        report.write();
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }
}
