package dev.otto.flows;

/**
 * Receives {@link TrainingProgress} reports from a trainer, on the training thread. A listener
 * should return quickly; trainers call it every iteration.
 */
@FunctionalInterface
public interface TrainingListener {

    void onProgress(TrainingProgress progress);

    /** A listener that ignores everything. */
    static TrainingListener none() {
        return p -> { };
    }

    /** Calls {@code inner} only every {@code every} iterations and at the last iteration of a stage. */
    static TrainingListener every(int every, TrainingListener inner) {
        if (every <= 0) {
            throw new IllegalArgumentException("every: must be positive, got " + every);
        }
        return p -> {
            if (p.iteration() % every == 0 || p.iteration() == p.iterations() - 1) {
                inner.onProgress(p);
            }
        };
    }
}
