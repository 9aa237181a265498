package dev.otto.flows;

import dev.otto.autodiff.Tensor;
import java.util.random.RandomGenerator;

/**
 * A generative flow between the reference q = N(0, I_d) ("noise") and a data distribution on R^d
 * (MATH.md, conventions and sections 4-6). Samples are the rows of an n x d tensor.
 *
 * <p>{@link #toNoise} is the learned transport map T (data to noise, the direction the JKO blocks
 * are trained in) and {@link #fromNoise} its numerical inverse S (noise to data, the direction of
 * generation). Both are integrated flow maps, so {@code fromNoise(toNoise(x))} equals x only up to
 * the integrator's error: that gap is the inversion error E|S(T(x)) - x|^2 of MATH.md section 3,
 * measured by {@code dev.otto.flows.metrics.InversionError}.
 *
 * <p>Density. A model whose transport is invertible with a tractable Jacobian (the JKO and
 * interpolation families, MATH.md sections 4-5) defines log p(x) = log q(T(x)) + log|det grad T(x)|
 * and returns {@code true} from {@link #hasDensity()}; so does the W1/W2 proximal generator of
 * MATH.md section 6, whose generator is an ODE, though it has no {@link #toNoise}
 * ({@link #hasInverse()} is false). A model that defines no density (a pure sampler) keeps the
 * default {@link #logDensity} which throws {@link UnsupportedOperationException}. Callers that can
 * work without a density check {@link #hasDensity()} first; this is the contract, not a placeholder.
 *
 * <p>Randomness only enters through {@link #sample}'s generator: the maps themselves are
 * deterministic, so the same generator state gives the same samples.
 */
public interface Flow {

    /** The dimension d of the data and of the noise. */
    int dimension();

    /**
     * n independent samples of the model (n x d): draws z ~ N(0, I_d) from {@code rng} and returns
     * {@code fromNoise(z)}. Implementations may override it but must use only {@code rng}.
     *
     * @throws IllegalArgumentException if n is not positive
     */
    default Tensor sample(int n, RandomGenerator rng) {
        if (n <= 0) {
            throw new IllegalArgumentException("n: expected a positive sample count, got " + n);
        }
        return fromNoise(Tensor.randn(n, dimension(), rng));
    }

    /** The transport map T applied to each row of x (n x d -> n x d): data to noise. */
    Tensor toNoise(Tensor x);

    /** The generating map S applied to each row of z (n x d -> n x d): noise to data. */
    Tensor fromNoise(Tensor z);

    /**
     * Whether {@link #toNoise} is defined (true for the JKO and interpolation families; the proximal
     * generator has a density but no inverse map); callers measuring an inversion error check it.
     */
    default boolean hasInverse() {
        return true;
    }

    /** Whether {@link #logDensity} is defined for this model. */
    default boolean hasDensity() {
        return false;
    }

    /**
     * log p(x) of the model for each row of x (n x 1), in nats.
     *
     * @throws UnsupportedOperationException when {@link #hasDensity()} is false: this model defines
     *     no density (it is a pure sampler); use sample-based metrics (MMD, W2) instead
     */
    default Tensor logDensity(Tensor x) {
        throw new UnsupportedOperationException(getClass().getName()
                + " defines no density (hasDensity() is false): it is a sampler only;"
                + " compare it with sample-based metrics such as MMD or W2 instead");
    }

    /**
     * n samples with their log-densities, the divergence taken as {@link TraceEstimator#defaultFor}
     * the dimension prescribes (exact for small d).
     *
     * @throws UnsupportedOperationException when {@link #hasDensity()} is false
     */
    default DensitySamples sampleWithLogDensity(int n, RandomGenerator rng) {
        return sampleWithLogDensity(n, rng, TraceEstimator.defaultFor(dimension()));
    }

    /**
     * n samples and log p of each (MATH.md section 3). This default samples, then evaluates
     * {@link #logDensity} (a second integration, data -&gt; noise) and ignores {@code trace}; the ODE
     * families override it to integrate samples and log-density together in one pass from noise,
     * log p(x) = log q(z) - int_0^1 div v dt along the generating path ({@link OnePassLikelihood}).
     * Only {@code rng} draws the noise, so the samples equal {@link #sample}'s for the same state.
     *
     * @throws UnsupportedOperationException when {@link #hasDensity()} is false
     */
    default DensitySamples sampleWithLogDensity(int n, RandomGenerator rng, TraceEstimator trace) {
        if (!hasDensity()) {
            throw new UnsupportedOperationException(getClass().getName()
                    + " defines no density (hasDensity() is false): sample() it and compare samples instead");
        }
        Tensor x = sample(n, rng);
        return DensitySamples.exact(x, logDensity(x));
    }

    /**
     * Checks that x is an n x d batch for this flow; implementations call it at their entry points.
     *
     * @throws IllegalArgumentException naming {@code name}, the expected and the actual shape
     */
    default void checkBatch(String name, Tensor x) {
        if (x == null) {
            throw new IllegalArgumentException(name + ": expected an n x " + dimension() + " tensor, got null");
        }
        if (x.cols() != dimension()) {
            throw new IllegalArgumentException(name + ": expected n x " + dimension() + ", got " + x.shape());
        }
    }
}
