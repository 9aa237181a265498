package dev.otto.theory.interpolation;

import dev.otto.theory.StatementCases;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

/**
 * MATH.md section 5, flow-map Lipschitz bound, stability in the source and under a perturbed
 * velocity (seed paper 3, its stability theorems for the flow map), on shared-covariance Gaussian
 * mixtures whose one-sided Lipschitz function Lambda(r) &gt;= sup_x lambda_max(sym grad v(r, x)) is
 * explicit ({@code JacobianBounds}): <ul> <li>Lip(Phi_{s-&gt;t}) &lt;= exp(int_s^t
 * Lambda(r) dr);</li> <li>W_2(Phi # mu, Phi # mu') &lt;= Lip(Phi) W_2(mu, mu') (exact OT on both
 * sides);</li> <li>a field w with |w - v| &lt;= delta moves each endpoint by at most delta int_s^t
 * exp(int_r^t Lambda) dr (Gronwall with the one-sided constant, since d|e|/dt &lt;= Lambda |e| +
 * delta); with Lambda &lt;= L this implies MATH.md's delta (e^{LT} - 1)/L.</li> </ul> The flows are
 * RK4 with 400 steps per unit time (eigenvalues of S in [0.03, 10]: slope &lt;= 2/0.03 = 67 at
 * worst, L h &lt;= 0.17, global error &lt; 1e-7 relative) and the integrals of Lambda use 20000
 * trapezoids (relative error below ~1e-5 where Lambda varies on the scale sqrt(l_min) near t = 1).
 * The bounds are attained (a single Gaussian moved along an extreme eigen-direction contracts by
 * exactly exp(int Lambda)), so the tolerance, 1e-4 relative, must cover those two errors and no
 * more; the broken fields tried (an extra expansion 2 (x - b mu_k)) exceed the bound by factors.
 * Generators, bounds and tolerances are defined once, in {@code InterpolationChecks}
 * ({@code flowLipschitz}, {@code w2Stability}, {@code perturbedVelocity}, on {@link StabilityCase}).
 */
class FlowStabilityProperties {

    /**
     * Lip(Phi_{s-&gt;t}) &lt;= exp(int sup lambda_max(sym grad v)). Cases of the catalogue's one
     * definition ({@code InterpolationChecks.flowLipschitz}): its generator, predicate, bound and
     * tolerance, the same as {@code otto verify --only interpolation.flow-lipschitz}.
     */
    @Property(tries = 40)
    @Tag("interpolation.flow-lipschitz")
    void flowMapLipschitzOnCatalogueCases(@ForAll @IntRange(min = 0, max = 999) int index,
                                          @ForAll long seed) {
        StatementCases.assertHolds("interpolation.flow-lipschitz", index, seed);
    }

    /**
     * W_2(Phi # mu, Phi # mu') &lt;= Lip(Phi) W_2(mu, mu'). Cases of the catalogue's one definition
     * ({@code InterpolationChecks.w2Stability}): its generator, predicate, bound and tolerance, the
     * same as {@code otto verify --only interpolation.w2-stability}.
     */
    @Property(tries = 25)
    @Tag("interpolation.w2-stability")
    void w2StabilityOnCatalogueCases(@ForAll @IntRange(min = 0, max = 999) int index, @ForAll long seed) {
        StatementCases.assertHolds("interpolation.w2-stability", index, seed);
    }

    /**
     * A perturbed velocity moves endpoints by at most delta (e^{LT} - 1)/L. Cases of the
     * catalogue's one definition ({@code InterpolationChecks.perturbedVelocity}): its generator,
     * predicate, bound and tolerance, the same as {@code otto verify --only
     * interpolation.perturbed-velocity}.
     */
    @Property(tries = 45)
    @Tag("interpolation.perturbed-velocity")
    void perturbedVelocityOnCatalogueCases(@ForAll @IntRange(min = 0, max = 999) int index,
                                           @ForAll long seed) {
        StatementCases.assertHolds("interpolation.perturbed-velocity", index, seed);
    }
}
