package dev.otto.cli.commands;

import dev.otto.cli.BadInputException;
import dev.otto.flows.DivergencePolicy;
import picocli.CommandLine.Option;

/**
 * The divergence policy of every trainer ({@link DivergencePolicy}): how many times a bad step (a
 * non-finite loss or gradient, or a loss past the ceiling) is rolled back and retried, how much
 * the learning rate drops at each rollback, and the ceiling relative to the first loss.
 */
public final class DivergenceOptions {

    @Option(names = "--max-rollbacks", paramLabel = "N", defaultValue = "" + DivergencePolicy.DEFAULT_MAX_RETRIES,
            description = "Bad steps rolled back and retried before training stops as diverged, per run (per block"
                    + " for jko) (default ${DEFAULT-VALUE}).")
    int maxRollbacks;

    @Option(names = "--rollback-lr-factor", paramLabel = "F",
            defaultValue = "" + DivergencePolicy.DEFAULT_LEARNING_RATE_FACTOR,
            description = "Learning-rate multiplier at each rollback, in (0, 1] (default ${DEFAULT-VALUE}).")
    double learningRateFactor;

    @Option(names = "--loss-ceiling", paramLabel = "F", defaultValue = "" + DivergencePolicy.DEFAULT_EXPLOSION_FACTOR,
            description = "A loss L with |L| > F max(1, |first loss|) counts as exploded and is rolled back; "
                    + "'Infinity' reacts to non-finite values only (default ${DEFAULT-VALUE}; prox uses"
                    + " --objective-ceiling instead).")
    double explosionFactor;

    /** The policy the options describe. */
    DivergencePolicy policy() {
        if (maxRollbacks < 0) {
            throw BadInputException.of("--max-rollbacks", "expected a count >= 0, got " + maxRollbacks);
        }
        if (!(learningRateFactor > 0 && learningRateFactor <= 1)) {
            throw BadInputException.of("--rollback-lr-factor", "expected a factor in (0, 1], got "
                    + learningRateFactor);
        }
        if (!(explosionFactor > 1)) {
            throw BadInputException.of("--loss-ceiling", "expected a factor > 1 (or Infinity), got " + explosionFactor);
        }
        return new DivergencePolicy(maxRollbacks, learningRateFactor, explosionFactor);
    }
}
