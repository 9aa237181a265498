package dev.otto.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Slices, pads, concatenation and row gathering refuse every range that does not fit, at its
 * boundary, and return their input itself when there is nothing to do (no copy, no tape entry).
 * The gradient properties (MATH.md section 2, {@code autodiff.gradient}) check the values and
 * backward rules of these operations on ranges that fit; this class checks the edges they never
 * generate.
 */
class SlicingContractTest {

    private static final Tensor X = Tensor.of(2, 3, 1, 2, 3, 4, 5, 6);

    @Test
    void columnSlicesMustBeNonEmptyRangesInside() {
        assertArrayEquals(new double[] {3, 6}, X.sliceCols(2, 3).toArray());
        assertArrayEquals(new double[] {1, 4}, X.sliceCols(0, 1).toArray());
        assertThrows(IllegalArgumentException.class, () -> X.sliceCols(-1, 2));
        assertThrows(IllegalArgumentException.class, () -> X.sliceCols(1, 4));
        assertThrows(IllegalArgumentException.class, () -> X.sliceCols(2, 2));
        assertSame(X, X.sliceCols(0, 3));
    }

    @Test
    void rowSlicesMustBeNonEmptyRangesInside() {
        assertArrayEquals(new double[] {4, 5, 6}, X.sliceRows(1, 2).toArray());
        assertThrows(IllegalArgumentException.class, () -> X.sliceRows(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> X.sliceRows(0, 3));
        assertThrows(IllegalArgumentException.class, () -> X.sliceRows(1, 1));
        assertSame(X, X.sliceRows(0, 2));
    }

    @Test
    void paddingMustFitAndIsTheIdentityWhenItAddsNothing() {
        assertArrayEquals(new double[] {0, 1, 2, 3, 0, 4, 5, 6}, X.padCols(1, 4).toArray());
        assertArrayEquals(new double[] {1, 2, 3, 0, 4, 5, 6, 0}, X.padCols(0, 4).toArray());
        assertThrows(IllegalArgumentException.class, () -> X.padCols(-1, 4));
        assertThrows(IllegalArgumentException.class, () -> X.padCols(2, 4));
        assertSame(X, X.padCols(0, 3));
        assertArrayEquals(new double[] {0, 0, 0, 1, 2, 3, 4, 5, 6}, X.padRows(1, 3).toArray());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 0, 0, 0}, X.padRows(0, 3).toArray());
        assertThrows(IllegalArgumentException.class, () -> X.padRows(-1, 3));
        assertThrows(IllegalArgumentException.class, () -> X.padRows(2, 3));
        assertSame(X, X.padRows(0, 2));
    }

    @Test
    void concatenatingOnePartReturnsIt() {
        assertSame(X, Tensor.concatRows(X));
        assertSame(X, Tensor.concatCols(X));
        assertThrows(IllegalArgumentException.class, () -> Tensor.concatRows());
        assertThrows(IllegalArgumentException.class, () -> Tensor.concatRows(X, Tensor.zeros(1, 2)));
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 0, 0, 0}, Tensor.concatRows(X, Tensor.zeros(1, 3)).toArray());
    }

    @Test
    void gatheredIndicesMustBeRowsOfTheInput() {
        assertArrayEquals(new double[] {4, 5, 6, 1, 2, 3, 4, 5, 6}, X.gatherRows(1, 0, 1).toArray());
        assertThrows(IllegalArgumentException.class, () -> X.gatherRows());
        assertThrows(IllegalArgumentException.class, () -> X.gatherRows(0, 2));
        assertThrows(IllegalArgumentException.class, () -> X.gatherRows(-1));
    }

    /** The backward rule scatters into the rows gathered, even if the caller reuses its index array afterwards. */
    @Test
    void theBackwardRuleKeepsItsOwnCopyOfTheIndices() {
        int[] idx = {1, 1};
        try (Tape.Scope s = Tape.record()) {
            Tensor x = Tensor.of(2, 3, 1, 2, 3, 4, 5, 6);
            Tensor y = x.gatherRows(idx);
            idx[0] = 0;
            Tensor grad = Gradients.grad(List.of(y), List.of(x), List.of(Tensor.ones(2, 3)), false).get(0);
            assertArrayEquals(new double[] {0, 0, 0, 2, 2, 2}, grad.toArray());
        }
    }
}
