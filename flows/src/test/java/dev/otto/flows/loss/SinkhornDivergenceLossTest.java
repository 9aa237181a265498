package dev.otto.flows.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Gradients;
import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import dev.otto.flows.metrics.TensorTransport;
import dev.otto.ot.sinkhorn.SinkhornResult;
import dev.otto.ot.sinkhorn.SymmetricSinkhorn;
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

    /**
     * Double backward through the loss gives the Hessian of S_eps with the three plans frozen: the
     * tape's Hessian-vector product equals the central difference of the envelope gradient computed
     * at fixed plans. That gradient is linear in the points, so the difference is exact up to
     * rounding (relative 1e-7 allows a step h = 1e-4 on gradients of order 1 and plans solved here to
     * 1e-12 independently of the loss's own solves).
     */
    @Test
    void secondDerivativeIsTheHessianAtFrozenPlans() {
        SplittableRandom rng = new SplittableRandom(7);
        Tensor x = Tensor.randn(10, 2, rng);
        Tensor y = Tensor.randn(8, 2, rng).addScalar(0.7);
        double[] wx = Tensor.randn(10, 2, rng).toArray();
        double[] wy = Tensor.randn(8, 2, rng).toArray();
        double[][] hvp;
        try (Tape.Scope s = Tape.record()) {
            Tensor loss = LOSS.apply(x, y);
            List<Tensor> g = Gradients.grad(List.of(loss), List.of(x, y), null, true);
            Tensor directional = g.get(0).mul(Tensor.wrap(10, 2, wx)).sum().add(g.get(1).mul(Tensor.wrap(8, 2, wy)).sum());
            List<Tensor> h = Gradients.grad(directional, List.of(x, y));
            hvp = new double[][] {h.get(0).toArray(), h.get(1).toArray()};
        }
        double step = 1e-4;
        double[][] plus = frozenPlanGradient(x, y, x.toArray(), y.toArray(), wx, wy, step);
        double[][] minus = frozenPlanGradient(x, y, x.toArray(), y.toArray(), wx, wy, -step);
        double scale = 0;
        for (int side = 0; side < 2; side++) {
            for (double v : hvp[side]) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        assertTrue(scale > 0.1, "a Hessian-vector product of order 1, got " + scale);
        for (int side = 0; side < 2; side++) {
            for (int k = 0; k < hvp[side].length; k++) {
                double fd = (plus[side][k] - minus[side][k]) / (2 * step);
                assertEquals(fd, hvp[side][k], 1e-7 * scale, "side " + side + " entry " + k);
            }
        }
    }

    /**
     * The envelope gradient of S_eps at the points (x + t wx, y + t wy) with the plans of (x, y) held
     * fixed, the cross plan from the ot module's log-domain Sinkhorn and the self plans from its
     * symmetric fixed point.
     */
    private static double[][] frozenPlanGradient(Tensor x, Tensor y, double[] xd, double[] yd, double[] wx,
                                                 double[] wy, double t) {
        double[] a = uniform(x.rows());
        double[] b = uniform(y.rows());
        SinkhornResult xy = Sinkhorn.logDomain().withEpsilon(1).withTolerance(1e-12).solve(a, b,
                TensorTransport.cost(x, y, 2));
        SymmetricSinkhorn.Result xx = SymmetricSinkhorn.solve(a, TensorTransport.cost(x, x, 2), 1, 1e-13, 10_000);
        SymmetricSinkhorn.Result yy = SymmetricSinkhorn.solve(b, TensorTransport.cost(y, y, 2), 1, 1e-13, 10_000);
        double[] xs = xd.clone();
        double[] ys = yd.clone();
        for (int k = 0; k < xs.length; k++) {
            xs[k] += t * wx[k];
        }
        for (int k = 0; k < ys.length; k++) {
            ys[k] += t * wy[k];
        }
        EntropicTransportGradient.Sides c = EntropicTransportGradient.of(xy::planRow, xs, ys, 2);
        EntropicTransportGradient.Sides sx = EntropicTransportGradient.of(xx::planRow, xs, xs, 2);
        EntropicTransportGradient.Sides sy = EntropicTransportGradient.of(yy::planRow, ys, ys, 2);
        double[] gx = c.source().clone();
        double[] gy = c.target().clone();
        for (int k = 0; k < gx.length; k++) {
            gx[k] -= 0.5 * (sx.source()[k] + sx.target()[k]);
        }
        for (int k = 0; k < gy.length; k++) {
            gy[k] -= 0.5 * (sy.source()[k] + sy.target()[k]);
        }
        return new double[][] {gx, gy};
    }

    private static double[] uniform(int n) {
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0 / n);
        return w;
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
