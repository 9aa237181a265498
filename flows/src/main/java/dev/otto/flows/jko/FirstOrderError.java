package dev.otto.flows.jko;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.metrics.Measurement;
import dev.otto.ot.exact.ExactResult;
import dev.otto.ot.exact.NetworkSimplex;

/**
 * The sample estimator of the first-order error of a learned JKO step (MATH.md section 4,
 * Assumption 1, eq. 27-30; seed paper 1, Appendix D). At p_{k+1} = T # p_k,
 * <pre>
 *   xi(y) = grad V(y) + grad log p_{k+1}(y) + (y - T'(y)) / h,    eps^2 = E_{p_{k+1}} |xi|^2,
 * </pre>
 * with V(y) = |y|^2 / 2 and T' the OT map from p_{k+1} back to p_k. Estimated from samples x_i of
 * p_k and y_i of p_{k+1}: T' by the exact discrete OT assignment of the y's to the x's (uniform
 * weights, cost |x - y|^2), and the score by a Gaussian kernel density estimate,
 * grad log p(y) = sum_j w_j (y_j - y) / s^2 with w_j proportional to exp(-|y - y_j|^2 / (2 s^2)).
 * The estimate has a floor of its own (kernel bias, finite-sample OT): about 0.6 for 2000 samples of
 * N((2,2), I) with s^2 = 0.1, the reference experiment's value.
 */
public final class FirstOrderError {

    /** The kernel variance of the reference experiment. */
    public static final double DEFAULT_KERNEL_VARIANCE = 0.1;

    private FirstOrderError() {
    }

    public static String definition(double h, double kernelVariance) {
        return "E|xi|^2, xi(y) = y + grad log p^(y) + (y - T'(y))/h with h = " + h + ", T' the exact OT assignment of "
                + "the pushed samples to the starting samples (cost |x-y|^2), grad log p^ a Gaussian-kernel score with "
                + "variance s^2 = " + kernelVariance + " (seed paper 1, Appendix D)";
    }

    /**
     * The estimate of E|xi|^2 from samples x of p_k and y of p_{k+1} (same size n).
     *
     * @throws IllegalArgumentException if the shapes differ, h or the kernel variance is not positive
     */
    public static Measurement estimate(Tensor x, Tensor y, double h, double kernelVariance) {
        if (!x.sameShape(y)) {
            throw new IllegalArgumentException("y: expected the shape of x " + x.shape() + ", got " + y.shape());
        }
        if (!(h > 0)) {
            throw new IllegalArgumentException("h: must be positive, got " + h);
        }
        if (!(kernelVariance > 0)) {
            throw new IllegalArgumentException("kernelVariance: must be positive, got " + kernelVariance);
        }
        double[][] xs = x.toRows();
        double[][] ys = y.toRows();
        int n = xs.length;
        int d = xs[0].length;
        int[] back = assignment(ys, xs);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            double[] score = kernelScore(ys, i, kernelVariance);
            double s = 0;
            for (int c = 0; c < d; c++) {
                double xi = ys[i][c] + score[c] + (ys[i][c] - xs[back[i]][c]) / h;
                s += xi * xi;
            }
            values[i] = s;
        }
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= n;
        double var = 0;
        for (double v : values) {
            var += (v - mean) * (v - mean);
        }
        double se = n > 1 ? Math.sqrt(var / (n - 1) / n) : Double.NaN;
        return new Measurement("first-order error E|xi|^2", mean, se, definition(h, kernelVariance));
    }

    /** For each y_i the index of the x it is sent to by the exact OT assignment. */
    static int[] assignment(double[][] ys, double[][] xs) {
        int n = ys.length;
        double[][] cost = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int c = 0; c < ys[i].length; c++) {
                    double diff = ys[i][c] - xs[j][c];
                    s += diff * diff;
                }
                cost[i][j] = s;
            }
        }
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0 / n);
        ExactResult r = new NetworkSimplex().solve(w, w, cost);
        int[] to = new int[n];
        double[] best = new double[n];
        java.util.Arrays.fill(to, -1);
        for (int k = 0; k < r.nonZeros(); k++) {
            if (r.mass(k) > best[r.row(k)]) {
                best[r.row(k)] = r.mass(k);
                to[r.row(k)] = r.col(k);
            }
        }
        return to;
    }

    /** The Gaussian-kernel score estimate at y_i, computed with a shifted exponent so it never underflows to 0/0. */
    private static double[] kernelScore(double[][] ys, int i, double s2) {
        int n = ys.length;
        int d = ys[i].length;
        double[] logw = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            double r2 = 0;
            for (int c = 0; c < d; c++) {
                double diff = ys[j][c] - ys[i][c];
                r2 += diff * diff;
            }
            logw[j] = -r2 / (2 * s2);
            max = Math.max(max, logw[j]);
        }
        double total = 0;
        double[] score = new double[d];
        for (int j = 0; j < n; j++) {
            double w = Math.exp(logw[j] - max);
            total += w;
            for (int c = 0; c < d; c++) {
                score[c] += w * (ys[j][c] - ys[i][c]);
            }
        }
        for (int c = 0; c < d; c++) {
            score[c] /= total * s2;
        }
        return score;
    }
}
