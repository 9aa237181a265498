package dev.otto.theory.verify;

import dev.otto.autodiff.Divergence;
import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Activation;
import dev.otto.autodiff.nn.Mlp;
import dev.otto.theory.autodiff.HessianSymmetry;
import dev.otto.theory.autodiff.OpCase;
import dev.otto.theory.autodiff.OpCase.Domain;
import dev.otto.theory.autodiff.OperationGradient;
import dev.otto.theory.autodiff.TensorGen;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * MATH.md section 2, reverse-mode differentiation (module {@code autodiff}): gradients against
 * central differences for every operation of the tape, the divergence of a linear field, Hutchinson's
 * estimator, symmetry of Hessian-vector products from double backward, and the MLP Lipschitz
 * bound. Tolerances as justified in the property suite ({@code dev.otto.theory.autodiff}).
 */
final class DifferentiationChecks {

    private DifferentiationChecks() {
    }

    static List<TheoremCheck> all() {
        return List.of(gradient(), linearDivergence(), hutchinson(), hessianSymmetry(), mlpLipschitz());
    }

    private static Statement statement(String id, String text) {
        return new Statement(id, "2", text, "");
    }

    /**
     * Every unary and every broadcasting binary operation on one generated shape (1 x 1 at case 0,
     * 5 x 5 at case 1), input scale (0.01, 0.3, 1, 2.5 in turn) and broadcast layout (in turn). With
     * the step h = 1e-5 r, r the distance the domain keeps from the nearest kink or pole (s, or
     * 0.05 s for logs, powers and denominators), the truncation error is orders below 1e-5 relative
     * to max(1, |derivative|), and the differences' rounding is measured and not counted, while a
     * wrong backward rule is off by O(1). Every
     * rule also has a recorded form, used with createGraph so that the backward pass can itself be
     * differentiated; it must compute the same numbers as the fused one, to rounding (1e-12 relative),
     * and its own gradient (double backward) must match central differences of the first gradient
     * to the same 1e-5, which catches a rule that is right in value but wrong in its derivative (a
     * factor treated as a constant), a bug that first-order checks and Hessian symmetry both miss.
     */
    static TheoremCheck gradient() {
        return WorstCase.of(statement("autodiff.gradient",
                        "Reverse-mode gradients of every tape operation equal central finite differences, also when recorded for double backward"),
                "measured: the worst of max (|analytic - numeric| - rounding floor) / max(1, |numeric|) over all operations, for the gradient "
                        + "and for the gradient of the recorded gradient (double backward) (bound 1e-5 each), and "
                        + "max |recorded - fused| / max(1, |fused|) (bound 1e-12); dimensionless",
                (index, rng) -> {
                    int rows = Draw.integer(index, rng, 1, 5);
                    int cols = Draw.integer(index, rng, 1, 5);
                    double scale = Draw.cycle(index, 0.01, 0.3, 1.0, 2.5);
                    OpCase.Layout layout = Draw.cycle(index, OpCase.Layout.values());
                    Outcome worst = null;
                    for (OpCase op : OpCase.unaryCases()) {
                        Tensor x = TensorGen.draw(rng, rows, cols, scale, op.domain());
                        worst = Outcome.worseOf(worst, OperationGradient.check(op, List.of(x), scale, rng));
                    }
                    int[][] shapes = layout.shapes(Math.min(rows, 4), Math.min(cols, 4));
                    for (OpCase op : OpCase.binaryCases()) {
                        Tensor a = TensorGen.draw(rng, shapes[0][0], shapes[0][1], scale, Domain.ANY);
                        Tensor b = TensorGen.draw(rng, shapes[1][0], shapes[1][1], scale, op.domain());
                        worst = Outcome.worseOf(worst, OperationGradient.check(op, List.of(a, b), scale, rng));
                    }
                    return worst;
                });
    }

    /**
     * div(x A^T) = tr(A) at every x, exactly up to the rounding of two sums of the d diagonal entries
     * in possibly different orders, each within (d - 1) u sum |A_ii| of the exact sum (u = 2^-52):
     * bound 2 d u sum |A_ii|; also as d unit-probe Hutchinson estimates. The backward pass forms each
     * A_ii exactly (a product with 1) and sums in the trace's own order, so the measured error is
     * usually exactly 0: a measured/bound of 0 here is exactness, not a loose bound. A wrong
     * divergence (a missed or doubled diagonal entry) misses by |A_ii|, about 1e13 bounds.
     */
    static TheoremCheck linearDivergence() {
        return WorstCase.of(statement("autodiff.linear-divergence", "A linear field v(x) = A x has div v = tr(A) exactly"),
                "measured: the largest |div v - tr A| over rows (exact divergence and the sum of unit-probe Hutchinson "
                        + "estimates); bound: 2 d u sum |A_ii|, u = 2^-52 (the rounding of two sums of d terms)",
                (index, rng) -> {
                    int n = Draw.integer(index, rng, 1, 6);
                    int d = Draw.integer(index, rng, 1, 7);
                    double s = Draw.cycle(index, 0.1, 3.0, 1.0);
                    Tensor a = TensorGen.draw(rng, d, d, s, Domain.ANY);
                    Tensor x = TensorGen.draw(rng, n, d, 10.0, Domain.ANY);
                    UnaryOperator<Tensor> v = z -> z.matmulTranspose(a);
                    double trace = 0;
                    for (int i = 0; i < d; i++) {
                        trace += a.get(i, i);
                    }
                    Tensor div = Divergence.exact(v, x).divergence();
                    double error = 0;
                    for (int r = 0; r < n; r++) {
                        error = Math.max(error, Math.abs(div.get(r, 0) - trace));
                    }
                    double hutch = 0;
                    for (int i = 0; i < d; i++) {
                        double[] e = new double[d];
                        e[i] = 1;
                        hutch += Divergence.hutchinson(v, x, Tensor.wrap(1, d, e).broadcastTo(n, d)).divergence().get(0, 0);
                    }
                    double diagonal = 0;
                    for (int i = 0; i < d; i++) {
                        diagonal += Math.abs(a.get(i, i));
                    }
                    return Outcome.error(Math.max(error, Math.abs(hutch - trace)), 2 * d * Math.ulp(1.0) * diagonal);
                });
    }

    /**
     * Hutchinson's estimator e^T J e is unbiased for Rademacher probes: its mean over all 2^d sign
     * vectors (the exact expectation, E[e_i e_j] = delta_ij) is the exact divergence, for a smooth
     * nonlinear field softplus(x W1 + b1) W2. Both sides are sums of d^2 Jacobian entries, each
     * estimate rounded in d^2 operations and the mean in 2^d more: tolerance 4 (d^2 + d) u
     * (1 + max|estimate|), u = 2^-52. A probe that is not Rademacher (E[e_i e_j] != delta_ij) or a
     * wrong vector-Jacobian product misses by O(|J|).
     */
    static TheoremCheck hutchinson() {
        return WorstCase.of(statement("autodiff.hutchinson",
                        "Hutchinson's estimator e^T J e with Rademacher e is unbiased for div v"),
                "measured: max over rows of |mean of e^T J e over all 2^d sign vectors - exact divergence|; "
                        + "bound: 4 (d^2 + d) u (1 + max|e^T J e|), u = 2^-52 (rounding)",
                (index, rng) -> {
                    int n = Draw.integer(index, rng, 1, 4);
                    int d = Draw.integer(index, rng, 1, 5);
                    double s = Draw.cycle(index, 0.1, 3.0, 1.0);
                    Tensor x = TensorGen.draw(rng, n, d, 1.0, Domain.ANY);
                    Tensor w1 = TensorGen.draw(rng, d, 5, s, Domain.ANY);
                    Tensor b1 = TensorGen.draw(rng, 1, 5, s, Domain.ANY);
                    Tensor w2 = TensorGen.draw(rng, 5, d, 1.0, Domain.ANY);
                    UnaryOperator<Tensor> v = z -> TensorGen.field(z, w1, b1, w2);
                    Tensor exact = Divergence.exact(v, x).divergence();
                    double[] mean = new double[n];
                    double largest = 0;
                    for (int signs = 0; signs < 1 << d; signs++) {
                        double[] e = new double[d];
                        for (int i = 0; i < d; i++) {
                            e[i] = (signs >> i & 1) == 0 ? 1 : -1;
                        }
                        Tensor est = Divergence.hutchinson(v, x, Tensor.wrap(1, d, e).broadcastTo(n, d)).divergence();
                        for (int r = 0; r < n; r++) {
                            mean[r] += est.get(r, 0) / (1 << d);
                            largest = Math.max(largest, Math.abs(est.get(r, 0)));
                        }
                    }
                    double error = 0;
                    for (int r = 0; r < n; r++) {
                        error = Math.max(error, Math.abs(mean[r] - exact.get(r, 0)));
                    }
                    return Outcome.error(error, 4 * (d * d + d) * Math.ulp(1.0) * (1 + largest));
                });
    }

    /**
     * Double backward: u^T H w = w^T H u for the Hessian of sum phi(x), phi(x) = tanh(x W1 + b1) c;
     * the same bilinear form along two graphs, each a sum of the terms |u * H w| rounded a few times
     * per layer: 64 u max(1, sum |u * H w|), u = 2^-52. A backward rule that is not the transpose of
     * its forward (an asymmetric Hessian) misses by O(|H|).
     */
    static TheoremCheck hessianSymmetry() {
        return WorstCase.of(statement("autodiff.hvp-symmetry",
                        "Hessian-vector products from double backward are symmetric: u^T H w = w^T H u"),
                "measured: |u^T H w - w^T H u|; bound: 64 u max(1, sum |u * H w|), u = 2^-52 (rounding)",
                (index, rng) -> {
                    int n = Draw.integer(index, rng, 1, 4);
                    int d = Draw.integer(index, rng, 1, 5);
                    double s = Draw.cycle(index, 0.1, 3.0, 1.0);
                    HessianSymmetry h = HessianSymmetry.draw(rng, n, d, s);
                    return Outcome.error(h.uHw() - h.wHu(), 64 * Math.ulp(1.0) * h.scale());
                });
    }

    /**
     * Lip(MLP) &lt;= prod_l |W_l|_2 prod Lip(sigma) (tanh, softplus with sharpness 20: Lip 1), on pairs
     * separated by 1e-4 .. 10; spectral norms from EJML's SVD, exact to rounding: 1e-12 relative.
     */
    static TheoremCheck mlpLipschitz() {
        return WorstCase.of(statement("autodiff.mlp-lipschitz",
                        "Lipschitz bound of an MLP: Lip <= prod_l ||W_l||_2 prod_l Lip(sigma_l)"),
                "measured: the largest |f(x) - f(y)| / |x - y| over 20 generated pairs; bound: prod ||W_l||_2 (1 + 1e-12) "
                        + "(+ 1e-15 / |x - y|)",
                (index, rng) -> {
                    int d = Draw.integer(index, rng, 1, 5);
                    int[] hidden = new int[Draw.integer(index, rng, 1, 3)];
                    Arrays.fill(hidden, 8);
                    Activation act = index % 2 == 0 ? Activation.tanh() : Activation.softplus(20);
                    Mlp mlp = Mlp.builder(d).hidden(hidden).output(d).activation(act).timeInput(true).build(rng);
                    double bound = mlp.lipschitzBound();
                    Outcome worst = null;
                    for (int k = 0; k < 20; k++) {
                        double sep = Math.pow(10, rng.nextDouble(-4, 1));
                        Tensor x = Tensor.randn(1, d, rng);
                        Tensor y = x.add(Tensor.randn(1, d, rng).scale(sep));
                        double t = rng.nextDouble();
                        try (Tape.Scope s = Tape.noGrad()) {
                            double out = Math.sqrt(mlp.apply(x, t).sub(mlp.apply(y, t)).square().sum().item());
                            double in = Math.sqrt(x.sub(y).square().sum().item());
                            Outcome o = Outcome.atMost(out / in, bound * (1 + 1e-12) + 1e-15 / in);
                            worst = Outcome.worseOf(worst, o);
                        }
                    }
                    return worst;
                });
    }
}
