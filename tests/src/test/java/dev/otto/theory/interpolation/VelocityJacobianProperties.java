package dev.otto.theory.interpolation;

import dev.otto.theory.StatementCases;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

/**
 * MATH.md section 5 (seed paper 3, the Jacobian of the velocity via Tweedie's formula): for a
 * Gaussian-mixture target the closed-form grad_x v = sum_k w_k (a a' I + b b' S_k) C_k^-1
 * + sum_k w_k (v_k - v)(s_k - score)^T equals the reverse-mode Jacobian of the closed-form velocity
 * (computed by {@code GaussianMixtureVelocity.velocityRecorded}, a separate implementation in
 * autodiff operations), at every t in [0, 1] including both ends.
 */
class VelocityJacobianProperties {

    /**
     * Tweedie's closed-form Jacobian equals reverse mode. Cases of the catalogue's one definition
     * ({@code InterpolationChecks.tweedie}): its generator, predicate, bound and tolerance, the
     * same as {@code otto verify --only interpolation.tweedie}.
     */
    @Property(tries = 100)
    @Tag("interpolation.tweedie")
    void tweedieJacobianOnCatalogueCases(@ForAll @IntRange(min = 0, max = 999) int index, @ForAll long seed) {
        StatementCases.assertHolds("interpolation.tweedie", index, seed);
    }
}
