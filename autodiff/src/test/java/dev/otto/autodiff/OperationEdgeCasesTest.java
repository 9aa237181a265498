package dev.otto.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where the gradient properties' generated inputs do not reach (MATH.md section 2,
 * {@code autodiff.gradient}): powers other than the special-cased 1 and 2, the step function at 0,
 * the subgradient split 1/2 : 1/2 of max and min at ties, a quotient differentiated in one operand
 * only, and softplus's sharpness at the end of its range.
 */
class OperationEdgeCasesTest {

    private static Tensor gradient(Tensor y, Tensor x) {
        return Gradients.grad(List.of(y), List.of(x), List.of(Tensor.ones(y.rows(), y.cols())), false).get(0);
    }

    @Test
    void generalPowersAndTheirDerivatives() {
        try (Tape.Scope s = Tape.record()) {
            Tensor x = Tensor.of(1, 2, 2, 9);
            Tensor cube = x.pow(3);
            assertArrayEquals(new double[] {8, 729}, cube.toArray(), 1e-12);
            assertArrayEquals(new double[] {12, 243}, gradient(cube, x).toArray(), 1e-12);
            Tensor root = x.pow(0.5);
            assertArrayEquals(new double[] {Math.sqrt(2), 3}, root.toArray(), 1e-15);
            assertArrayEquals(new double[] {0.5 / Math.sqrt(2), 0.5 / 3}, gradient(root, x).toArray(), 1e-15);
            assertArrayEquals(new double[] {1, 1}, gradient(x.pow(1), x).toArray(), 0.0);
            assertArrayEquals(new double[] {4, 18}, gradient(x.pow(2), x).toArray(), 0.0);
        }
    }

    @Test
    void theStepIsZeroAtZero() {
        assertArrayEquals(new double[] {0, 0, 1}, Tensor.of(1, 3, -1, 0, 2).step().toArray(), 0.0);
    }

    @Test
    void tiesOfMaxAndMinSplitTheGradient() {
        try (Tape.Scope s = Tape.record()) {
            Tensor a = Tensor.of(1, 3, 1, 2, 3);
            Tensor b = Tensor.of(1, 3, 2, 2, 1);
            Tensor max = a.maximum(b);
            List<Tensor> g = Gradients.grad(List.of(max), List.of(a, b), List.of(Tensor.ones(1, 3)), false);
            assertArrayEquals(new double[] {0, 0.5, 1}, g.get(0).toArray(), 0.0);
            assertArrayEquals(new double[] {1, 0.5, 0}, g.get(1).toArray(), 0.0);
            Tensor min = a.minimum(b);
            List<Tensor> h = Gradients.grad(List.of(min), List.of(a, b), List.of(Tensor.ones(1, 3)), false);
            assertArrayEquals(new double[] {1, 0.5, 0}, h.get(0).toArray(), 0.0);
        }
    }

    @Test
    void aQuotientDifferentiatedInOneOperand() {
        try (Tape.Scope s = Tape.record()) {
            Tensor a = Tensor.of(1, 2, 3, 4);
            Tensor b = Tensor.of(1, 2, 2, 8);
            assertArrayEquals(new double[] {0.5, 0.125}, gradient(a.div(b), a).toArray(), 0.0);
            assertArrayEquals(new double[] {-3.0 / 4, -4.0 / 64}, gradient(a.div(b), b).toArray(), 0.0);
        }
    }

    @Test
    void softplusSharpnessMustBePositiveAndScalesTheInput() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(1, 1, 1).softplus(0));
        assertArrayEquals(new double[] {Math.log1p(Math.exp(2 * 0.7)) / 2}, Tensor.of(1, 1, 0.7).softplus(2).toArray(), 1e-15);
    }
}
