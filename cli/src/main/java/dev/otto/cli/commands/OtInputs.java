package dev.otto.cli.commands;

import dev.otto.autodiff.Tensor;
import dev.otto.cli.BadInputException;
import dev.otto.cli.io.MatrixFiles;
import dev.otto.cli.io.StagedOutputs;
import dev.otto.ot.Weights;
import dev.otto.ot.cost.PointCloudCost;
import java.io.IOException;
import java.nio.file.Path;
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

    @Option(names = "--a", paramLabel = "FILE", description = "Source weights (n nonnegative numbers); uniform if absent.")
    Path aFile;

    @Option(names = "--b", paramLabel = "FILE", description = "Target weights (m nonnegative numbers); uniform if absent.")
    Path bFile;

    @Option(names = "--p", defaultValue = "2", description = "Cost exponent: C_ij = |x_i - y_j|^p, p >= 1 (default ${DEFAULT-VALUE}).")
    double p;

    @Option(names = "--plan", paramLabel = "FILE", description = "Write the transport plan (n x m) to this .npy/.csv file.")
    Path plan;

    @Option(names = "--f", paramLabel = "FILE", description = "Write the source potential f (n values).")
    Path f;

    @Option(names = "--g", paramLabel = "FILE", description = "Write the target potential g (m values).")
    Path g;

    /** The problem read from the files, with every check done. */
    record Problem(double[][] x, double[] a, double[][] y, double[] b, double p) {
        PointCloudCost cost() {
            return PointCloudCost.power(x, y, p);
        }
    }

    /** The staging paths of the requested outputs (null when not requested). */
    record Outputs(Path plan, Path f, Path g) {
    }

    /** The problem, with equal weight sums required (balanced transport). */
    Problem read() {
        return read(true);
    }

    /** The problem; with {@code balanced} false the weight sums may differ (unbalanced and partial transport). */
    Problem read(boolean balanced) {
        if (!(p >= 1) || !Double.isFinite(p)) {
            throw BadInputException.of("--p", "expected a finite exponent >= 1, got " + p);
        }
        Tensor x = MatrixFiles.read("X", xFile);
        Tensor y = MatrixFiles.read("Y", yFile);
        if (x.cols() != y.cols()) {
            throw BadInputException.of("Y", yFile + " has " + y.cols() + " columns, X (" + xFile + ") has " + x.cols()
                    + "; expected points of the same dimension");
        }
        double[] a = aFile == null ? Weights.uniform(x.rows()) : MatrixFiles.readWeights("--a", aFile, x.rows());
        double[] b = bFile == null ? Weights.uniform(y.rows()) : MatrixFiles.readWeights("--b", bFile, y.rows());
        double sa = sum(a);
        double sb = sum(b);
        if (balanced && Math.abs(sa - sb) > 1e-9 * Math.max(sa, sb)) {
            throw BadInputException.of(aFile != null ? "--a" : "--b", "the weights sum to " + sa + " (a) and " + sb
                    + " (b); balanced transport needs equal sums");
        }
        if (plan != null && (long) x.rows() * y.rows() > PLAN_LIMIT) {
            throw BadInputException.of("--plan", "a " + x.rows() + " x " + y.rows() + " plan is too large to write"
                    + " densely (limit " + PLAN_LIMIT + " entries)");
        }
        return new Problem(x.toRows(), a, y.toRows(), b, p);
    }

    /** Reserves the requested output files (checked before any solving). */
    Outputs reserve(StagedOutputs staged) {
        for (Path file : new Path[] {plan, f, g}) {
            if (file != null) {
                MatrixFiles.formatOf(file == plan ? "--plan" : file == f ? "--f" : "--g", file);
            }
        }
        return new Outputs(plan == null ? null : staged.file("--plan", plan), f == null ? null : staged.file("--f", f),
                g == null ? null : staged.file("--g", g));
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

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }
}
