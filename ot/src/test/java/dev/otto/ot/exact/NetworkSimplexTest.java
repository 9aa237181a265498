package dev.otto.ot.exact;

import dev.otto.ot.cost.PointCloudCost;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Examples of the network simplex. Its optimality against the brute-force assignment oracle (the
 * one in tests/src/main, {@code dev.otto.theory.ot.BruteForceAssignment}) is the property
 * {@code ExactBruteForceProperties} of the theory suite, statement {@code ot.assignment}.
 */
class NetworkSimplexTest {

    @Test
    void solvesPointCloudsAndKeepsDualsFeasible() {
        SplittableRandom rng = new SplittableRandom(7);
        int n = 300;
        int m = 217;
        double[][] x = new double[n][2];
        double[][] y = new double[m][2];
        for (double[] p : x) {
            p[0] = rng.nextGaussian();
            p[1] = rng.nextGaussian();
        }
        for (double[] p : y) {
            p[0] = rng.nextGaussian() + 1;
            p[1] = rng.nextGaussian();
        }
        double[] a = new double[n];
        double[] b = new double[m];
        for (int i = 0; i < n; i++) {
            a[i] = rng.nextInt(5) == 0 ? 0 : rng.nextDouble();
        }
        double sa = 0;
        for (double v : a) {
            sa += v;
        }
        double sb = 0;
        for (int j = 0; j < m; j++) {
            b[j] = rng.nextDouble();
            sb += b[j];
        }
        for (int j = 0; j < m; j++) {
            b[j] *= sa / sb;
        }
        PointCloudCost lazy = PointCloudCost.squaredEuclidean(x, y);
        ExactResult r = new NetworkSimplex().solve(a, b, lazy);
        ExactResult r2 = new NetworkSimplex().solve(a, b, dev.otto.ot.cost.CostMatrix.of(lazy));
        assertEquals(TransportStatus.OPTIMAL, r.status());
        assertEquals(r.cost(), r2.cost(), 1e-12 * r.cost());
        assertEquals(r.cost(), r.dualObjective(a, b), 1e-10 * r.cost());
        double[] f = r.f();
        double[] g = r.g();
        System.out.println("maxf " + java.util.Arrays.stream(f).map(Math::abs).max().getAsDouble() + " maxg " + java.util.Arrays.stream(g).map(Math::abs).max().getAsDouble() + " it " + r.iterations());
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                assertTrue(f[i] + g[j] <= lazy.get(i, j) + 1e-12, i + " " + j + " " + (f[i] + g[j] - lazy.get(i, j)) + " a=" + a[i] + " b=" + b[j]);
            }
        }
        assertTrue(r.nonZeros() <= n + m - 1);
    }

    @Test
    void rejectsBadWeights() {
        double[][] c = {{0, 1}, {1, 0}};
        assertThrows(IllegalArgumentException.class, () -> new NetworkSimplex().solve(new double[] {0.5, -0.1}, new double[] {0.2, 0.2}, c));
        assertThrows(IllegalArgumentException.class, () -> new NetworkSimplex().solve(new double[] {0.5, 0.5}, new double[] {0.5, 0.6}, c));
        assertThrows(IllegalArgumentException.class, () -> new NetworkSimplex().solve(new double[] {0.5, Double.NaN}, new double[] {0.5, 0.5}, c));
        assertThrows(IllegalArgumentException.class, () -> new NetworkSimplex().solve(new double[] {0.5, 0.5}, new double[] {0.5, 0.5}, new double[][] {{0, Double.NaN}, {1, 0}}));
    }
}
