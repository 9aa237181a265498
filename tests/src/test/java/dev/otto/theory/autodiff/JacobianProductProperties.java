package dev.otto.theory.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.otto.autodiff.Derivatives;
import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import dev.otto.theory.StatementCases;
import dev.otto.theory.autodiff.OpCase.Domain;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

/** Jacobian products of batch maps (MATH.md section 2) and the MLP Lipschitz bound. */
class JacobianProductProperties {

    private static UnaryOperator<Tensor> map(int d, int m, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor w1 = TensorGen.draw(rng, d, 6, 1.0, Domain.ANY);
        Tensor w2 = TensorGen.draw(rng, 6, m, 1.0, Domain.ANY);
        return x -> x.matmul(w1).tanh().matmul(w2).add(x.sliceCols(0, 1).square());
    }

    /**
     * Adjoint identity: &lt;v, J u&gt; = &lt;J^T v, u&gt; with J u from the double-vjp jvp and J^T v from the
     * vjp. Both are the same bilinear form, so they agree to rounding (1e-10 relative).
     */
    @Property(tries = 80)
    @Tag("autodiff.jvp-vjp")
    void jvpAndVjpAreAdjoint(@ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 4) int d,
                             @ForAll @IntRange(min = 1, max = 4) int m, @ForAll long seed) {
        UnaryOperator<Tensor> f = map(d, m, seed);
        SplittableRandom rng = new SplittableRandom(seed + 1);
        Tensor x = TensorGen.draw(rng, n, d, 1.0, Domain.ANY);
        Tensor u = TensorGen.draw(rng, n, d, 1.0, Domain.ANY);
        Tensor v = TensorGen.draw(rng, n, m, 1.0, Domain.ANY);
        Tensor ju = Derivatives.jvp(f, x, u).product();
        Tensor jtv = Derivatives.vjp(f, x, v).product();
        double left = v.mul(ju).sum().item();
        double right = jtv.mul(u).sum().item();
        assertEquals(left, right, 1e-10 * Math.max(1, Math.abs(left)));
    }

    /**
     * The jvp is the directional derivative: J u = (f(x + h u) - f(x - h u)) / 2h + O(h^2); with
     * h = 1e-5 the difference is below 1e-8 for these smooth maps.
     */
    @Property(tries = 80)
    @Tag("autodiff.jvp-vjp")
    void jvpIsTheDirectionalDerivative(@ForAll @IntRange(min = 1, max = 4) int n,
                                       @ForAll @IntRange(min = 1, max = 4) int d,
                                       @ForAll @IntRange(min = 1, max = 4) int m, @ForAll long seed) {
        UnaryOperator<Tensor> f = map(d, m, seed);
        SplittableRandom rng = new SplittableRandom(seed + 2);
        Tensor x = TensorGen.draw(rng, n, d, 1.0, Domain.ANY);
        Tensor u = TensorGen.draw(rng, n, d, 1.0, Domain.ANY);
        Tensor ju = Derivatives.jvp(f, x, u).product();
        double h = 1e-5;
        Tensor fd;
        try (Tape.Scope s = Tape.noGrad()) {
            fd = f.apply(x.addScaled(u, h)).sub(f.apply(x.addScaled(u, -h))).scale(1 / (2 * h));
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                assertEquals(fd.get(i, j), ju.get(i, j), 1e-8 * Math.max(1, Math.abs(fd.get(i, j))));
            }
        }
    }

    /**
     * Lip(MLP) &lt;= prod ||W_l||_2 prod Lip(sigma_l). Cases of the catalogue's one definition
     * ({@code DifferentiationChecks.mlpLipschitz}): its generator, predicate, bound and tolerance,
     * the same as {@code otto verify --only autodiff.mlp-lipschitz}.
     */
    @Property(tries = 100)
    @Tag("autodiff.mlp-lipschitz")
    void mlpLipschitzBoundOnCatalogueCases(@ForAll @IntRange(min = 0, max = 999) int index,
                                           @ForAll long seed) {
        StatementCases.assertHolds("autodiff.mlp-lipschitz", index, seed);
    }
}
