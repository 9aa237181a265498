package dev.otto.theory.ode;

import static dev.otto.theory.ode.OdeFixtures.applyRows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.ode.AdaptiveOptions;
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
 * from 1e-4 to 1e4 (huge rates over tiny times and the reverse) without leaving that regime. The
 * problems (symmetric, non-normal and rotating linear systems, a nonlinear time-dependent equation)
 * and the margin are defined once, in {@code IntegratorChecks.order}.
 */
class ConvergenceOrderProperties {

    @Provide
    Arbitrary<Double> stateScales() {
        return Arbitraries.of(1e-8, 1e-3, 1.0, 1e3, 1e8);
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
    @Property(tries = 90)
    @Tag("ode.order")
    void observedOrderOnCatalogueCases(@ForAll @IntRange(min = 0, max = 999) int index, @ForAll long seed) {
        StatementCases.assertHolds("ode.order", index, seed);
    }
}
