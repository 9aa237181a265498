package dev.otto.flows;

import dev.otto.autodiff.Tensor;

/**
 * Samples of a flow with their model log-densities, from one pass (see
 * {@link Flow#sampleWithLogDensity(int, java.util.random.RandomGenerator, TraceEstimator)}).
 *
 * @param samples    the n samples (n x d)
 * @param logDensity log p(x) per sample (n x 1), in nats; an estimate when the trace is Hutchinson's
 * @param variance   the variance of that estimate per sample (n x 1): zero for the exact trace, the
 *                   sample variance over the probes divided by their number for Hutchinson's
 */
public record DensitySamples(Tensor samples, Tensor logDensity, Tensor variance) {

    /** Samples with exactly computed log-densities (variance zero). */
    public static DensitySamples exact(Tensor samples, Tensor logDensity) {
        return new DensitySamples(samples, logDensity, Tensor.zeros(logDensity.rows(), 1));
    }

    /** The mean of the per-sample variances. */
    public double meanVariance() {
        return variance.mean().item();
    }
}
