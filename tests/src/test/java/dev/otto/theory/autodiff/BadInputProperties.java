package dev.otto.theory.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.AnomalyMode;
import dev.otto.autodiff.Gradients;
import dev.otto.autodiff.NonFiniteValueException;
import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import java.util.List;
import java.util.function.BinaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;

/** Bad input fails fast and names what was wrong; documented conventions hold. */
class BadInputProperties {

    record Named(String name, BinaryOperator<Tensor> op) {
        @Override
        public String toString() {
            return name;
        }
    }

    @Provide
    Arbitrary<Named> elementwise() {
        return Arbitraries.of(new Named("add", Tensor::add), new Named("sub", Tensor::sub),
                new Named("mul", Tensor::mul), new Named("div", Tensor::div),
                new Named("maximum", Tensor::maximum), new Named("minimum", Tensor::minimum));
    }

    @Provide
    Arbitrary<int[]> incompatibleShapes() {
        // rows or columns differ and neither is 1, so the shapes do not broadcast
        Arbitrary<Integer> dim = Arbitraries.integers().between(2, 6);
        return Combinators.combine(dim, dim, dim, dim).as((r, c, r2, c2) -> new int[] {r, c, r == r2 ? r2 + 1 : r2, c2})
                .filter(s -> s[0] != s[2] || s[1] != s[3]);
    }

    /** A shape mismatch raises IllegalArgumentException naming the operation and both shapes. */
    @Property(tries = 100)
    @Tag("contracts.bad-input")
    void shapeMismatchNamesBothShapes(@ForAll("elementwise") Named op, @ForAll("incompatibleShapes") int[] s) {
        Tensor a = Tensor.ones(s[0], s[1]);
        Tensor b = Tensor.ones(s[2], s[3]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> op.op().apply(a, b));
        assertTrue(e.getMessage().contains(op.name()) && e.getMessage().contains(a.shape())
                && e.getMessage().contains(b.shape()), e::getMessage);
    }

    @Property(tries = 50)
    @Tag("contracts.bad-input")
    void matrixProductMismatchNamesBothShapes(@ForAll("incompatibleShapes") int[] s) {
        Tensor a = Tensor.ones(s[0], s[1]);
        Tensor b = Tensor.ones(s[1] + 1, s[3]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.matmul(b));
        assertTrue(e.getMessage().contains(a.shape()) && e.getMessage().contains(b.shape()), e::getMessage);
    }

    /**
     * Documented behaviour: the gradient of an output in an input it does not depend on is a zero
     * tensor of the input's shape, for leaves and for recorded intermediates alike.
     */
    @Property(tries = 50)
    @Tag("contracts.bad-input")
    void gradientInAnUnrelatedInputIsZero(@ForAll("incompatibleShapes") int[] s) {
        Tensor a = Tensor.filled(s[0], s[1], 0.5);
        Tensor b = Tensor.filled(s[2], s[3], 2.0);
        try (Tape.Scope scope = Tape.record()) {
            Tensor unrelated = b.exp();
            Tensor y = a.square().sum();
            List<Tensor> g = Gradients.grad(y, List.of(b, unrelated, a));
            assertTrue(g.get(0).sameShape(b) && g.get(0).valueEquals(Tensor.zeros(s[2], s[3])));
            assertTrue(g.get(1).valueEquals(Tensor.zeros(s[2], s[3])));
            assertTrue(g.get(2).valueEquals(Tensor.filled(s[0], s[1], 1.0)));
        }
    }

    @Example
    @Tag("contracts.bad-input")
    void gradientOutsideARecordingScopeIsAnError() {
        Tensor x = Tensor.scalar(2.0);
        Tensor y = x.square();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Gradients.grad(y, x));
        assertTrue(e.getMessage().contains("Tape.record()"), e::getMessage);
    }

    @Example
    @Tag("contracts.bad-input")
    void gradOutputsOfTheWrongShapeAreRejected() {
        Tensor x = Tensor.ones(2, 3);
        try (Tape.Scope s = Tape.record()) {
            Tensor y = x.exp();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Gradients.grad(List.of(y), List.of(x), List.of(Tensor.ones(3, 2)), false));
            assertTrue(e.getMessage().contains("3x2") && e.getMessage().contains("2x3"), e::getMessage);
        }
    }

    @Example
    @Tag("contracts.bad-input")
    void anomalyModeNamesTheFirstNonFiniteOperation() {
        Tensor x = Tensor.of(1, 2, 1.0, -1.0);
        assertTrue(!x.log().isFinite(), "off by default: NaN flows silently");
        try (AnomalyMode.Scope a = AnomalyMode.enable()) {
            NonFiniteValueException e = assertThrows(NonFiniteValueException.class, () -> x.exp().log().sqrt());
            assertTrue(e.getMessage().contains("'sqrt'") && e.getMessage().contains("1x2"), e::getMessage);
        }
        assertEquals(2, x.log().size(), "anomaly mode ends with its scope");
    }

    @Example
    @Tag("contracts.bad-input")
    void noGradScopeRecordsNothingAndRecordingResumesAfterIt() {
        Tensor x = Tensor.ones(4, 4);
        try (Tape.Scope outer = Tape.record()) {
            x.exp();
            int before = outer.size();
            try (Tape.Scope ng = Tape.noGrad()) {
                for (int i = 0; i < 10; i++) {
                    x.exp().matmul(x).tanh();
                }
                assertEquals(0, Tape.currentSize());
            }
            assertEquals(before, outer.size());
            x.exp();
            assertEquals(before + 1, outer.size());
        }
    }
}
