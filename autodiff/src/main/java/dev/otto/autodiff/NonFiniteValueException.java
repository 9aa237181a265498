package dev.otto.autodiff;

/** A computation produced a NaN or an infinity; the message names where. */
public class NonFiniteValueException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    public NonFiniteValueException(String message) {
        super(message);
    }
}
