package dev.otto.cli;

/**
 * A problem with what the user gave the command (an option, a file, a dataset name), as opposed to
 * a fault of Otto. The message is one line that names the option or file and the problem; the
 * command prints it and exits with {@link Otto#EXIT_BAD_INPUT}.
 */
public final class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** "{@code what}: {@code problem}", for example "--data: unknown dataset 'mons'". */
    public static BadInputException of(String what, String problem) {
        return new BadInputException(what + ": " + problem);
    }
}
