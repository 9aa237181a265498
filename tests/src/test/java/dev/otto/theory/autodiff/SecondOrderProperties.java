package dev.otto.theory.autodiff;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Divergence;
import dev.otto.autodiff.GradientCheck;
import dev.otto.autodiff.Gradients;
import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import dev.otto.theory.StatementCases;
import dev.otto.theory.autodiff.OpCase.Domain;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

/**
 * MATH.md section 2: the backward pass is itself differentiable (double backward), which velocity
 * fields v = -grad phi, divergences in a loss, gradient penalties and Hamilton-Jacobi residuals need.
 */
class SecondOrderProperties {

    @Provide
    Arbitrary<Double> weightScales() {
        return Arbitraries.of(0.1, 1.0, 3.0);
    }

    /**
     * The gradient in the parameters of the mean exact divergence (the JKO loss term) matches
     * central finite differences: this differentiates through d vector-Jacobian products recorded
     * with createGraph. Tolerance as in {@link OpGradientProperties}.
     */
    @Property(tries = 60)
    @Tag("autodiff.gradient")
    void gradientOfAnExactDivergenceMatchesFiniteDifferences(@ForAll @IntRange(min = 1, max = 4) int n,
                                                             @ForAll @IntRange(min = 1, max = 3) int d,
                                                             @ForAll("weightScales") double s,
                                                             @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor x = TensorGen.draw(rng, n, d, 1.0, Domain.ANY);
        Tensor w1 = TensorGen.draw(rng, d, 5, s, Domain.ANY);
        Tensor b1 = TensorGen.draw(rng, 1, 5, s, Domain.ANY);
        Tensor w2 = TensorGen.draw(rng, 5, d, 1.0, Domain.ANY);
        GradientCheck.Report r = GradientCheck.check(
                ps -> Divergence.exact(z -> TensorGen.field(z, ps.get(0), ps.get(1), ps.get(2)), x).divergence().mean(),
                List.of(w1, b1, w2), 1e-5);
        assertTrue(r.passes(1e-5), r::toString);
    }

    /**
     * The gradient in the parameters of a gradient penalty E[(|grad_x phi(x)|^2 - 1)^2] (the
     * discriminator regulariser of MATH.md section 6) matches central finite differences.
     */
    @Property(tries = 60)
    @Tag("autodiff.gradient")
    void gradientOfAGradientPenaltyMatchesFiniteDifferences(@ForAll @IntRange(min = 1, max = 4) int n,
                                                            @ForAll @IntRange(min = 1, max = 4) int d,
                                                            @ForAll("weightScales") double s,
                                                            @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor x = TensorGen.draw(rng, n, d, 1.0, Domain.ANY);
        Tensor w1 = TensorGen.draw(rng, d, 5, s, Domain.ANY);
        Tensor b1 = TensorGen.draw(rng, 1, 5, s, Domain.ANY);
        Tensor c = TensorGen.draw(rng, 5, 1, 1.0, Domain.ANY);
        GradientCheck.Report r = GradientCheck.check(ps -> {
            try (Tape.Scope scope = Tape.record()) {
                Tensor phi = TensorGen.potential(x, ps.get(0), ps.get(1), ps.get(2));
                Tensor g = Gradients.grad(List.of(phi), List.of(x), null, true).get(0);
                return g.square().rowSums().addScalar(-1.0).square().mean();
            }
        }, List.of(w1, b1, c), 1e-5);
        assertTrue(r.passes(1e-5), r::toString);
    }

    /** Third order: d/dx of the Laplacian-like quantity sum d^2 phi / dx_i^2 matches differences. */
    @Property(tries = 40)
    @Tag("autodiff.gradient")
    void thirdOrderDerivativesMatchFiniteDifferences(@ForAll @IntRange(min = 1, max = 3) int n,
                                                     @ForAll @IntRange(min = 1, max = 3) int d,
                                                     @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor x = TensorGen.draw(rng, n, d, 1.0, Domain.ANY);
        Tensor w1 = TensorGen.draw(rng, d, 4, 1.0, Domain.ANY);
        Tensor b1 = TensorGen.draw(rng, 1, 4, 1.0, Domain.ANY);
        Tensor c = TensorGen.draw(rng, 4, 1, 1.0, Domain.ANY);
        GradientCheck.Report r = GradientCheck.check(z -> {
            try (Tape.Scope scope = Tape.record()) {
                Tensor phi = TensorGen.potential(z, w1, b1, c);
                Tensor g = Gradients.grad(List.of(phi), List.of(z), null, true).get(0);
                // the Laplacian is the divergence of the gradient field, itself a second derivative
                return Divergence.exact(y -> Gradients.grad(List.of(TensorGen.potential(y, w1, b1, c)), List.of(y), null, true)
                        .get(0), z).divergence().add(g.rowSums());
            }
        }, x, 1e-5);
        assertTrue(r.passes(1e-5), r::toString);
    }

    /**
     * Hutchinson's estimator e^T J e with Rademacher e averages to div v over all probes. The case
     * generator, predicate, bound and tolerance are the catalog's ({@code
     * DifferentiationChecks.hutchinson}), so this property and {@code otto verify --only
     * autodiff.hutchinson} check one definition.
     */
    @Property(tries = 60)
    @Tag("autodiff.hutchinson")
    void hutchinsonEstimatorIsUnbiased(@ForAll @IntRange(min = 0, max = 999) int index, @ForAll long seed) {
        StatementCases.assertHolds("autodiff.hutchinson", index, seed);
    }

    /**
     * div(x A^T) = tr(A), also as unit-probe Hutchinson estimates. Cases of the catalogue's one
     * definition ({@code DifferentiationChecks.linearDivergence}): its generator, predicate, bound
     * and tolerance, the same as {@code otto verify --only autodiff.linear-divergence}.
     */
    @Property(tries = 160)
    @Tag("autodiff.linear-divergence")
    void linearFieldDivergenceIsTheTraceOnCatalogueCases(@ForAll @IntRange(min = 0, max = 999) int index,
                                                         @ForAll long seed) {
        StatementCases.assertHolds("autodiff.linear-divergence", index, seed);
    }

    /**
     * u^T H w = w^T H u from double backward. Cases of the catalogue's one definition ({@code
     * DifferentiationChecks.hessianSymmetry}): its generator, predicate, bound and tolerance, the
     * same as {@code otto verify --only autodiff.hvp-symmetry}.
     */
    @Property(tries = 100)
    @Tag("autodiff.hvp-symmetry")
    void hessianVectorProductsAreSymmetricOnCatalogueCases(@ForAll @IntRange(min = 0, max = 999) int index,
                                                           @ForAll long seed) {
        StatementCases.assertHolds("autodiff.hvp-symmetry", index, seed);
    }
}
