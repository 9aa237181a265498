package dev.otto.ot.sinkhorn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.ot.cost.Cost;
import dev.otto.ot.cost.PointCloudCost;
import dev.otto.ot.internal.Checks;
import dev.otto.ot.internal.Parallel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The averaged and the symmetric Sinkhorn iterations reach the fixed point of the log-domain
 * updates (MATH.md section 1): their dual objectives equal OT_eps as the alternating solver finds it,
 * to the error both leave at a 1e-12 marginal tolerance (a dual objective is stationary at the
 * optimum, so an L1 marginal error e moves it by O(e^2 / eps) and 1e-9 relative is loose), and the
 * results do not depend on the thread count.
 */
class AveragedAndSymmetricSinkhornTest {

    private static double[][] cloud(SplittableRandom rng, int n, double shift) {
        double[][] p = new double[n][2];
        for (double[] row : p) {
            row[0] = shift + rng.nextGaussian();
            row[1] = rng.nextGaussian();
        }
        return p;
    }

    @Test
    void symmetricFixedPointIsTheSelfTransportOfTheAlternatingSolver() {
        SplittableRandom rng = new SplittableRandom(1);
        double[][] x = cloud(rng, 40, 0);
        double[] a = Checks.uniform(40);
        Cost c = PointCloudCost.squaredEuclidean(x, x);
        SymmetricSinkhorn.Result r = SymmetricSinkhorn.solve(a, c, 0.5, 1e-12, 10_000);
        assertTrue(r.converged(), "marginal error " + r.marginalError());
        double expected = Sinkhorn.logDomain().withEpsilon(0.5).withTolerance(1e-12).solve(a, a, c).objective();
        assertEquals(expected, r.objective(), 1e-9 * Math.abs(expected));
    }

    @Test
    void averagedIterationReachesTheAlternatingSolversOptimum() {
        SplittableRandom rng = new SplittableRandom(2);
        double[][] x = cloud(rng, 30, 0);
        double[][] y = cloud(rng, 25, 0.3);
        double[] a = Checks.uniform(30);
        double[] b = Checks.uniform(25);
        Cost c = PointCloudCost.squaredEuclidean(x, y);
        AveragedSinkhorn.Result r = AveragedSinkhorn.solve(a, b, c, 0.5, 1e-12, 10_000, new double[30], new double[25]);
        assertTrue(r.converged(), "marginal error " + r.marginalError());
        double expected = Sinkhorn.logDomain().withEpsilon(0.5).withTolerance(1e-12).solve(a, b, c).objective();
        assertEquals(expected, r.objective(), 1e-9 * Math.abs(expected));
        double[] row = new double[25];
        double mass = 0;
        for (int i = 0; i < 30; i++) {
            r.planRow(i, row);
            for (double p : row) {
                mass += p;
            }
        }
        assertEquals(1, mass, 1e-11);
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        // 300 x 300 points: above Parallel's threshold, so the transforms run in blocks over the pool
        SplittableRandom rng = new SplittableRandom(3);
        double[][] x = cloud(rng, 300, 0);
        double[][] y = cloud(rng, 300, 0.5);
        double[] a = Checks.uniform(300);
        Cost cxy = PointCloudCost.squaredEuclidean(x, y);
        Cost cxx = PointCloudCost.squaredEuclidean(x, x);
        double[][] runs = new double[2][];
        double[][] selfRuns = new double[2][];
        boolean was = Parallel.isEnabled();
        try {
            for (int k = 0; k < 2; k++) {
                Parallel.setEnabled(k == 0);
                runs[k] = AveragedSinkhorn.solve(a, a, cxy, 0.3, 1e-9, 50, new double[300], new double[300]).f();
                selfRuns[k] = SymmetricSinkhorn.solve(a, cxx, 0.3, 1e-9, 50).f();
            }
        } finally {
            Parallel.setEnabled(was);
        }
        assertArrayEquals(runs[0], runs[1], 0.0);
        assertArrayEquals(selfRuns[0], selfRuns[1], 0.0);
    }

    @Test
    void startingPotentialsOfTheWrongLengthAreNamed() {
        double[][] x = {{0, 0}, {1, 1}};
        Cost c = PointCloudCost.squaredEuclidean(x, x);
        double[] a = {0.5, 0.5};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AveragedSinkhorn.solve(a, a, c, 1, 1e-9, 10, new double[3], new double[2]));
        assertTrue(e.getMessage().startsWith("f0, g0: expected starting potentials of lengths 2 and 2"), e.getMessage());
    }
}
