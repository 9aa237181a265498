package dev.otto.flows.metrics;

import dev.otto.autodiff.Tensor;

/** Shared pair loops for the kernel metrics. */
final class Kernels {

    private Kernels() {
    }

    static double squaredDistance(double[] a, double[] b, int d) {
        double s = 0;
        for (int k = 0; k < d; k++) {
            double t = a[k] - b[k];
            s += t * t;
        }
        return s;
    }

    static void checkPair(Tensor x, Tensor y) {
        if (x == null || y == null) {
            throw new IllegalArgumentException("x, y: expected two sample tensors, got null");
        }
        if (x.cols() != y.cols()) {
            throw new IllegalArgumentException("y: expected n x " + x.cols() + " (the dimension of x), got " + y.shape());
        }
        if (x.rows() < 2 || y.rows() < 2) {
            throw new IllegalArgumentException("x, y: the unbiased estimate needs at least 2 samples each, got "
                    + x.shape() + " and " + y.shape());
        }
        if (!x.isFinite() || !y.isFinite()) {
            throw new IllegalArgumentException("x, y: expected finite samples, got a non-finite entry in "
                    + (x.isFinite() ? "y" : "x"));
        }
    }

    /**
     * The unbiased MMD^2 for each inverse kernel scale g_b = 1 / (2 s_b^2) (MATH.md section 7):
     * mean_{i != j} k(x_i, x_j) + mean_{i != j} k(y_i, y_j) - 2 mean_{i, j} k(x_i, y_j).
     */
    static double[] unbiasedMmd2(Tensor x, Tensor y, double[] bandwidths) {
        int m = x.rows();
        int n = y.rows();
        int d = x.cols();
        int b = bandwidths.length;
        double[] g = new double[b];
        for (int k = 0; k < b; k++) {
            g[k] = 1.0 / (2 * bandwidths[k] * bandwidths[k]);
        }
        double[][] xs = x.toRows();
        double[][] ys = y.toRows();
        double[] kxx = new double[b];
        double[] kyy = new double[b];
        double[] kxy = new double[b];
        for (int i = 0; i < m; i++) {
            for (int j = i + 1; j < m; j++) {
                double s = squaredDistance(xs[i], xs[j], d);
                for (int k = 0; k < b; k++) {
                    kxx[k] += Math.exp(-g[k] * s);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = squaredDistance(ys[i], ys[j], d);
                for (int k = 0; k < b; k++) {
                    kyy[k] += Math.exp(-g[k] * s);
                }
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = squaredDistance(xs[i], ys[j], d);
                for (int k = 0; k < b; k++) {
                    kxy[k] += Math.exp(-g[k] * s);
                }
            }
        }
        double[] out = new double[b];
        for (int k = 0; k < b; k++) {
            // the i < j sums count each unordered pair once: mean over i != j is 2 sum / (m (m - 1))
            out[k] = 2 * kxx[k] / ((double) m * (m - 1)) + 2 * kyy[k] / ((double) n * (n - 1))
                    - 2 * kxy[k] / ((double) m * n);
        }
        return out;
    }
}
