package dev.otto.flows.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Gradients;
import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import dev.otto.ot.sinkhorn.Sinkhorn;
import dev.otto.ot.sinkhorn.SinkhornDivergence;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SinkhornDivergenceLossTest {

    private static final SinkhornDivergenceLoss LOSS = SinkhornDivergenceLoss.squaredEuclidean(1)
            .withTolerance(1e-12);

    @Test
    void valueIsTheOtModulesDivergence() {
        SplittableRandom rng = new SplittableRandom(3);
        Tensor x = Tensor.randn(12, 2, rng);
        Tensor y = Tensor.randn(9, 2, rng).addScalar(0.5);
        double expected = SinkhornDivergence.of(x.toRows(), null, y.toRows(), null, 2, 1,
                Sinkhorn.logDomain().withTolerance(1e-12));
        assertEquals(expected, LOSS.evaluate(x, null, y, null).value(), 1e-10);
    }

    @Test
    void tapeValueIsExactAndGradientsAreTheEnvelopeGradients() {
        SplittableRandom rng = new SplittableRandom(4);
        Tensor x = Tensor.randn(10, 3, rng);
        Tensor y = Tensor.randn(7, 3, rng).scale(2);
        SinkhornDivergenceEvaluation e = LOSS.evaluate(x, null, y, null);
        try (Tape.Scope s = Tape.record()) {
            Tensor loss = LOSS.apply(x, y);
            assertEquals(e.value(), loss.item(), 0.0);
            List<Tensor> g = Gradients.grad(loss, List.of(x, y));
            assertTrue(g.get(0).valueEquals(e.gradX()), "grad x");
            assertTrue(g.get(1).valueEquals(e.gradY()), "grad y");
        }
    }

    @Test
    void translatedCloudCostsTheSquaredShiftAndPullsEveryPointAlongIt() {
        SplittableRandom rng = new SplittableRandom(5);
        Tensor x = Tensor.randn(8, 2, rng);
        Tensor v = Tensor.of(1, 2, 0.3, -0.4);
        SinkhornDivergenceEvaluation e = LOSS.evaluate(x, null, x.add(v), null);
        assertEquals(0.25, e.value(), 1e-10);
        for (int i = 0; i < 8; i++) {
            // grad_{x_i} S = -2 a_i v, grad_{y_i} S = 2 a_i v with a_i = 1/8
            assertEquals(-0.25 * 0.3, e.gradX().get(i, 0), 1e-9);
            assertEquals(0.25 * 0.4, e.gradX().get(i, 1), 1e-9);
            assertEquals(0.25 * 0.3, e.gradY().get(i, 0), 1e-9);
            assertEquals(-0.25 * 0.4, e.gradY().get(i, 1), 1e-9);
        }
    }

    @Test
    void refusesAnUnconvergedSolve() {
        SplittableRandom rng = new SplittableRandom(6);
        Tensor x = Tensor.randn(30, 2, rng);
        Tensor y = Tensor.randn(30, 2, rng);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SinkhornDivergenceLoss.squaredEuclidean(1e-3).withMaxIterations(5).apply(x, y));
        assertTrue(e.getMessage().contains("the (x, y) problem did not converge"), e.getMessage());
    }

    @Test
    void reportsAnUnconvergedSolveWithinTheAcceptedError() {
        SplittableRandom rng = new SplittableRandom(6);
        Tensor x = Tensor.randn(30, 2, rng);
        Tensor y = Tensor.randn(30, 2, rng);
        SinkhornDivergenceEvaluation e = SinkhornDivergenceLoss.squaredEuclidean(1e-3).withMaxIterations(5)
                .withAcceptedMarginalError(2).evaluate(x, null, y, null);
        assertFalse(e.converged());
        assertTrue(e.marginalErrors()[0] > 1e-6, "the cross solve stopped early: " + e.marginalErrors()[0]);
        assertTrue(LOSS.evaluate(x, null, y, null).converged());
    }

    @Test
    void badInputIsNamed() {
        Tensor x = Tensor.of(2, 2, 0, 0, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> SinkhornDivergenceLoss.squaredEuclidean(0));
        IllegalArgumentException cols = assertThrows(IllegalArgumentException.class,
                () -> LOSS.apply(x, Tensor.of(1, 3, 0, 0, 0)));
        assertTrue(cols.getMessage().startsWith("y: expected 2 columns"), cols.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> LOSS.apply(Tensor.of(2, 2, 0, 0, Double.NaN, 1), x));
        assertTrue(nan.getMessage().startsWith("x: row 1 is not finite"), nan.getMessage());
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class,
                () -> LOSS.apply(x, new double[] {1}, x, null));
        assertTrue(w.getMessage().startsWith("a: expected 2 weights"), w.getMessage());
        IllegalArgumentException neg = assertThrows(IllegalArgumentException.class,
                () -> LOSS.apply(x, null, x, new double[] {1.5, -0.5}));
        assertTrue(neg.getMessage().startsWith("b: weight 1 is -0.5"), neg.getMessage());
    }
}
