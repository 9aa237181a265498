package dev.otto.ot;

import dev.otto.ot.cost.Cost;
import dev.otto.ot.cost.CostMatrix;
import dev.otto.ot.cost.PointCloudCost;
import dev.otto.ot.exact.ExactResult;
import dev.otto.ot.exact.NetworkSimplex;
import dev.otto.ot.exact.TransportStatus;
import dev.otto.ot.internal.Checks;

/**
 * Exact Wasserstein distances between weighted point clouds, MATH.md section 1
 * ("W_p between point clouds": W_p^p = OT(a, b, C) with C_ij = |x_i - y_j|^p), solved by
 * {@link NetworkSimplex}. Methods named {@code w1}, {@code w2}, {@code wp} return the distance
 * W_p itself (the p-th root); {@code w2Squared} and {@code wpp} return W_p^p. Without weights,
 * uniform weights 1/n and 1/m are used (probability measures, so W_1 &lt;= W_2).
 *
 * <p>The cost matrix is stored when n m &lt;= {@link #DENSE_LIMIT} (faster pricing), otherwise
 * evaluated on the fly (O(n + m) memory). A result that is not OPTIMAL raises
 * {@link ArithmeticException} (use {@link NetworkSimplex} directly to inspect it).
 */
public final class Wasserstein {

    /** Largest n m for which the cost matrix is materialised (8 bytes per entry). */
    public static final long DENSE_LIMIT = 120_000_000L;

    private Wasserstein() {
    }

    /** W_1 with uniform weights. */
    public static double w1(double[][] x, double[][] y) {
        return wp(x, null, y, null, 1);
    }

    /** W_2 (not squared) with uniform weights. */
    public static double w2(double[][] x, double[][] y) {
        return Math.sqrt(w2Squared(x, y));
    }

    /** W_2^2 with uniform weights. */
    public static double w2Squared(double[][] x, double[][] y) {
        return wpp(x, null, y, null, 2);
    }

    /** W_1 with weights a, b (null = uniform). */
    public static double w1(double[][] x, double[] a, double[][] y, double[] b) {
        return wp(x, a, y, b, 1);
    }

    /** W_2 with weights a, b (null = uniform). */
    public static double w2(double[][] x, double[] a, double[][] y, double[] b) {
        return Math.sqrt(wpp(x, a, y, b, 2));
    }

    /** W_p (the p-th root of the optimal cost) with weights a, b (null = uniform), p &gt;= 1. */
    public static double wp(double[][] x, double[] a, double[][] y, double[] b, double p) {
        double v = wpp(x, a, y, b, p);
        return p == 1 ? v : Math.pow(v, 1 / p);
    }

    /** W_p^p = OT(a, b, |x - y|^p) with weights a, b (null = uniform), p &gt;= 1. */
    public static double wpp(double[][] x, double[] a, double[][] y, double[] b, double p) {
        return solve(x, a, y, b, p).cost();
    }

    /** W_1 with uniform weights between flat row-major clouds (x: n points, y: m points, dimension d). */
    public static double w1(double[] x, int n, double[] y, int m, int d) {
        return solve(x, n, null, y, m, null, d, 1).cost();
    }

    /** W_2 (not squared) with uniform weights between flat row-major clouds. */
    public static double w2(double[] x, int n, double[] y, int m, int d) {
        return Math.sqrt(w2Squared(x, n, y, m, d));
    }

    /** W_2^2 with uniform weights between flat row-major clouds. */
    public static double w2Squared(double[] x, int n, double[] y, int m, int d) {
        return solve(x, n, null, y, m, null, d, 2).cost();
    }

    /** The full exact solution for C = |x - y|^p between flat row-major clouds, weights a, b (null = uniform). */
    public static ExactResult solve(double[] x, int n, double[] a, double[] y, int m, double[] b, int d, double p) {
        exponent(p);
        return solve(PointCloudCost.power(x, n, y, m, d, p), a, b);
    }

    /** The full exact solution (plan, duals, status) for C = |x - y|^p. */
    public static ExactResult solve(double[][] x, double[] a, double[][] y, double[] b, double p) {
        exponent(p);
        return solve(PointCloudCost.power(x, y, p), a, b);
    }

    private static void exponent(double p) {
        if (!(p >= 1) || !Double.isFinite(p)) {
            throw new IllegalArgumentException("p: expected a finite exponent >= 1, got " + p);
        }
    }

    /** Network simplex on the cost (stored when small enough), uniform weights where a or b is null. */
    private static ExactResult solve(Cost pointCost, double[] a, double[] b) {
        Cost cost = pointCost;
        double[] wa = a == null ? Checks.uniform(cost.rows()) : a;
        double[] wb = b == null ? Checks.uniform(cost.cols()) : b;
        if ((long) cost.rows() * cost.cols() <= DENSE_LIMIT) {
            cost = CostMatrix.of(cost);
        }
        ExactResult r = new NetworkSimplex().solve(wa, wb, cost);
        if (r.status() != TransportStatus.OPTIMAL) {
            throw new ArithmeticException("network simplex: status " + r.status() + " after " + r.iterations()
                    + " pivots (n = " + cost.rows() + ", m = " + cost.cols() + ")");
        }
        return r;
    }
}
