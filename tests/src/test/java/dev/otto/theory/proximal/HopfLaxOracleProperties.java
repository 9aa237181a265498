package dev.otto.theory.proximal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.metrics.Straightness;
import dev.otto.flows.proximal.Indicators;
import dev.otto.flows.proximal.Potential;
import dev.otto.flows.proximal.PotentialGenerator;
import dev.otto.flows.proximal.Rollout;
import dev.otto.theory.StatementCases;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

/**
 * MATH.md section 6 (seed paper 2, the optimality system eq. (3.3) and Theorem 4.1): for
 * phi(x, T) = c|x|^2/2 the Hopf-Lax formula gives phi(x, t) = c|x|^2 / (2(1 + c(T - t))), which
 * solves d phi/dt - |grad phi|^2/2 = 0, so the package's Hamilton-Jacobi residual (autodiff d phi/dt
 * and grad phi) is zero to rounding; and its characteristics are straight lines at constant speed,
 * so the forward-Euler paths driven by v = -grad phi are exact: x_k = x_0 (1 + c(T - t_k))/(1 + cT),
 * straightness 1, kinetic energy c^2 |x_0|^2 T / (2(1 + cT)^2).
 *
 * <p>Generated: d in 1..5, K in 1..12, T from 0.1 to 10, c from just above -1/T (expanding paths,
 * 1 + cT down to 0.05) to 1e3, |x| from 1e-4 to 1e4. Tolerances: HJ residual 1e-11 x (E|grad phi|^2/2 + tiny)
 * (both terms are a few rounded operations of that size); straightness 1e-12 (polygon length vs chord,
 * {@link Straightness}); positions and energy 1e-10 relative (K rounded steps).
 */
class HopfLaxOracleProperties {

    @Property(tries = 150)
    @Tag("proximal.hopf-lax")
    @Tag("proximal.straight-paths")
    void hopfLaxSolutionHasZeroResidualAndStraightEulerPaths(@ForAll @IntRange(min = 1, max = 5) int d,
                                                          @ForAll @IntRange(min = 1, max = 12) int k,
                                                          @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double horizon = ProximalGen.logUniform(rng, -1, 1);
        double c = rng.nextInt(4) == 0 ? -(1 - ProximalGen.logUniform(rng, -1.3, -0.01)) / horizon
                : ProximalGen.logUniform(rng, -3, 3) * (rng.nextInt(3) == 0 ? -1e-3 : 1);
        if (!(1 + c * horizon > 0)) {
            c = 0.5;
        }
        double scale = ProximalGen.logUniform(rng, -4, 4);
        Tensor z = Tensor.randn(7, d, rng).scale(scale);
        Potential phi = Potential.hopfLax(c, horizon);
        PotentialGenerator gen = new PotentialGenerator(phi, horizon, k);
        Rollout r = gen.rollout(z);

        double gradScale = 0;
        for (int s = 0; s < k; s++) {
            double[] g = gen.gradient(r.states().get(s), r.times()[s], false).toArray();
            for (double v : g) {
                gradScale += v * v / 2;
            }
        }
        gradScale /= 7.0 * k;
        double hj = Indicators.hamiltonJacobiResidual(phi, r.states(), r.times());
        double tolHj = 1e-11 * gradScale + Double.MIN_NORMAL;
        assertTrue(hj <= tolHj, "HJ residual " + hj + " > " + tolHj + " (c = " + c + ", T = " + horizon + ")");

        for (double s : Straightness.perPath(r.states())) {
            assertEquals(1.0, s, 1e-12, "straightness");
        }
        double[] t = r.times();
        double[] x0 = z.toArray();
        for (int s = 0; s <= k; s++) {
            double factor = (1 + c * (horizon - t[s])) / (1 + c * horizon);
            double[] xs = r.states().get(s).toArray();
            for (int i = 0; i < xs.length; i++) {
                assertEquals(x0[i] * factor, xs[i], 1e-10 * Math.abs(x0[i]) + Double.MIN_NORMAL,
                        "Euler state " + s + " off the exact characteristic");
            }
        }
        double sq = 0;
        for (double v : x0) {
            sq += v * v;
        }
        double exactKe = c * c * (sq / 7) * horizon / (2 * (1 + c * horizon) * (1 + c * horizon));
        assertEquals(exactKe, r.kineticEnergy().item(), 1e-10 * exactKe + Double.MIN_NORMAL, "kinetic energy");
    }

    /**
     * The Hopf-Lax solution has zero HJ residual to rounding. Cases of the catalogue's one
     * definition ({@code ProximalChecks.hopfLax}): its generator, predicate, bound and tolerance,
     * the same as {@code otto verify --only proximal.hopf-lax}.
     */
    @Property(tries = 100)
    @Tag("proximal.hopf-lax")
    void hopfLaxResidualOnCatalogueCases(@ForAll @IntRange(min = 0, max = 999) int index, @ForAll long seed) {
        StatementCases.assertHolds("proximal.hopf-lax", index, seed);
    }

    /**
     * The Euler paths under the Hopf-Lax potential are exact and straight. Cases of the catalogue's
     * one definition ({@code ProximalChecks.straightPaths}): its generator, predicate, bound and
     * tolerance, the same as {@code otto verify --only proximal.straight-paths}.
     */
    @Property(tries = 100)
    @Tag("proximal.straight-paths")
    void straightEulerPathsOnCatalogueCases(@ForAll @IntRange(min = 0, max = 999) int index,
                                            @ForAll long seed) {
        StatementCases.assertHolds("proximal.straight-paths", index, seed);
    }
}
