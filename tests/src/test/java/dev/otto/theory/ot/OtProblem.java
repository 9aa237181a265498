package dev.otto.theory.ot;

import dev.otto.ot.cost.CostMatrix;
import dev.otto.ot.cost.PointCloudCost;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.util.SplittableRandom;

/**
 * A generated discrete OT instance (MATH.md section 1): point clouds x (n x d), y (m x d),
 * weights a, b with equal sums, and the cost |x - y|^2. Generators reach the edge cases the
 * issue names: n = 1 and n != m, zero weights, weights spanning many orders of magnitude,
 * coordinates at scales 1e-6 .. 1e6, duplicate points (ties), total mass != 1.
 */
final class OtProblem {
    final double[][] x;
    final double[][] y;
    final double[] a;
    final double[] b;
    final double scale;

    OtProblem(double[][] x, double[][] y, double[] a, double[] b, double scale) {
        this.x = x;
        this.y = y;
        this.a = a;
        this.b = b;
        this.scale = scale;
    }

    int n() {
        return a.length;
    }

    int m() {
        return b.length;
    }

    CostMatrix cost() {
        return CostMatrix.of(PointCloudCost.squaredEuclidean(x, y));
    }

    double maxCost() {
        return cost().maxAbs();
    }

    /** Problems with n, m in [1, maxN], dimension 1..3. */
    static Arbitrary<OtProblem> problems(int maxN, boolean uniformEqual) {
        Arbitrary<Integer> n = Arbitraries.integers().between(1, maxN);
        Arbitrary<Integer> m = Arbitraries.integers().between(1, maxN);
        Arbitrary<Integer> d = Arbitraries.integers().between(1, 3);
        Arbitrary<Integer> scaleExp = Arbitraries.integers().between(-6, 6);
        Arbitrary<Integer> weightMode = Arbitraries.integers().between(0, 3);
        Arbitrary<Long> seed = Arbitraries.longs();
        return Combinators.combine(n, m, d, scaleExp, weightMode, seed)
                .as((nn, mm, dd, se, wm, sd) -> build(nn, uniformEqual ? nn : mm, dd, Math.pow(10, se), uniformEqual ? 0 : wm, sd));
    }

    static OtProblem build(int n, int m, int d, double scale, int weightMode, long seed) {
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

    static double sum(double[] w) {
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

    static double entropy(double[] w) {
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
