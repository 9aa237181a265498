package dev.otto.ot.sinkhorn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The annealed geomloss-convention divergence against its definition: run to convergence it is
 * S^{Otto}_{2 eps}(|x - y|^2) / 2 (the cost |x - y|^2 / 2 at eps is half the cost |x - y|^2 at 2 eps,
 * term by term), and the annealed value alone is already close.
 */
class AnnealedSinkhornDivergenceTest {

    private static double[][] gaussian(SplittableRandom rng, int n, double shift) {
        double[][] p = new double[n][2];
        for (double[] row : p) {
            for (int k = 0; k < 2; k++) {
                row[k] = shift + Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
            }
        }
        return p;
    }

    @Test
    void convergedItIsHalfOttosDivergenceAtTwiceTheEpsilon() {
        SplittableRandom rng = new SplittableRandom(11);
        double[][] x = gaussian(rng, 40, 0);
        double[][] y = gaussian(rng, 30, 1);
        double eps = 0.5;
        double direct = AnnealedSinkhornDivergence.of(x, y, eps, 400);
        double otto = AnnealedSinkhornDivergence.viaSinkhorn(x, y, eps, 1e-12);
        // both converged to round-off: the symmetric iteration contracts geometrically at eps = 0.5
        // on unit-scale clouds, and the solver stops at a 1e-12 marginal error
        assertEquals(otto, direct, 1e-9 * Math.abs(otto));
        double annealed = AnnealedSinkhornDivergence.of(x, y, eps, 0);
        // the annealing approximation (one update per eps, then extrapolation) is within 5% here
        assertEquals(otto, annealed, 0.05 * Math.abs(otto));
    }

    @Test
    void flatAndRowInputsAgreeAndBadInputIsNamed() {
        double[][] x = {{0, 0}, {1, 0}, {0, 2}};
        double[][] y = {{1, 1}, {2, 1}};
        double rows = AnnealedSinkhornDivergence.of(x, y);
        double flat = AnnealedSinkhornDivergence.of(new double[] {0, 0, 1, 0, 0, 2}, 3, new double[] {1, 1, 2, 1}, 2, 2,
                AnnealedSinkhornDivergence.EPSILON, 0);
        assertEquals(rows, flat);
        assertTrue(rows > 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AnnealedSinkhornDivergence.of(x, new double[][] {{1, 1, 1}}, 0.1, 0));
        assertTrue(e.getMessage().startsWith("y:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AnnealedSinkhornDivergence.of(x, y, 0, 0));
        assertTrue(e.getMessage().startsWith("epsilon:"), e.getMessage());
    }
}
