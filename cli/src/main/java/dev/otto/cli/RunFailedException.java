package dev.otto.cli;

/**
 * The command ran on valid input but could not deliver what it promised (a training run that
 * diverged, a theorem check that did not hold). Printed as one line; exit code
 * {@link Otto#EXIT_FAILED}. Whatever was saved before the failure is named in the message.
 */
public final class RunFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RunFailedException(String message) {
        super(message);
    }
}
