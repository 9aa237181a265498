package dev.otto.flows.metrics;

import dev.otto.autodiff.Tensor;
import java.util.Arrays;

/**
 * The bandwidth s of the Gaussian kernel k(x, y) = exp(-|x - y|^2 / (2 s^2)) used by
 * {@link MmdSquared} (MATH.md section 7: "say which bandwidth").
 */
public sealed interface Bandwidth {

    /** The bandwidth for comparing samples x and y. */
    double resolve(Tensor x, Tensor y);

    /** A description for the metric's definition text. */
    String describe();

    /** A fixed bandwidth s > 0. */
    static Bandwidth fixed(double s) {
        return new Fixed(s);
    }

    /** The median heuristic with factor 1 (Gretton et al.): s = median pairwise distance. */
    static Bandwidth median() {
        return new Median(1.0);
    }

    /** s = factor x the median pairwise distance (JKO-iFlow uses factor 0.1). */
    static Bandwidth median(double factor) {
        return new Median(factor);
    }

    /**
     * A fixed bandwidth.
     *
     * @param s the bandwidth, positive and finite
     */
    record Fixed(double s) implements Bandwidth {
        /** Checks s. */
        public Fixed {
            if (!(s > 0) || !Double.isFinite(s)) {
                throw new IllegalArgumentException("s: expected a positive finite bandwidth, got " + s);
            }
        }

        @Override
        public double resolve(Tensor x, Tensor y) {
            return s;
        }

        @Override
        public String describe() {
            return "fixed s = " + s;
        }
    }

    /**
     * The median heuristic: s = factor x median { |z_i - z_j| : i &lt; j } over the pooled sample
     * z = x and y together. Above {@value #MAX_POINTS} pooled points an evenly strided,
     * deterministic subsample of that size is used (the median of 500 thousand distances is already
     * stable to well under 1%). Because s then depends on the data, the MMD^2 estimate is no longer
     * exactly unbiased; use a fixed bandwidth where unbiasedness matters.
     *
     * @param factor the multiplier, positive and finite
     */
    record Median(double factor) implements Bandwidth {
        /** Pooled points above which the median is taken over a strided subsample. */
        public static final int MAX_POINTS = 1000;

        /** Checks factor. */
        public Median {
            if (!(factor > 0) || !Double.isFinite(factor)) {
                throw new IllegalArgumentException("factor: expected a positive finite multiplier, got " + factor);
            }
        }

        @Override
        public double resolve(Tensor x, Tensor y) {
            Kernels.checkPair(x, y);
            int n = x.rows() + y.rows();
            int d = x.cols();
            int m = Math.min(n, MAX_POINTS);
            double[][] z = new double[m][];
            for (int k = 0; k < m; k++) {
                int i = (int) ((long) k * n / m);
                z[k] = i < x.rows() ? x.row(i) : y.row(i - x.rows());
            }
            double[] dist = new double[m * (m - 1) / 2];
            int p = 0;
            for (int i = 0; i < m; i++) {
                for (int j = i + 1; j < m; j++) {
                    dist[p++] = Math.sqrt(Kernels.squaredDistance(z[i], z[j], d));
                }
            }
            Arrays.sort(dist);
            int c = dist.length;
            double med = c % 2 == 1 ? dist[c / 2] : 0.5 * (dist[c / 2 - 1] + dist[c / 2]);
            if (!(med > 0) || !Double.isFinite(med)) {
                throw new IllegalArgumentException("x, y: the median heuristic needs a positive finite median pairwise"
                        + " distance, got " + med + " (are most points identical?); use Bandwidth.fixed");
            }
            return factor * med;
        }

        @Override
        public String describe() {
            return (factor == 1.0 ? "" : factor + " x ") + "median pairwise distance of the pooled sample (median heuristic)";
        }
    }
}
