package dev.otto.theory.autodiff;

import dev.otto.autodiff.Tensor;
import java.util.SplittableRandom;

/**
 * Deterministic tensors from a seed, a shape, a magnitude and a domain, and the small smooth maps
 * the second-order statements of MATH.md section 2 differentiate.
 */
public final class TensorGen {

    private TensorGen() {
    }

    /** rows x cols entries scale u (u uniform in [-1, 1], moved into the domain). */
    public static Tensor draw(SplittableRandom rng, int rows, int cols, double scale, OpCase.Domain domain) {
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            double u = rng.nextDouble(-1.0, 1.0);
            switch (domain) {
                case ANY -> v[i] = scale * u;
                case AWAY_FROM_ZERO -> v[i] = Math.copySign(domain.margin() + Math.abs(u), u) * scale;
                case POSITIVE -> v[i] = (domain.margin() + Math.abs(u)) * scale;
                default -> throw new IllegalStateException();
            }
        }
        return Tensor.wrap(rows, cols, v);
    }

    /** A small smooth network x -&gt; softplus(x W1 + b1) W2 with its parameters as explicit inputs. */
    public static Tensor field(Tensor x, Tensor w1, Tensor b1, Tensor w2) {
        return x.matmul(w1).add(b1).softplus().matmul(w2);
    }

    /** A smooth scalar-per-row potential phi(x) = sum_j tanh(x W1 + b1)_j c_j (rows: samples). */
    public static Tensor potential(Tensor x, Tensor w1, Tensor b1, Tensor c) {
        return x.matmul(w1).add(b1).tanh().matmul(c);
    }
}
