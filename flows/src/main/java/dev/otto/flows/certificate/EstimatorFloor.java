package dev.otto.flows.certificate;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.metrics.TensorTransport;
import java.util.random.RandomGenerator;

/**
 * The floor of the sample estimator of W2^2(p, q): its value when p = q, here W2^2 between two
 * independent samples of N(0, I_d) of the certificate's size, by exact OT (MATH.md sections 1 and
 * 7). A finite-sample W2^2 never goes below about this much even for a perfect model, so a
 * Theorem 4.3 bound smaller than it cannot be confirmed or refuted ({@link Check#aboveFloor}).
 */
public final class EstimatorFloor {

    private EstimatorFloor() {
    }

    /** W2^2 between two independent N(0, I_d) samples of size n. */
    public static double w2Squared(int n, int d, RandomGenerator rng) {
        return TensorTransport.w2Squared(Tensor.randn(n, d, rng), Tensor.randn(n, d, rng));
    }

    /** W2^2 between the rows of x and as many fresh N(0, I_d) samples, by exact OT. */
    public static double w2SquaredToNoise(Tensor x, RandomGenerator rng) {
        return TensorTransport.w2Squared(x, Tensor.randn(x.rows(), x.cols(), rng));
    }
}
