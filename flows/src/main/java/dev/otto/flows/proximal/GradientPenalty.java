package dev.otto.flows.proximal;

import dev.otto.autodiff.Gradients;
import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

/**
 * The one-sided gradient penalty that enforces Lip(g) &lt;= L on the discriminator (MATH.md section 6;
 * seed paper 2, the W1 proximal, Algorithm 1):
 * GP = E_xhat[ max(0, |grad g(xhat)|^2 - L^2) ] on random interpolates xhat = s y + (1 - s) x_K,
 * s ~ U(0, 1) per sample, y a data sample and x_K a generated one. It is zero for every g whose
 * gradient norm is at most L at the interpolates and positive as soon as it exceeds L somewhere
 * there. The discriminator loss subtracts mu GP from the ascent objective.
 *
 * <p>The gradient is taken with {@code createGraph = true} so the penalty is differentiable in g's
 * parameters (double backward); call it inside a recording scope to train on it (outside one, a
 * private tape is used and the value is returned as a constant).
 */
public final class GradientPenalty {

    private GradientPenalty() {
    }

    /**
     * xhat = s y + (1 - s) x with one s ~ U(0, 1) per row, from {@code rng}; constants (not recorded
     * as functions of x or y, so the penalty does not push the generator).
     *
     * @throws IllegalArgumentException if the shapes differ
     */
    public static Tensor interpolates(Tensor data, Tensor generated, RandomGenerator rng) {
        requireSameShape(data, generated);
        return interpolates(data, generated, weights(data.rows(), rng));
    }

    /** The interpolation weights s ~ U(0, 1) of {@link #interpolates}, one per row (n x 1), from {@code rng}. */
    public static Tensor weights(int rows, RandomGenerator rng) {
        return Tensor.uniform(rows, 1, 0, 1, rng);
    }

    /**
     * xhat = s y + (1 - s) x with the given weights s (n x 1, from {@link #weights}); constants.
     *
     * @throws IllegalArgumentException if the shapes differ or s is not n x 1
     */
    public static Tensor interpolates(Tensor data, Tensor generated, Tensor s) {
        requireSameShape(data, generated);
        if (s.rows() != data.rows() || s.cols() != 1) {
            throw new IllegalArgumentException("s: expected " + data.rows() + " x 1 weights, got " + s.shape());
        }
        double[] y = data.toArray();
        double[] x = generated.toArray();
        double[] sv = s.toArray();
        int d = data.cols();
        double[] out = new double[y.length];
        for (int i = 0; i < data.rows(); i++) {
            for (int j = 0; j < d; j++) {
                int k = i * d + j;
                out[k] = sv[i] * y[k] + (1 - sv[i]) * x[k];
            }
        }
        return Tensor.wrap(data.rows(), d, out);
    }

    private static void requireSameShape(Tensor data, Tensor generated) {
        if (!data.sameShape(generated)) {
            throw new IllegalArgumentException("generated: expected the data's shape " + data.shape() + ", got "
                    + generated.shape());
        }
    }

    /**
     * The one-sided penalty E max(0, |grad g(xhat)|^2 - L^2) (1 x 1), differentiable in g's parameters.
     *
     * @param g a scalar function on batches (n x d -&gt; n x 1)
     * @param xhat the points (n x d)
     * @param lipschitz L &gt; 0
     * @throws IllegalArgumentException if L is not positive and finite or g is not n x 1
     */
    public static Tensor oneSided(UnaryOperator<Tensor> g, Tensor xhat, double lipschitz) {
        if (!(lipschitz > 0) || Double.isInfinite(lipschitz)) {
            throw new IllegalArgumentException("lipschitz: expected a finite L > 0, got " + lipschitz);
        }
        try (Tape.Scope scope = Tape.record()) {
            Tensor x = xhat.detach();
            Tensor out = g.apply(x);
            if (out.cols() != 1 || out.rows() != x.rows()) {
                throw new IllegalArgumentException("g: expected " + x.rows() + " x 1 values, got " + out.shape());
            }
            boolean keep = scope.joinedCallerTape();
            Tensor grad = Gradients.grad(List.of(out), List.of(x), null, keep).get(0);
            Tensor excess = grad.square().rowSums().addScalar(-lipschitz * lipschitz).relu();
            Tensor gp = excess.mean();
            return keep ? gp : gp.detach();
        }
    }

    /** |grad g| at each row of x (n x 1), a constant; for diagnostics and tests. */
    public static Tensor gradientNorms(UnaryOperator<Tensor> g, Tensor x) {
        try (Tape.Scope outer = Tape.noGrad(); Tape.Scope scope = Tape.record()) {
            Tensor xi = x.detach();
            Tensor grad = Gradients.grad(g.apply(xi), xi);
            return grad.square().rowSums().sqrt().detach();
        }
    }
}
