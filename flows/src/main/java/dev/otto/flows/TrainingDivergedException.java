package dev.otto.flows;

import java.util.List;

/**
 * Training stopped because its {@link DivergencePolicy} ran out of retries. The model the trainer
 * was given (or the partial result a subclass carries) holds the last good state, never a
 * non-finite one; {@link #rollbacks()} lists what was tried.
 */
public class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<Rollback> rollbacks;

    public TrainingDivergedException(String message, List<Rollback> rollbacks, Throwable cause) {
        super(message, cause);
        this.rollbacks = List.copyOf(rollbacks);
    }

    /** The rollbacks made before giving up, oldest first. */
    public List<Rollback> rollbacks() {
        return rollbacks;
    }
}
