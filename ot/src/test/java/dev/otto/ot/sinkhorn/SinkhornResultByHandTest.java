package dev.otto.ot.sinkhorn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.ot.Wasserstein;
import dev.otto.ot.cost.CostMatrix;
import dev.otto.ot.cost.PointCloudCost;
import org.junit.jupiter.api.Test;

/**
 * What a Sinkhorn result reports, recomputed by hand on a 3 x 2 case with skewed weights (MATH.md
 * section 1, "Entropic OT"): each plan entry is a_i b_j exp((f_i + g_j - C_ij)/eps), the dual
 * objective is &lt;a, f&gt; + &lt;b, g&gt; and meets the primal objective at convergence; and the
 * entry points that take an eps or an exponent refuse bad ones.
 */
class SinkhornResultByHandTest {

    private static final double[][] X = {{0, 0}, {1, 0}, {0, 2}};
    private static final double[][] Y = {{0.5, 0.5}, {1, 1.5}};
    private static final double[] A = {0.5, 0.3, 0.2};
    private static final double[] B = {0.7, 0.3};

    @Test
    void planEntriesAndTheDualObjectiveByHand() {
        PointCloudCost c = PointCloudCost.squaredEuclidean(X, Y);
        SinkhornResult r = Sinkhorn.logDomain().withEpsilon(0.5).withTolerance(1e-13).withMaxIterations(100_000).solve(A, B, c);
        assertTrue(r.converged());
        assertFalse(r.hasExplicitCost());
        double dual = 0;
        double[] row = new double[2];
        for (int i = 0; i < 3; i++) {
            dual += A[i] * r.f()[i];
            r.planRow(i, row);
            for (int j = 0; j < 2; j++) {
                double byHand = A[i] * B[j] * Math.exp((r.f()[i] + r.g()[j] - c.get(i, j)) / 0.5);
                assertEquals(byHand, r.planEntry(i, j), 1e-15);
                assertEquals(byHand, row[j], 1e-15);
            }
        }
        for (int j = 0; j < 2; j++) {
            dual += B[j] * r.g()[j];
        }
        assertEquals(dual, r.dualObjective(), 1e-15);
        assertEquals(r.objective(), r.dualObjective(), 1e-10);
        assertTrue(Sinkhorn.logDomain().withEpsilon(0.5).solve(A, B, CostMatrix.of(c)).hasExplicitCost());
    }

    @Test
    void theDivergenceShortcutIsTheUniformSquaredEuclideanCase() {
        assertEquals(SinkhornDivergence.of(X, null, Y, null, 2, Double.NaN, Sinkhorn.logDomain()),
                SinkhornDivergence.squaredEuclidean(X, Y), 0.0);
        assertTrue(SinkhornDivergence.squaredEuclidean(X, Y) > 0);
    }

    @Test
    void badEpsilonsAndExponentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> SinkhornDivergence.of(X, A, Y, B, 2, -1, Sinkhorn.logDomain()));
        CostMatrix c = CostMatrix.of(PointCloudCost.squaredEuclidean(X, Y));
        CostMatrix cx = CostMatrix.of(PointCloudCost.squaredEuclidean(X, X));
        CostMatrix cy = CostMatrix.of(PointCloudCost.squaredEuclidean(Y, Y));
        assertThrows(IllegalArgumentException.class, () -> SinkhornDivergence.of(A, B, c, cx, cy, 0, Sinkhorn.logDomain()));
        assertThrows(IllegalArgumentException.class, () -> Wasserstein.solve(X, A, Y, B, 0.5));
        assertThrows(IllegalArgumentException.class, () -> Wasserstein.solve(new double[] {0, 1}, 2, null, new double[] {0}, 1, null, 1, 0.5));
    }
}
