package dev.otto.theory.jko;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.flows.jko.GaussianJko;
import dev.otto.flows.jko.GaussianJko.Gaussian;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * MATH.md section 4, the closed-form JKO step for Gaussians (seed paper 1, Theorem 4.3 and its
 * Gaussian example): it is the minimiser of KL(rho | q) + W2^2(rho, p_k) / (2h), it decays
 * W2^2(., q) at least by the factor 1/(1 + h), and q is its fixed point.
 */
class GaussianJkoProperties {

    @Provide
    Arbitrary<Double> stepSizes() {
        return Arbitraries.of(1e-3, 0.05, 0.25, 0.5, 1.0, 4.0, 100.0);
    }

    @Provide
    Arbitrary<Double> spreads() {
        return Arbitraries.of(0.0, 1.0, 2.0, 3.0);
    }

    /**
     * Theorem 4.3 for exact steps: W2^2(p_{k+1}, q) <= W2^2(p_k, q) / (1 + h). Both sides come from the
     * Bures formula (EJML eigen-decompositions), accurate to about 1e-12 relative at the condition
     * numbers generated here (up to 1e6), hence the tolerance 1e-9 relative plus 1e-12 absolute.
     */
    @Property(tries = 200)
    void eachExactStepContractsTheSquaredDistanceToTheTarget(@ForAll @IntRange(min = 1, max = 4) int d,
                                                             @ForAll("stepSizes") double h,
                                                             @ForAll("spreads") double spread,
                                                             @ForAll long seed) {
        Gaussian p = GaussianJkoCases.generate(d, 3.0, spread, seed);
        Gaussian next = GaussianJko.step(p, h);
        double before = GaussianJkoCases.w2SquaredToStandard(p);
        double after = GaussianJkoCases.w2SquaredToStandard(next);
        assertTrue(after <= before / (1 + h) * (1 + 1e-9) + 1e-12,
                () -> "W2^2 went from " + before + " to " + after + ", bound " + before / (1 + h));
    }

    /** The target q = N(0, I) is a fixed point of every step (to rounding). */
    @Property(tries = 50)
    void theTargetIsAFixedPoint(@ForAll @IntRange(min = 1, max = 5) int d, @ForAll("stepSizes") double h) {
        Gaussian next = GaussianJko.step(Gaussian.standard(d), h);
        assertTrue(GaussianJkoCases.w2SquaredToStandard(next) < 1e-24, () -> "step moved q by " + GaussianJkoCases.w2SquaredToStandard(next));
    }

    /**
     * The formula is the minimiser of the JKO objective KL(rho | q) + W2^2(rho, p_k) / (2h) over
     * Gaussians: every generated perturbation of the closed-form step (mean and covariance, the latter
     * kept symmetric positive definite) has an objective at least as large. Tolerance 1e-10 relative:
     * the objective is evaluated in closed form.
     */
    @Property(tries = 200)
    void theClosedFormStepMinimisesTheJkoObjective(@ForAll @IntRange(min = 1, max = 3) int d,
                                                   @ForAll("stepSizes") double h, @ForAll("spreads") double spread,
                                                   @ForAll long seed) {
        Gaussian p = GaussianJkoCases.generate(d, 2.0, Math.min(spread, 2.0), seed);
        Gaussian best = GaussianJko.step(p, h);
        double bestValue = GaussianJkoCases.objective(best, p, h);
        SplittableRandom rng = new SplittableRandom(seed ^ 77);
        for (int k = 0; k < 10; k++) {
            Gaussian perturbed = GaussianJkoCases.perturb(best, rng);
            if (perturbed == null) {
                continue; // left the positive definite cone
            }
            double value = GaussianJkoCases.objective(perturbed, p, h);
            assertTrue(value >= bestValue - 1e-10 * Math.max(1, Math.abs(bestValue)),
                    () -> "perturbation lowered the JKO objective from " + bestValue + " to " + value);
        }
    }

    /** N steps with the reference schedule obey the product bound W2^2(p_N, q) <= W2^2(p_0, q) prod (1 + h_k)^-1. */
    @Property(tries = 50)
    void theProductBoundHoldsAlongTheReferenceSchedule(@ForAll @IntRange(min = 1, max = 4) int d,
                                                       @ForAll("spreads") double spread, @ForAll long seed) {
        Gaussian p0 = GaussianJkoCases.generate(d, 5.0, spread, seed);
        double[] h = dev.otto.flows.jko.JkoConfig.geometricSteps(8, 0.25, 1.4);
        Gaussian[] path = GaussianJko.trajectory(p0, h);
        double bound = GaussianJkoCases.w2SquaredToStandard(p0);
        for (int k = 0; k < h.length; k++) {
            bound /= 1 + h[k];
            double measured = GaussianJkoCases.w2SquaredToStandard(path[k + 1]);
            assertTrue(measured <= bound * (1 + 1e-8) + 1e-12, "block " + (k + 1) + ": " + measured + " > " + bound);
        }
        assertEquals(0.0, GaussianJkoCases.w2SquaredToStandard(GaussianJko.step(Gaussian.standard(d), 0.5)), 1e-24);
    }
}
