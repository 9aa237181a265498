package dev.otto.theory.autodiff;

import dev.otto.autodiff.Tensor;
import java.util.SplittableRandom;

/** Deterministic tensors from a seed, a shape, a magnitude and a domain. */
final class TensorGen {

    private TensorGen() {
    }

    static Tensor draw(SplittableRandom rng, int rows, int cols, double scale, OpCase.Domain domain) {
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            double u = rng.nextDouble(-1.0, 1.0);
            switch (domain) {
                case ANY -> v[i] = scale * u;
                case AWAY_FROM_ZERO -> v[i] = Math.copySign(0.05 + Math.abs(u), u) * scale;
                case POSITIVE -> v[i] = (0.05 + Math.abs(u)) * scale;
                default -> throw new IllegalStateException();
            }
        }
        return Tensor.wrap(rows, cols, v);
    }
}
