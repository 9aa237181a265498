package dev.otto.ot.exact;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the network simplex promises beside optimality (which the theory suite holds, {@code
 * ot.assignment} and {@code ot.duality}): the plan's nonzeros come sorted by (row, column), so the
 * result does not depend on the spanning tree's internal order; the potentials are gauged so that
 * &lt;a, f&gt; = &lt;b, g&gt;, each half of the dual objective; the pivot limit is max(10^6, n m) and
 * a non-positive limit is refused.
 */
class NetworkSimplexContractTest {

    private static double[][] costs(int n, int m, SplittableRandom rng) {
        double[][] c = new double[n][m];
        for (double[] row : c) {
            for (int j = 0; j < m; j++) {
                row[j] = 10 * rng.nextDouble() + 5; // away from 0, so a gauge error cannot hide
            }
        }
        return c;
    }

    private static double[] weights(int n, SplittableRandom rng) {
        double[] w = new double[n];
        double s = 0;
        for (int i = 0; i < n; i++) {
            w[i] = 0.1 + rng.nextDouble();
            s += w[i];
        }
        for (int i = 0; i < n; i++) {
            w[i] /= s;
        }
        return w;
    }

    @Test
    void planEntriesComeSortedByRowThenColumn() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int trial = 0; trial < 20; trial++) {
            int n = 3 + rng.nextInt(15);
            int m = 3 + rng.nextInt(15);
            ExactResult r = new NetworkSimplex().solve(weights(n, rng), weights(m, rng), costs(n, m, rng));
            assertTrue(r.nonZeros() >= Math.max(n, m), "a plan needs at least max(n, m) entries");
            for (int k = 1; k < r.nonZeros(); k++) {
                long prev = ((long) r.row(k - 1) << 32) | r.col(k - 1);
                long here = ((long) r.row(k) << 32) | r.col(k);
                assertTrue(prev < here, "entry " + k + " (" + r.row(k) + ", " + r.col(k) + ") after ("
                        + r.row(k - 1) + ", " + r.col(k - 1) + ")");
            }
            double[][] dense = r.densePlan();
            for (int k = 0; k < r.nonZeros(); k++) {
                assertEquals(r.mass(k), dense[r.row(k)][r.col(k)], 0.0, "the sorted masses travel with their cells");
            }
        }
    }

    @Test
    void potentialsAreGaugedSoThatBothHalvesOfTheDualAreEqual() {
        SplittableRandom rng = new SplittableRandom(12);
        for (int trial = 0; trial < 20; trial++) {
            int n = 2 + rng.nextInt(12);
            int m = 2 + rng.nextInt(12);
            double[] a = weights(n, rng);
            double[] b = weights(m, rng);
            ExactResult r = new NetworkSimplex().solve(a, b, costs(n, m, rng));
            double af = 0;
            double bg = 0;
            for (int i = 0; i < n; i++) {
                af += a[i] * r.f()[i];
            }
            for (int j = 0; j < m; j++) {
                bg += b[j] * r.g()[j];
            }
            // each half is the optimal cost over 2 (strong duality), to rounding of sums of size 15
            assertEquals(af, bg, 1e-12 * 15, "<a, f> against <b, g>");
            assertEquals(r.cost(), af + bg, 1e-11 * 15, "strong duality");
        }
    }

    @Test
    void pivotLimitIsTheLargerOfAMillionAndTheCellCount() {
        assertEquals(1_000_000L, NetworkSimplex.defaultMaxIterations(10, 10));
        assertEquals(2_000L * 3_000L, NetworkSimplex.defaultMaxIterations(2_000, 3_000));
        assertThrows(IllegalArgumentException.class, () -> new NetworkSimplex().withMaxIterations(0));
        // a limit of one pivot is a valid (if short) limit: the solve reports that it stopped
        ExactResult stopped = new NetworkSimplex().withMaxIterations(1)
                .solve(new double[] {0.5, 0.5}, new double[] {0.5, 0.5}, new double[][] {{1, 0}, {0, 1}});
        assertTrue(stopped.iterations() <= 1, stopped::toString);
    }
}
