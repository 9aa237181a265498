package dev.otto.theory.ode;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.ode.ButcherTableau;
import dev.otto.ode.Odeint;
import dev.otto.theory.StatementCases;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

/**
 * MATH.md section 3, Lipschitz constant of one step map when v(., t) is L-Lipschitz, z = L |dt|:
 * Euler x -> x + dt v(x) is (1 + z)-Lipschitz, classical RK4 is (1 + z + z^2/2 + z^3/6 + z^4/24)-
 * Lipschitz, both &lt;= e^z; hence n steps over [s, t], forward or backward, are e^{L|t - s|}-
 * Lipschitz, like the exact flow map and its inverse (seed paper 1, Lemma C.2).
 *
 * <p>Fields x -> c tanh(x W + b + t u), L = c |W|_2 from EJML's singular values (see
 * {@link LipschitzFieldCase}); c from 1e-3 to 1e3, z from 1e-4 to 2, points at scales 1e-3
 * (linear regime, where the bound is attained along the top direction) to 1e3 (saturated), pairs
 * separated by 1e-3 to 1 of their scale, one pair along the top direction. Tolerance: the
 * inequality is exact in real arithmetic; the slack 1e-12 (|x| + |y| + |Phi x| + |Phi y|) covers
 * rounding of the two images (each within a few ulps times the number of stage updates) and is at
 * least a million times smaller than the smallest separation, so it cannot mask a violation of
 * relative size above 1e-6.
 */
class StepLipschitzProperties {

    @Provide
    Arbitrary<ButcherTableau> lemmaMethods() {
        return Arbitraries.of(ButcherTableau.EULER, ButcherTableau.RK4);
    }

    @Provide
    Arbitrary<Double> zs() {
        return Arbitraries.oneOf(Arbitraries.of(1e-4, 0.5, 1.0, 2.0),
                Arbitraries.doubles().between(-4, 0.3).ofScale(3).map(e -> Math.pow(10, e)));
    }

    @Provide
    Arbitrary<Double> pointScales() {
        return Arbitraries.of(1e-3, 1e-1, 1.0, 10.0, 1e3);
    }

    @Provide
    Arbitrary<Double> separations() {
        return Arbitraries.of(1e-3, 1e-2, 0.3, 1.0);
    }

    static double stepBound(ButcherTableau m, double z) {
        return OdeFixtures.stepLipschitzBound(m, z);
    }

    private static void assertLipschitz(Tensor x, Tensor y, Tensor px, Tensor py, double bound, String what) {
        double[] dIn = OdeFixtures.rowDistances(x, y);
        double[] dOut = OdeFixtures.rowDistances(px, py);
        double[] nx = OdeFixtures.rowDistances(x, Tensor.zeros(x.rows(), x.cols()));
        double[] ny = OdeFixtures.rowDistances(y, Tensor.zeros(y.rows(), y.cols()));
        double[] npx = OdeFixtures.rowDistances(px, Tensor.zeros(x.rows(), x.cols()));
        double[] npy = OdeFixtures.rowDistances(py, Tensor.zeros(y.rows(), y.cols()));
        for (int i = 0; i < dIn.length; i++) {
            double slack = 1e-12 * (nx[i] + ny[i] + npx[i] + npy[i]);
            assertTrue(dOut[i] <= bound * dIn[i] + slack, what + ": |Phi x - Phi y| = " + dOut[i] + " > "
                    + bound + " * " + dIn[i] + " (ratio " + dOut[i] / dIn[i] + ")");
        }
    }

    @Property(tries = 120)
    @Tag("ode.step-lipschitz")
    void oneStepIsLipschitzWithTheTaylorPolynomialOfZ(@ForAll("lemmaMethods") ButcherTableau method,
                                                      @ForAll @IntRange(min = 1, max = 4) int d,
                                                      @ForAll LipschitzFieldCase.Kind kind,
                                                      @ForAll("zs") double z, @ForAll boolean backward,
                                                      @ForAll("pointScales") double scale,
                                                      @ForAll("separations") double sep, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        LipschitzFieldCase f = LipschitzFieldCase.generate(d, kind, OdeFixtures.logUniform(rng, -3, 3), rng);
        double dt = (backward ? -1 : 1) * z / f.lipschitz();
        double t0 = rng.nextGaussian();
        Tensor[] xy = f.pairs(scale, sep, rng);
        Tensor px = Odeint.fixed(f.field(), xy[0], t0, t0 + dt, 1, method).state();
        Tensor py = Odeint.fixed(f.field(), xy[1], t0, t0 + dt, 1, method).state();
        double bound = stepBound(method, z);
        assertTrue(bound <= Math.exp(z) * (1 + 1e-15));
        assertLipschitz(xy[0], xy[1], px, py, bound, method.name() + " one step, z = " + z);
    }

    @Property(tries = 80)
    @Tag("ode.step-lipschitz")
    void theDiscreteFlowIsExpLTLipschitz(@ForAll("lemmaMethods") ButcherTableau method,
                                         @ForAll @IntRange(min = 1, max = 4) int d,
                                         @ForAll LipschitzFieldCase.Kind kind,
                                         @ForAll @IntRange(min = 1, max = 20) int steps,
                                         @ForAll("zs") double z, @ForAll boolean backward,
                                         @ForAll("pointScales") double scale,
                                         @ForAll("separations") double sep, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        LipschitzFieldCase f = LipschitzFieldCase.generate(d, kind, OdeFixtures.logUniform(rng, -3, 3), rng);
        double span = (backward ? -1 : 1) * z * steps / f.lipschitz() / 4; // L|T| up to 10
        double t0 = rng.nextGaussian();
        Tensor[] xy = f.pairs(scale, sep, rng);
        Tensor px = Odeint.fixed(f.field(), xy[0], t0, t0 + span, steps, method).state();
        Tensor py = Odeint.fixed(f.field(), xy[1], t0, t0 + span, steps, method).state();
        double lt = f.lipschitz() * Math.abs(span);
        double discrete = Math.pow(stepBound(method, lt / steps), steps);
        assertLipschitz(xy[0], xy[1], px, py, discrete, method.name() + " " + steps + " steps");
        assertTrue(discrete <= Math.exp(lt) * (1 + 1e-12), "discrete bound " + discrete + " > e^{LT} " + Math.exp(lt));
    }

    /**
     * One step is Lipschitz with the Taylor polynomial of z, the discrete flow with e^{L|T|}. Cases
     * of the catalogue's one definition ({@code IntegratorChecks.stepLipschitz}): its generator,
     * predicate, bound and tolerance, the same as {@code otto verify --only ode.step-lipschitz}.
     */
    @Property(tries = 50)
    @Tag("ode.step-lipschitz")
    void stepLipschitzBoundOnCatalogueCases(@ForAll @IntRange(min = 0, max = 999) int index,
                                            @ForAll long seed) {
        StatementCases.assertHolds("ode.step-lipschitz", index, seed);
    }
}
