package dev.otto.flows;

/**
 * Receives {@link TrainingProgress} reports from a trainer, on the training thread, and the
 * {@link Rollback}s its {@link DivergencePolicy} makes. A listener should return quickly; trainers
 * call it every iteration.
 */
@FunctionalInterface
public interface TrainingListener {

    void onProgress(TrainingProgress progress);

    /** A bad step was undone and training goes on with a lower learning rate (ignored by default). */
    default void onRollback(Rollback rollback) {
    }

    /** A stage is trained again because a check of its result failed (ignored by default). */
    default void onRetraining(Retraining retraining) {
    }

    /** A listener that ignores everything. */
    static TrainingListener none() {
        return p -> { };
    }

    /**
     * Calls {@code inner} only every {@code every} iterations and at the last iteration of a stage
     * (and on every rollback).
     */
    static TrainingListener every(int every, TrainingListener inner) {
        if (every <= 0) {
            throw new IllegalArgumentException("every: must be positive, got " + every);
        }
        return new TrainingListener() {
            @Override
            public void onProgress(TrainingProgress p) {
                if (p.iteration() % every == 0 || p.iteration() == p.iterations() - 1) {
                    inner.onProgress(p);
                }
            }

            @Override
            public void onRollback(Rollback rollback) {
                inner.onRollback(rollback);
            }

            @Override
            public void onRetraining(Retraining retraining) {
                inner.onRetraining(retraining);
            }
        };
    }
}
