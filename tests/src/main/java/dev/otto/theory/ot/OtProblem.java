package dev.otto.theory.ot;

import dev.otto.ot.cost.CostMatrix;
import dev.otto.ot.cost.PointCloudCost;

import java.util.SplittableRandom;

/**
 * A generated discrete OT instance (MATH.md section 1): point clouds x (n x d), y (m x d),
 * weights a, b with equal sums, and the cost |x - y|^2. Generators reach the edge cases the
 * issue names: n = 1 and n != m, zero weights, weights spanning many orders of magnitude,
 * coordinates at scales 1e-6 .. 1e6, duplicate points (ties), total mass != 1.
 *
 * <p>Shared by the property suite (its jqwik arbitrary is {@code OtProblems} in the test sources)
 * and the theorem catalog ({@code dev.otto.theory.verify}).
 */
public final class OtProblem {
    /** Weight modes of {@link #build}: uniform, with zeros, over eight decades, total mass 1e3. */
    public static final int WEIGHT_MODES = 4;

    public final double[][] x;
    public final double[][] y;
    public final double[] a;
    public final double[] b;
    public final double scale;

    public OtProblem(double[][] x, double[][] y, double[] a, double[] b, double scale) {
        this.x = x;
        this.y = y;
        this.a = a;
        this.b = b;
        this.scale = scale;
    }

    public int n() {
        return a.length;
    }

    public int m() {
        return b.length;
    }

    public int dimension() {
        return x[0].length;
    }

    public CostMatrix cost() {
        return CostMatrix.of(PointCloudCost.squaredEuclidean(x, y));
    }

    public double maxCost() {
        return cost().maxAbs();
    }

    /** The same clouds with both weight vectors normalised to probability weights. */
    public OtProblem probability() {
        return new OtProblem(x, y, normalised(a), normalised(b), scale);
    }

    /**
     * Clouds of n and m points in dimension d at the given coordinate scale; weightMode 0 uniform,
     * 1 with zeros, 2 spanning eight decades, 3 like 2 with total mass 1e3 (the others have mass 1).
     */
    public static OtProblem build(int n, int m, int d, double scale, int weightMode, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = cloud(rng, n, d, scale);
        double[][] y = cloud(rng, m, d, scale);
        double[] a = weights(rng, n, weightMode);
        double[] b = weights(rng, m, weightMode);
        // total mass 1 for modes 0-2, 1e3 for mode 3 (non-normalised measures)
        double target = weightMode == 3 ? 1e3 : 1;
        normalise(a, target);
        normalise(b, target);
        return new OtProblem(x, y, a, b, scale);
    }

    private static double[][] cloud(SplittableRandom rng, int n, int d, double scale) {
        double[][] p = new double[n][d];
        for (int i = 0; i < n; i++) {
            if (i > 0 && rng.nextInt(6) == 0) {
                p[i] = p[rng.nextInt(i)].clone(); // duplicate point: ties in the cost
                continue;
            }
            for (int k = 0; k < d; k++) {
                p[i][k] = scale * rng.nextGaussian();
            }
        }
        return p;
    }

    private static double[] weights(SplittableRandom rng, int n, int mode) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            switch (mode) {
                case 0:
                    w[i] = 1;
                    break;
                case 1:
                    w[i] = rng.nextInt(3) == 0 ? 0 : rng.nextDouble();
                    break;
                default:
                    w[i] = Math.pow(10, -8 * rng.nextDouble());
            }
        }
        if (sum(w) == 0) {
            w[rng.nextInt(n)] = 1;
        }
        return w;
    }

    public static double sum(double[] w) {
        double s = 0;
        for (double v : w) {
            s += v;
        }
        return s;
    }

    private static void normalise(double[] w, double target) {
        double s = sum(w);
        for (int i = 0; i < w.length; i++) {
            w[i] *= target / s;
        }
    }

    /** w / sum(w): probability weights. */
    public static double[] normalised(double[] w) {
        double s = sum(w);
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = w[i] / s;
        }
        return out;
    }

    /** Shannon entropy H(w) = -sum w log w (0 log 0 = 0). */
    public static double entropy(double[] w) {
        double h = 0;
        for (double v : w) {
            if (v > 0) {
                h -= v * Math.log(v);
            }
        }
        return h;
    }

    @Override
    public String toString() {
        return "OtProblem{n=" + n() + ", m=" + m() + ", d=" + x[0].length + ", scale=" + scale + ", a=" + java.util.Arrays.toString(a)
                + ", b=" + java.util.Arrays.toString(b) + "}";
    }
}
