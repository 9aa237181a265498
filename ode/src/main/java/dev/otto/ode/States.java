package dev.otto.ode;

import dev.otto.autodiff.Tensor;
import java.util.List;

/** Argument and state checks shared by the integrators. */
final class States {

    private States() {
    }

    static List<Tensor> checkInitial(List<Tensor> y0) {
        if (y0 == null || y0.isEmpty()) {
            throw new IllegalArgumentException("y0: expected at least one state component, got none");
        }
        for (int comp = 0; comp < y0.size(); comp++) {
            Tensor y = y0.get(comp);
            if (y == null) {
                throw new IllegalArgumentException("y0: component " + comp + " is null");
            }
            if (!y.isFinite()) {
                throw new IllegalArgumentException("y0: expected a finite initial state, component " + comp
                        + " (" + y.shape() + ") has a NaN or infinite entry");
            }
        }
        return y0;
    }

    static void checkTime(String arg, double t) {
        if (!Double.isFinite(t)) {
            throw new IllegalArgumentException(arg + ": expected a finite time, got " + t);
        }
    }

    /** The index of the first non-finite component, or -1. */
    static int firstNonFinite(List<Tensor> y) {
        for (int comp = 0; comp < y.size(); comp++) {
            if (!y.get(comp).isFinite()) {
                return comp;
            }
        }
        return -1;
    }
}
