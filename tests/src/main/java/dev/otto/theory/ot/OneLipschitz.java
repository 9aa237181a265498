package dev.otto.theory.ot;

import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Generated 1-Lipschitz functions for the Kantorovich-Rubinstein statement of MATH.md section 1,
 * W_1(mu, nu) = sup { E_mu g - E_nu g : Lip(g) &lt;= 1 }, Euclidean ground distance.
 */
public final class OneLipschitz {

    private OneLipschitz() {
    }

    /**
     * A 1-Lipschitz g = (1 - w) [l min_k (c_k + |z - z_k|) + (1 - l) u.z] + w phi(z): cones with
     * random apexes z_k (at twice the problem's scale) and offsets c_k, a linear part with |u| &lt;= 1,
     * and, with probability 1/2, the c-transform phi of the W_1 dual h mixed in with weight w close
     * to 1 (so that E_mu g - E_nu g comes within a fraction of a percent of W_1); a convex
     * combination of 1-Lipschitz functions is 1-Lipschitz.
     */
    public static ToDoubleFunction<double[]> generate(OtProblem p, double[] h, SplittableRandom rng) {
        int d = p.dimension();
        int cones = 1 + rng.nextInt(4);
        double[][] apex = new double[cones][d];
        double[] off = new double[cones];
        for (int k = 0; k < cones; k++) {
            for (int t = 0; t < d; t++) {
                apex[k][t] = p.scale * 2 * rng.nextGaussian();
            }
            off[k] = p.scale * rng.nextGaussian();
        }
        double[] u = new double[d];
        double norm = 0;
        for (int t = 0; t < d; t++) {
            u[t] = rng.nextGaussian();
            norm += u[t] * u[t];
        }
        double len = rng.nextDouble() / Math.max(Math.sqrt(norm), 1e-300);
        for (int t = 0; t < d; t++) {
            u[t] *= len;
        }
        double lambda = rng.nextDouble();
        double mix = rng.nextBoolean() ? 1 - 0.01 * Math.pow(rng.nextDouble(), 3) : 0;
        double[][] y = p.y;
        return z -> (1 - mix) * conesAndPlane(z, apex, off, u, lambda) + mix * cTransform(z, y, h);
    }

    /** lambda min_k (off_k + |z - apex_k|) + (1 - lambda) u.z, with |u| &lt;= 1. */
    static double conesAndPlane(double[] z, double[][] apex, double[] off, double[] u, double lambda) {
        double mn = Double.POSITIVE_INFINITY;
        for (int k = 0; k < apex.length; k++) {
            mn = Math.min(mn, off[k] + distance(z, apex[k]));
        }
        double lin = 0;
        for (int t = 0; t < z.length; t++) {
            lin += u[t] * z[t];
        }
        return lambda * mn + (1 - lambda) * lin;
    }

    /** The c-transform phi(z) = min_j (|z - y_j| - h_j): 1-Lipschitz, a minimum of 1-Lipschitz functions. */
    public static double cTransform(double[] z, double[][] y, double[] h) {
        double mn = Double.POSITIVE_INFINITY;
        for (int j = 0; j < y.length; j++) {
            mn = Math.min(mn, distance(z, y[j]) - h[j]);
        }
        return mn;
    }

    /** |z - w|. */
    public static double distance(double[] z, double[] w) {
        double s = 0;
        for (int t = 0; t < z.length; t++) {
            double e = z[t] - w[t];
            s += e * e;
        }
        return Math.sqrt(s);
    }
}
