package dev.otto.theory.autodiff;

import dev.otto.autodiff.Gradients;
import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import dev.otto.theory.autodiff.OpCase.Domain;
import java.util.List;
import java.util.SplittableRandom;

/**
 * MATH.md section 2: Hessian-vector products from double backward are symmetric, u^T H w = w^T H u,
 * for the Hessian H of f(x) = sum phi(x), phi(x) = tanh(x W1 + b1) c ({@link TensorGen#potential}).
 * Both sides are the same bilinear form computed along two different graphs, so they agree to
 * rounding: 1e-9 relative to {@link #scale}. Shared by the property and the catalog check.
 *
 * @param uHw   u^T H w
 * @param wHu   w^T H u
 * @param scale max(1, sum |u * H w|), the size of the terms
 */
public record HessianSymmetry(double uHw, double wHu, double scale) {

    /** One generated case: n points in R^d, the potential's weights of scale s. */
    public static HessianSymmetry draw(SplittableRandom rng, int n, int d, double s) {
        Tensor x = TensorGen.draw(rng, n, d, 1.0, Domain.ANY);
        Tensor w1 = TensorGen.draw(rng, d, 6, s, Domain.ANY);
        Tensor b1 = TensorGen.draw(rng, 1, 6, s, Domain.ANY);
        Tensor c = TensorGen.draw(rng, 6, 1, 1.0, Domain.ANY);
        Tensor u = TensorGen.draw(rng, n, d, 1.0, Domain.ANY);
        Tensor w = TensorGen.draw(rng, n, d, 1.0, Domain.ANY);
        try (Tape.Scope scope = Tape.record()) {
            Tensor f = TensorGen.potential(x, w1, b1, c).sum();
            Tensor g = Gradients.grad(List.of(f), List.of(x), null, true).get(0);
            Tensor hw = Gradients.grad(g.mul(w).sum(), x);
            Tensor hu = Gradients.grad(g.mul(u).sum(), x);
            return new HessianSymmetry(u.mul(hw).sum().item(), w.mul(hu).sum().item(),
                    Math.max(1.0, u.mul(hw).abs().sum().item()));
        }
    }
}
