package dev.otto.flows.certificate;

import dev.otto.ode.IntegrationException;
import java.util.function.DoubleSupplier;

/**
 * Runs one measurement of a check on a model that may be broken: an integration that cannot finish
 * (a non-finite state, a step size underflow, too many steps) or a non-finite value in the
 * arithmetic is the measurement's result, NaN, which every check reports as FAIL; it never ends the
 * certificate with an exception.
 */
final class Measure {

    private Measure() {
    }

    static double orNaN(DoubleSupplier measurement) {
        try {
            return measurement.getAsDouble();
        } catch (IntegrationException | ArithmeticException e) {
            return Double.NaN;
        }
    }
}
