package dev.otto.theory.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Gradients;
import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Parameter;
import dev.otto.autodiff.optim.Adam;
import dev.otto.autodiff.optim.GradientClipping;
import dev.otto.autodiff.optim.LearningRateSchedule;
import dev.otto.autodiff.optim.Optimizer;
import dev.otto.autodiff.optim.Sgd;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/** The optimisers: exact arithmetic of the first steps, and convergence on strictly convex quadratics. */
class OptimizerProperties {

    /**
     * Adam's first two steps against values computed by hand from Kingma and Ba's update (in
     * PyTorch's arrangement): p = 1, lr = 0.1, gradients 0.5 then -0.2. Step 1: m = 0.05, v =
     * 0.00025, bias corrections 0.1 and 0.001: p1 = 1 - 0.1 / 0.1 * 0.05 / (sqrt(0.00025) /
     * sqrt(0.001) + 1e-8) = 1 - 0.1 * 0.5 / (0.5 + 1e-8). Step 2: m = 0.9 * 0.05 + 0.1 * (-0.2) =
     * 0.025, v = 0.999 * 0.00025 + 0.001 * 0.04 = 0.00028975, bias corrections 0.19 and 0.001999:
     * p2 = p1 - 0.1 / 0.19 * 0.025 / (sqrt(0.00028975 / 0.001999) + 1e-8).
     */
    @Example
    @Tag("autodiff.optimizers")
    void adamFirstStepsEqualHandComputedValues() {
        Parameter p = new Parameter("p", Tensor.scalar(1.0));
        Adam adam = new Adam(0.1);
        adam.step(List.of(p), List.of(Tensor.scalar(0.5)));
        double p1 = 1 - 0.1 * 0.5 / (0.5 + 1e-8);
        assertEquals(p1, p.value().item(), 1e-15);
        adam.step(List.of(p), List.of(Tensor.scalar(-0.2)));
        double p2 = p1 - 0.1 / 0.19 * 0.025 / (Math.sqrt(0.00028975 / 0.001999) + 1e-8);
        assertEquals(p2, p.value().item(), 1e-15);
        assertEquals(2, adam.iterations());
    }

    /** AdamW's decoupled decay multiplies p by (1 - lr wd) before the Adam update. */
    @Example
    @Tag("autodiff.optimizers")
    void adamWDecaysTheParameterBeforeTheUpdate() {
        Parameter p = new Parameter("p", Tensor.scalar(2.0));
        Adam adamW = Adam.adamW(0.1, 0.5);
        adamW.step(List.of(p), List.of(Tensor.scalar(0.5)));
        assertEquals(2.0 * (1 - 0.05) - 0.1 * 0.5 / (0.5 + 1e-8), p.value().item(), 1e-15);
    }

    /** SGD with momentum mu: b1 = g1, p1 = p0 - lr g1; b2 = mu g1 + g2, p2 = p1 - lr b2. */
    @Example
    @Tag("autodiff.optimizers")
    void sgdMomentumStepsEqualHandComputedValues() {
        Parameter p = new Parameter("p", Tensor.scalar(1.0));
        Sgd sgd = new Sgd(0.1, 0.9);
        sgd.step(List.of(p), List.of(Tensor.scalar(0.5)));
        assertEquals(1 - 0.05, p.value().item(), 1e-15);
        sgd.step(List.of(p), List.of(Tensor.scalar(-0.2)));
        assertEquals(1 - 0.05 - 0.1 * (0.9 * 0.5 - 0.2), p.value().item(), 1e-15);
    }

    /** A strictly convex quadratic f(x) = x^T Q x / 2 - b^T x with spectrum in [mu, L], mu > 0. */
    record Quadratic(Tensor q, Tensor b, Tensor minimiser, double mu, double lipschitz) {

        static Quadratic generate(int d, double condition, double scale, long seed) {
            SplittableRandom rng = new SplittableRandom(seed);
            // Q = U diag(l) U^T with U orthogonal (QR of a Gaussian matrix), l in [1, condition]
            DMatrixRMaj g = new DMatrixRMaj(d, d);
            for (int i = 0; i < d * d; i++) {
                g.data[i] = rng.nextGaussian();
            }
            var qr = org.ejml.dense.row.factory.DecompositionFactory_DDRM.qr(d, d);
            qr.decompose(g);
            DMatrixRMaj u = qr.getQ(null, false);
            DMatrixRMaj lambda = new DMatrixRMaj(d, d);
            for (int i = 0; i < d; i++) {
                lambda.set(i, i, scale * (d == 1 ? 1 : 1 + (condition - 1) * i / (d - 1.0)));
            }
            DMatrixRMaj tmp = new DMatrixRMaj(d, d);
            DMatrixRMaj q = new DMatrixRMaj(d, d);
            CommonOps_DDRM.mult(u, lambda, tmp);
            CommonOps_DDRM.multTransB(tmp, u, q);
            DMatrixRMaj b = new DMatrixRMaj(d, 1);
            for (int i = 0; i < d; i++) {
                b.data[i] = rng.nextGaussian() * scale;
            }
            DMatrixRMaj xs = new DMatrixRMaj(d, 1);
            CommonOps_DDRM.solve(q, b, xs);
            return new Quadratic(Tensor.wrap(d, d, q.data), Tensor.wrap(1, d, b.data), Tensor.wrap(1, d, xs.data),
                    scale, scale * condition);
        }

        /** f at a row vector x, as a recorded computation. */
        Tensor value(Tensor x) {
            return x.matmul(q).mul(x).sum().scale(0.5).sub(x.mul(b).sum());
        }
    }

    private static double distance(Tensor a, Tensor b) {
        return Math.sqrt(a.sub(b).square().sum().item());
    }

    private static void minimise(Optimizer opt, Parameter x, Quadratic f, int steps) {
        for (int k = 0; k < steps; k++) {
            try (Tape.Scope s = Tape.record()) {
                Tensor loss = f.value(x.value());
                opt.step(List.of(x), Gradients.grad(loss, List.of(x.value())));
            }
        }
    }

    /**
     * Gradient descent with step 1/L contracts the error by (1 - mu/L) per step, so after N steps
     * |x_N - x*| <= (1 - 1/kappa)^N |x_0 - x*|. With kappa <= 30 and N = 1500 the factor is below
     * 1e-22; the test asks for 1e-8 relative, which rounding in Q (eps kappa) cannot spoil.
     */
    @Property(tries = 40)
    @Tag("autodiff.optimizers")
    void sgdMinimisesAStronglyConvexQuadratic(@ForAll @IntRange(min = 1, max = 6) int d,
                                              @ForAll @DoubleRange(min = 1, max = 30) double condition,
                                              @ForAll("scales") double scale, @ForAll long seed) {
        Quadratic f = Quadratic.generate(d, condition, scale, seed);
        Parameter x = new Parameter("x", Tensor.zeros(1, d));
        double start = distance(x.value(), f.minimiser());
        minimise(new Sgd(1.0 / f.lipschitz(), 0.0), x, f, 1500);
        assertTrue(distance(x.value(), f.minimiser()) <= 1e-8 * Math.max(start, 1e-300),
                () -> "SGD ended at distance " + distance(x.value(), f.minimiser()) + " from " + start);
        Parameter y = new Parameter("y", Tensor.zeros(1, d));
        // heavy ball with the optimal tuning converges faster still
        double sk = Math.sqrt(condition);
        double lr = 4 / Math.pow(Math.sqrt(f.lipschitz()) + Math.sqrt(f.mu()), 2);
        minimise(new Sgd(lr, Math.pow((sk - 1) / (sk + 1), 2)), y, f, 1500);
        assertTrue(distance(y.value(), f.minimiser()) <= 1e-8 * Math.max(start, 1e-300));
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Double> scales() {
        return net.jqwik.api.Arbitraries.of(1e-3, 1.0, 1e3);
    }

    /**
     * Adam with a cosine-annealed rate (lr proportional to the problem's length scale |x*|) ends
     * within 1e-3 relative of the minimiser. Adam's step is scale-free (m / sqrt(v)), so with the
     * rate annealed to 0 the iterates settle; the bound is loose because Adam has no contraction
     * rate in theory, yet a wrong moment update (or bias correction) misses it by orders.
     */
    @Property(tries = 30)
    @Tag("autodiff.optimizers")
    void adamMinimisesAStronglyConvexQuadratic(@ForAll @IntRange(min = 1, max = 6) int d,
                                               @ForAll @DoubleRange(min = 1, max = 30) double condition,
                                               @ForAll("scales") double scale, @ForAll long seed) {
        Quadratic f = Quadratic.generate(d, condition, scale, seed);
        Parameter x = new Parameter("x", Tensor.zeros(1, d));
        double start = distance(x.value(), f.minimiser());
        double lr = 0.05 * Math.max(start, 1e-12);
        minimise(new Adam(LearningRateSchedule.cosine(lr, 3000, 0.0), 0.9, 0.999, 1e-30, 0.0, false), x, f, 3000);
        assertTrue(distance(x.value(), f.minimiser()) <= 1e-3 * start,
                () -> "Adam ended at distance " + distance(x.value(), f.minimiser()) + " from " + start);
    }

    /** Global-norm clipping: the result has norm min(norm, maxNorm) up to the 1e-6 guard, same direction. */
    @Property(tries = 100)
    @Tag("autodiff.optimizers")
    void clippingBoundsTheGlobalNormAndKeepsTheDirection(@ForAll @DoubleRange(min = 1e-3, max = 1e3) @net.jqwik.api.constraints.Scale(6) double maxNorm,
                                                         @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double s = Math.pow(10, rng.nextDouble(-3, 3));
        List<Tensor> grads = List.of(Tensor.randn(3, 2, rng).scale(s), Tensor.randn(1, 4, rng).scale(s));
        GradientClipping.Clipped c = GradientClipping.clipByGlobalNorm(grads, maxNorm);
        double after = GradientClipping.globalNorm(c.grads());
        assertEquals(Math.min(c.norm(), maxNorm), after, 1e-6 * Math.max(1, maxNorm));
        double ratio = c.grads().get(0).get(0, 0) / grads.get(0).get(0, 0);
        assertEquals(ratio, c.grads().get(1).get(0, 3) / grads.get(1).get(0, 3), 1e-12 * ratio);
    }
}
