package dev.otto.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TapeTest {

    /** An operation whose backward rule must never run: it is on no path to the requested input. */
    private static Tensor tripwire(Tensor x) {
        return Tensor.make("tripwire", x.rows, x.cols, x.toArray(), (g, needs) -> {
            throw new AssertionError("backward ran for an operation that does not lead to the input");
        }, x);
    }

    @Test
    void onlyOperationsLeadingToTheInputsDoWork() {
        Tensor a = Tensor.of(1, 2, 1, 2);
        Tensor b = Tensor.of(1, 2, 3, 4);
        try (Tape.Scope s = Tape.record()) {
            Tensor y = a.mul(tripwire(b)).sum();
            Tensor g = Gradients.grad(y, a);
            assertTrue(g.valueEquals(Tensor.of(1, 2, 3, 4)));
        }
    }

    @Test
    void operationsBeforeTheEarliestInputAreNotVisited() {
        Tensor a = Tensor.of(1, 1, 2);
        try (Tape.Scope s = Tape.record()) {
            Tensor h = tripwire(a).exp();
            Tensor y = h.square();
            // the tripwire precedes h, the requested input, and must not be reached
            assertEquals(2 * h.item(), Gradients.grad(y, h).item(), 0);
        }
    }

    @Test
    void closingTheOwningScopeReleasesTheTapeAndGraphResultsBecomeConstants() {
        Tensor x = Tensor.scalar(3);
        Tensor y;
        try (Tape.Scope s = Tape.record()) {
            y = x.square();
            assertTrue(y.isRecorded());
            try (Tape.Scope inner = Tape.record()) {
                assertTrue(inner.joinedCallerTape());
                x.exp();
            }
            assertTrue(y.isRecorded(), "an inner joining scope must not release the caller's tape");
        }
        assertFalse(y.isRecorded());
        try (Tape.Scope s = Tape.record()) {
            Tensor z = y.mul(x);
            assertEquals(9.0, Gradients.grad(z, x).item(), 0, "y is now a constant 9");
        }
    }

    @Test
    void scopesMustCloseInReverseOrder() {
        Tape.Scope a = Tape.record();
        Tape.Scope b = Tape.noGrad();
        assertThrows(IllegalStateException.class, a::close);
        b.close();
        a.close();
        assertFalse(Tape.isRecording());
    }

    @Test
    void reusedIntermediatesAccumulateGradients() {
        // micrograd issue 2: a node used twice must receive both contributions
        Tensor x = Tensor.scalar(1.5);
        try (Tape.Scope s = Tape.record()) {
            Tensor h = x.exp();
            Tensor y = h.mul(h).add(h);
            double e = Math.exp(1.5);
            assertEquals(2 * e * e + e, Gradients.grad(y, x).item(), 1e-12);
        }
    }

    @Test
    void derivativesAreTotalThroughRequestedIntermediates() {
        Tensor x = Tensor.scalar(2);
        try (Tape.Scope s = Tape.record()) {
            Tensor h = x.square();
            Tensor y = h.mul(x);
            List<Tensor> g = Gradients.grad(y, List.of(x, h));
            assertEquals(12.0, g.get(0).item(), 1e-12, "d(x^3)/dx");
            assertEquals(2.0, g.get(1).item(), 1e-12, "dy/dh = x");
        }
    }

    @Test
    void aNullOutputGradientMeansOnesInEveryForm() {
        Tensor x = Tensor.of(1, 2, 1.0, 2.0);
        try (Tape.Scope s = Tape.record()) {
            Tensor y = x.square();
            assertTrue(Gradients.grad(y, x, null, false).valueEquals(Tensor.of(1, 2, 2.0, 4.0)));
        }
    }
}
