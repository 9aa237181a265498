package dev.otto.flows;

/**
 * What a trainer does when a step goes bad: a non-finite loss or gradient, or a loss that explodes
 * past a ceiling. It rolls the networks and their optimisers back to the last good state, multiplies
 * the learning rate by {@link #learningRateFactor}, and retries, at most {@link #maxRetries} times
 * in a run (per block for JKO); each rollback is reported ({@link Rollback}), and when the retries
 * are exhausted the trainer stops with a {@link TrainingDivergedException} that keeps the last good
 * model. Shared by the JKO, interpolation and proximal trainers.
 *
 * <p>Explosion: the loss L of a step counts as exploded when
 * |L| &gt; {@link #explosionFactor} max(1, |L_0|), L_0 the first finite loss of the run (of the block
 * for JKO). Every trainer here minimises its loss from L_0 on; a thousandfold growth (the default)
 * is far outside the noise of minibatch estimates (the toy runs of the repository stay within a
 * factor of about 2 of L_0) and is what a step size too large for the local curvature produces:
 * {@code otto train interp --lr 1e6} has a loss of order 1e12 after two steps while staying finite.
 * The max(1, .) keeps a loss that starts near 0 from tripping the test on noise.
 *
 * @param maxRetries         rollbacks allowed before giving up, &gt;= 0 (0: stop at the first bad step)
 * @param learningRateFactor multiplier of the learning rate at each rollback, in (0, 1]
 * @param explosionFactor    the ceiling relative to the first loss, &gt; 1 (infinity: only non-finite values)
 */
public record DivergencePolicy(int maxRetries, double learningRateFactor, double explosionFactor) {

    /** The default number of retries. */
    public static final int DEFAULT_MAX_RETRIES = 3;

    /** The default learning-rate factor per rollback. */
    public static final double DEFAULT_LEARNING_RATE_FACTOR = 0.5;

    /** The default explosion factor. */
    public static final double DEFAULT_EXPLOSION_FACTOR = 1e3;

    public DivergencePolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries: expected >= 0, got " + maxRetries);
        }
        if (!(learningRateFactor > 0 && learningRateFactor <= 1)) {
            throw new IllegalArgumentException("learningRateFactor: expected a value in (0, 1], got "
                    + learningRateFactor);
        }
        if (!(explosionFactor > 1)) {
            throw new IllegalArgumentException("explosionFactor: expected a value > 1 (or infinity), got "
                    + explosionFactor);
        }
    }

    /** Three retries, halving the learning rate each time, ceiling 1000 times the first loss. */
    public static DivergencePolicy defaults() {
        return new DivergencePolicy(DEFAULT_MAX_RETRIES, DEFAULT_LEARNING_RATE_FACTOR, DEFAULT_EXPLOSION_FACTOR);
    }

    /** No retry: the first bad step stops training (still rolled back to the last good state). */
    public static DivergencePolicy stopAtFirst() {
        return new DivergencePolicy(0, 1.0, DEFAULT_EXPLOSION_FACTOR);
    }

    public DivergencePolicy withMaxRetries(int n) {
        return new DivergencePolicy(n, learningRateFactor, explosionFactor);
    }

    public DivergencePolicy withLearningRateFactor(double f) {
        return new DivergencePolicy(maxRetries, f, explosionFactor);
    }

    public DivergencePolicy withExplosionFactor(double f) {
        return new DivergencePolicy(maxRetries, learningRateFactor, f);
    }

    /** True when {@code loss} is past the ceiling set by the first loss {@code first}. */
    public boolean exploded(double loss, double first) {
        return Math.abs(loss) > explosionFactor * Math.max(1.0, Math.abs(first));
    }
}
