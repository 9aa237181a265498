package dev.otto.ot;

import dev.otto.ot.internal.Checks;

/**
 * Exact W_p on the real line, MATH.md section 1 ("1-D"): W_p^p = integral_0^1 |F^-1(s) - G^-1(s)|^p ds,
 * computed by sorting both weighted samples and merging their quantile functions (the
 * north-west-corner plan on sorted supports, which is optimal for every convex cost |x - y|^p,
 * p &gt;= 1). O((n + m) log(n + m)). {@link #wp} returns W_p, {@link #wpp} returns W_p^p.
 * Weights are normalised to probabilities (their sums must agree to a relative 1e-9).
 */
public final class OneDimensional {

    private OneDimensional() {
    }

    /** W_p with uniform weights. */
    public static double wp(double[] x, double[] y, double p) {
        return wp(x, null, y, null, p);
    }

    /** W_p (p-th root) with weights (null = uniform). */
    public static double wp(double[] x, double[] a, double[] y, double[] b, double p) {
        double v = wpp(x, a, y, b, p);
        return p == 1 ? v : Math.pow(v, 1 / p);
    }

    /** W_p^p with weights (null = uniform), p &gt;= 1. */
    public static double wpp(double[] x, double[] a, double[] y, double[] b, double p) {
        if (!(p >= 1) || !Double.isFinite(p)) {
            throw new IllegalArgumentException("p: expected a finite exponent >= 1, got " + p);
        }
        if (x == null || x.length == 0) {
            throw new IllegalArgumentException("x: expected a non-empty sample, got " + (x == null ? "null" : "length 0"));
        }
        if (y == null || y.length == 0) {
            throw new IllegalArgumentException("y: expected a non-empty sample, got " + (y == null ? "null" : "length 0"));
        }
        Checks.finite("x", x);
        Checks.finite("y", y);
        double[] wa = a == null ? Checks.uniform(x.length) : a;
        double[] wb = b == null ? Checks.uniform(y.length) : b;
        if (wa.length != x.length) {
            throw new IllegalArgumentException("a: expected " + x.length + " weights, got " + wa.length);
        }
        if (wb.length != y.length) {
            throw new IllegalArgumentException("b: expected " + y.length + " weights, got " + wb.length);
        }
        Checks.balanced(wa, wb);
        double[][] xs = sortedWithWeights(x, a, wa);
        double[][] ys = sortedWithWeights(y, b, wb);
        return merge(xs[0], xs[1], ys[0], ys[1], p);
    }

    /**
     * The values in increasing order with their weights normalised to probabilities: a plain sort
     * for uniform weights (given == null), an index sort otherwise.
     */
    private static double[][] sortedWithWeights(double[] v, double[] given, double[] w) {
        if (given == null) {
            double[] sorted = v.clone();
            RadixSort.sort(sorted);
            return new double[][] {sorted, Checks.uniform(v.length)};
        }
        double s = 0;
        for (double t : w) {
            s += t;
        }
        int[] idx = order(v);
        double[] values = new double[v.length];
        double[] weights = new double[v.length];
        for (int k = 0; k < v.length; k++) {
            values[k] = v[idx[k]];
            weights[k] = w[idx[k]] / s;
        }
        return new double[][] {values, weights};
    }

    /** The north-west-corner plan on sorted supports: sum of |x - y|^p times the shared quantile mass. */
    private static double merge(double[] x, double[] wa, double[] y, double[] wb, double p) {
        int i = 0;
        int j = 0;
        double ra = wa[0];
        double rb = wb[0];
        double total = 0;
        while (i < x.length && j < y.length) {
            double t = Math.min(ra, rb);
            double d = Math.abs(x[i] - y[j]);
            total += t * (p == 1 ? d : p == 2 ? d * d : Math.pow(d, p));
            ra -= t;
            rb -= t;
            if (ra <= rb) {
                if (++i < x.length) {
                    ra += wa[i];
                }
            } else {
                if (++j < y.length) {
                    rb += wb[j];
                }
            }
        }
        return total;
    }

    private static int[] order(double[] v) {
        Integer[] idx = new Integer[v.length];
        for (int k = 0; k < v.length; k++) {
            idx[k] = k;
        }
        java.util.Arrays.sort(idx, (p, q) -> Double.compare(v[p], v[q]));
        int[] out = new int[v.length];
        for (int k = 0; k < v.length; k++) {
            out[k] = idx[k];
        }
        return out;
    }
}
