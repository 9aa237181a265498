package dev.otto.theory.ode;

import static dev.otto.theory.ode.OdeFixtures.applyRows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.ode.AdaptiveOptions;
import dev.otto.ode.ButcherTableau;
import dev.otto.ode.Odeint;
import dev.otto.ode.Solution;
import dev.otto.theory.StatementCases;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;
import org.ejml.data.DMatrixRMaj;

/**
 * MATH.md section 3, "Global error is O(dt^p): halving dt divides the error by about 2^p", for
 * Euler (p = 1), Midpoint and Heun (p = 2) and classical RK4 (p = 4), and the tolerance of
 * Dormand-Prince 5(4).
 *
 * <p>The measured order is log2(e(n) / e(2n)) with e the relative global error against an exact
 * solution. Tolerance 0.3: for a p-th order method e(h) = C h^p (1 + O(h)), and the step counts
 * are chosen so that |lambda| h &lt;= 0.05 (RK4), 0.05 (order 2), 0.012 (Euler), where the O(h)
 * correction moves the measured order by well under 0.1 while the errors stay at least five decades
 * above rounding. Problems are invariant under (lambda, T) -> (s lambda, T/s), so the scale s runs
 * from 1e-4 to 1e4 (huge rates over tiny times and the reverse) without leaving that regime.
 */
class ConvergenceOrderProperties {

    private static int baseSteps(ButcherTableau m) {
        return OdeFixtures.orderSteps(m);
    }

    @Provide
    Arbitrary<ButcherTableau> fixedMethods() {
        return Arbitraries.of(OdeFixtures.FIXED);
    }

    @Provide
    Arbitrary<Double> timeScales() {
        return Arbitraries.oneOf(Arbitraries.of(1e-4, 1.0, 1e4),
                Arbitraries.doubles().between(-4, 4).map(e -> Math.pow(10, e)));
    }

    @Provide
    Arbitrary<Double> stateScales() {
        return Arbitraries.of(1e-8, 1e-3, 1.0, 1e3, 1e8);
    }

    /**
     * dx/dt = A x with A symmetric, spectrum lambda_1 = +-[0.5, 2] (so the error is measurable) and
     * the others down to 10^-cond lambda_1 (ill-conditioned up to 1e6, nearly singular); exact
     * solution X exp(TA)^T from EJML's symmetric eigen-decomposition. Forward and backward in time.
     */
    @Property(tries = 60)
    @Tag("ode.order")
    void orderOnSymmetricLinearSystems(@ForAll("fixedMethods") ButcherTableau method,
                                       @ForAll @IntRange(min = 1, max = 4) int d,
                                       @ForAll @IntRange(min = 0, max = 6) int cond,
                                       @ForAll("timeScales") double s, @ForAll("stateScales") double xs,
                                       @ForAll boolean backward, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] lambda = new double[d];
        for (int i = 0; i < d; i++) {
            double mag = i == 0 ? 0.5 + 1.5 * rng.nextDouble() : Math.pow(10, -cond * rng.nextDouble());
            lambda[i] = (rng.nextBoolean() ? 1 : -1) * mag * s;
        }
        DMatrixRMaj a = OdeFixtures.symmetric(lambda, OdeFixtures.orthogonal(d, rng));
        double t0 = (rng.nextDouble() - 0.5) * 4 / s;
        double span = (0.5 + rng.nextDouble()) / s;
        double t1 = backward ? t0 - span : t0 + span;
        Tensor x0 = Tensor.randn(3, d, rng).scale(xs);
        Tensor exact = applyRows(x0, OdeFixtures.expSymmetric(a, t1 - t0));
        double p = OdeFixtures.measuredOrder(OdeFixtures.linear(a), x0, t0, t1, method, exact, baseSteps(method));
        assertTrue(Math.abs(p - method.order()) <= 0.3, method.name() + ": measured order " + p);
    }

    /**
     * dx/dt = A x with A = lambda I + mu N, N nilpotent (a Jordan block: non-normal, defective, the
     * worst conditioned eigenbasis there is), or a rotation-dilation [[a, -b], [b, a]]; closed forms
     * exp(tA) = e^{lambda t}(I + mu t N) and e^{a t} R(b t).
     */
    @Property(tries = 40)
    @Tag("ode.order")
    void orderOnNonNormalAndRotatingLinearSystems(@ForAll("fixedMethods") ButcherTableau method,
                                                  @ForAll boolean jordan, @ForAll("timeScales") double s,
                                                  @ForAll boolean backward, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double t = (backward ? -1 : 1) * (0.5 + rng.nextDouble()) / s;
        DMatrixRMaj a = new DMatrixRMaj(2, 2);
        DMatrixRMaj e = new DMatrixRMaj(2, 2);
        if (jordan) {
            double lambda = (rng.nextBoolean() ? 1 : -1) * (0.5 + 1.5 * rng.nextDouble()) * s;
            double mu = OdeFixtures.logUniform(rng, -3, 3) * s;
            a.set(0, 0, lambda);
            a.set(1, 1, lambda);
            a.set(0, 1, mu);
            double g = Math.exp(lambda * t);
            e.set(0, 0, g);
            e.set(1, 1, g);
            e.set(0, 1, g * mu * t);
        } else {
            double re = (rng.nextDouble() - 0.5) * 2 * s;
            double im = (0.5 + 1.5 * rng.nextDouble()) * s;
            a.set(0, 0, re);
            a.set(1, 1, re);
            a.set(0, 1, -im);
            a.set(1, 0, im);
            double g = Math.exp(re * t);
            e.set(0, 0, g * Math.cos(im * t));
            e.set(1, 1, g * Math.cos(im * t));
            e.set(0, 1, -g * Math.sin(im * t));
            e.set(1, 0, g * Math.sin(im * t));
        }
        Tensor x0 = Tensor.randn(3, 2, rng);
        Tensor exact = applyRows(x0, e);
        double p = OdeFixtures.measuredOrder(OdeFixtures.linear(a), x0, 0.0, t, method, exact, baseSteps(method));
        assertTrue(Math.abs(p - method.order()) <= 0.3, method.name() + ": measured order " + p);
    }

    /** The nonlinear, time-dependent equation of {@link OdeFixtures#nonlinearOrder} (both directions). */
    @Property(tries = 40)
    @Tag("ode.order")
    void orderOnANonlinearTimeDependentEquation(@ForAll("fixedMethods") ButcherTableau method,
                                                @ForAll boolean backward, @ForAll long seed) {
        double p = OdeFixtures.nonlinearOrder(method, backward, new SplittableRandom(seed));
        assertTrue(Math.abs(p - method.order()) <= 0.3, method.name() + ": measured order " + p);
    }

    /**
     * Dormand-Prince meets its tolerance: with rtol = atol = tol (1e-3 .. 1e-7, and a thousand
     * times smaller) the global error of every sample, |x_i - exact_i| / (atol + rtol |exact_i|)
     * (Euclidean norms per sample), stays below 10 on the symmetric linear systems (both directions,
     * state scales 1e-8 .. 1e8, conditioning up to 1e6). Why norm-wise and why 10: the controller
     * keeps each local error below tol (safety 0.9), the flow rotates errors between coordinates
     * (so an entrywise relative measure of a small coordinate is meaningless), and errors made early
     * are propagated by at most e^{|lambda| T} &lt;= e^3, which the relative part of the scale absorbs
     * for growing modes; the measured worst ratio is about 2, so 10 leaves room without hiding an
     * order-of-magnitude failure.
     */
    @Property(tries = 40)
    @Tag("ode.adaptive-tolerance")
    void dormandPrinceMeetsItsTolerance(@ForAll @IntRange(min = 1, max = 4) int d,
                                        @ForAll @IntRange(min = 0, max = 6) int cond,
                                        @ForAll @IntRange(min = 3, max = 7) int tolExponent,
                                        @ForAll("stateScales") double xs, @ForAll boolean backward,
                                        @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] lambda = new double[d];
        for (int i = 0; i < d; i++) {
            double mag = i == 0 ? 0.5 + 1.5 * rng.nextDouble() : Math.pow(10, -cond * rng.nextDouble());
            lambda[i] = (rng.nextBoolean() ? 1 : -1) * mag;
        }
        DMatrixRMaj a = OdeFixtures.symmetric(lambda, OdeFixtures.orthogonal(d, rng));
        double t1 = (backward ? -1 : 1) * (0.5 + rng.nextDouble());
        Tensor x0 = Tensor.randn(4, d, rng).scale(xs);
        Tensor exact = applyRows(x0, OdeFixtures.expSymmetric(a, t1));
        double tol = Math.pow(10, -tolExponent);
        Solution coarse = Odeint.adaptive(OdeFixtures.linear(a), x0, 0, t1, AdaptiveOptions.tolerances(tol, tol));
        Solution fine = Odeint.adaptive(OdeFixtures.linear(a), x0, 0, t1,
                AdaptiveOptions.tolerances(tol * 1e-3, tol * 1e-3));
        double ratio = scaledError(coarse.state(), exact, tol);
        assertTrue(ratio <= 10, "scaled global error " + ratio + " at tol " + tol + " (" + coarse + ")");
        double ratioFine = scaledError(fine.state(), exact, tol * 1e-3);
        assertTrue(ratioFine <= 10, "scaled global error " + ratioFine + " at tol " + tol * 1e-3);
    }

    /** max over samples of |x_i - exact_i| / (tol + tol |exact_i|), Euclidean norms per sample. */
    private static double scaledError(Tensor x, Tensor exact, double tol) {
        double[] err = OdeFixtures.rowDistances(x, exact);
        double[] size = OdeFixtures.rowDistances(exact, Tensor.zeros(exact.rows(), exact.cols()));
        double worst = 0;
        for (int i = 0; i < err.length; i++) {
            worst = Math.max(worst, err[i] / (tol + tol * size[i]));
        }
        return worst;
    }

    /**
     * The observed order of Euler, midpoint, Heun and RK4 is their order p, within 0.3. Cases of
     * the catalogue's one definition ({@code IntegratorChecks.order}): its generator, predicate,
     * bound and tolerance, the same as {@code otto verify --only ode.order}.
     */
    @Property(tries = 30)
    @Tag("ode.order")
    void observedOrderOnCatalogueCases(@ForAll @IntRange(min = 0, max = 999) int index, @ForAll long seed) {
        StatementCases.assertHolds("ode.order", index, seed);
    }
}
