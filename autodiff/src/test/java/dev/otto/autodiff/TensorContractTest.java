package dev.otto.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The plain contracts of {@link Tensor} that the gradient properties (MATH.md section 2) take for
 * granted: the means divide by the right count, the random constructors draw from the documented
 * distributions, shapes and indices are checked, and value equality, detaching and printing do what
 * their Javadoc says. Each test was seen to fail on a planted bug (a mean multiplying by the count,
 * a Rademacher entry of 0, an unchecked index, an always-true equality).
 */
class TensorContractTest {

    /** mean = sum / (rows cols), rowMeans = rowSums / cols, colMeans = colSums / rows, on a non-square case. */
    @Test
    void meansDivideByTheirCounts() {
        Tensor x = Tensor.of(2, 3, 1, 2, 3, 4, 5, 9);
        assertEquals(24.0 / 6, x.mean().item(), 0.0);
        assertArrayEquals(new double[] {2, 6}, x.rowMeans().toArray(), 0.0);
        assertArrayEquals(new double[] {2.5, 3.5, 6}, x.colMeans().toArray(), 0.0);
        assertEquals(2, x.rowMeans().rows());
        assertEquals(3, x.colMeans().cols());
    }

    /** sumTo adds over every dimension it shrinks to 1, on a non-square matrix; broadcastTo refuses an empty target. */
    @Test
    void sumToAndBroadcastToAreAdjointOnEveryShape() {
        Tensor x = Tensor.of(2, 3, 1, 2, 3, 4, 5, 9);
        assertArrayEquals(new double[] {6, 18}, x.sumTo(2, 1).toArray(), 0.0);
        assertArrayEquals(new double[] {5, 7, 12}, x.sumTo(1, 3).toArray(), 0.0);
        assertArrayEquals(new double[] {24}, x.sumTo(1, 1).toArray(), 0.0);
        assertSame(x, x.sumTo(2, 3));
        assertThrows(IllegalArgumentException.class, () -> x.sumTo(3, 1));
        assertArrayEquals(new double[] {7, 7, 7}, Tensor.of(1, 1, 7).broadcastTo(1, 3).toArray(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(1, 1, 7).broadcastTo(0, 3));
        assertThrows(IllegalArgumentException.class, () -> x.broadcastTo(2, 4));
    }

    /** Rademacher entries are exactly -1 or +1, both occur, and their mean over 40000 draws is within 4 standard errors (0.02) of 0. */
    @Test
    void rademacherEntriesAreSignsWithMeanZero() {
        Tensor r = Tensor.rademacher(200, 200, new SplittableRandom(3));
        int plus = 0;
        for (double v : r.toArray()) {
            assertTrue(v == 1.0 || v == -1.0, "entry " + v);
            plus += v > 0 ? 1 : 0;
        }
        assertTrue(Math.abs(plus / 40000.0 - 0.5) <= 0.01, "fraction of +1: " + plus / 40000.0);
    }

    /** Uniform entries lie in [lo, hi), and their mean over 40000 draws is the midpoint to 4 standard errors. */
    @Test
    void uniformEntriesFillTheInterval() {
        double lo = -3;
        double hi = 5;
        Tensor u = Tensor.uniform(200, 200, lo, hi, new SplittableRandom(4));
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : u.toArray()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertTrue(min >= lo && max < hi, "range [" + min + ", " + max + "]");
        assertTrue(min < lo + 0.01 && max > hi - 0.01, "the draws reach both ends: [" + min + ", " + max + "]");
        double sd = (hi - lo) / Math.sqrt(12 * 40000.0);
        assertEquals(1.0, u.mean().item(), 4 * sd);
    }

    /** Every constructor refuses a non-positive shape, and of/wrap refuse a value count that is not rows x cols. */
    @Test
    void shapesAndValueCountsAreChecked() {
        SplittableRandom rng = new SplittableRandom(5);
        assertThrows(IllegalArgumentException.class, () -> Tensor.randn(0, 2, rng));
        assertThrows(IllegalArgumentException.class, () -> Tensor.uniform(2, 0, 0, 1, rng));
        assertThrows(IllegalArgumentException.class, () -> Tensor.rademacher(-1, 2, rng));
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(0, 1));
        assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(1, 0, new double[0]));
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(2, 2, 1, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(2, 2, new double[5]));
        assertEquals(1, Tensor.of(1, 1, 7).size());
    }

    /** fromRows, row and toRows copy rows in order and refuse ragged input and rows outside the shape. */
    @Test
    void rowsGoInAndComeOutInOrder() {
        double[][] rows = {{1, 2, 3}, {4, 5, 6}};
        Tensor x = Tensor.fromRows(rows);
        rows[0][0] = 99;
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, x.toArray(), 0.0);
        assertArrayEquals(new double[] {4, 5, 6}, x.row(1), 0.0);
        assertArrayEquals(new double[] {1, 2, 3}, x.toRows()[0], 0.0);
        assertEquals(2, x.toRows().length);
        assertThrows(IndexOutOfBoundsException.class, () -> x.row(2));
        assertThrows(IndexOutOfBoundsException.class, () -> x.row(-1));
        assertThrows(IllegalArgumentException.class, () -> Tensor.fromRows(new double[][] {{1, 2}, {3}}));
        assertThrows(IllegalArgumentException.class, () -> Tensor.fromRows(new double[][] {{1}, {2, 3}}));
        assertThrows(IllegalArgumentException.class, () -> Tensor.fromRows(new double[0][]));
    }

    /** get checks both indices at both ends. */
    @Test
    void indicesOutsideTheShapeAreRefused() {
        Tensor x = Tensor.of(2, 3, 1, 2, 3, 4, 5, 6);
        assertEquals(6, x.get(1, 2));
        assertEquals(1, x.get(0, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> x.get(2, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> x.get(0, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> x.get(-1, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> x.get(0, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> x.get(1, 3), "row-major index 5 is inside, (1, 3) is not");
    }

    /** Value equality compares the shape and every entry, not the storage. */
    @Test
    void valueEqualityNeedsTheSameShapeAndEntries() {
        Tensor x = Tensor.of(2, 2, 1, 2, 3, 4);
        assertTrue(x.valueEquals(Tensor.of(2, 2, 1, 2, 3, 4)));
        assertFalse(x.valueEquals(Tensor.of(1, 4, 1, 2, 3, 4)));
        assertFalse(x.valueEquals(Tensor.of(4, 1, 1, 2, 3, 4)));
        assertFalse(x.valueEquals(Tensor.of(2, 2, 1, 2, 3, 5)));
    }

    /** detach leaves an untracked tensor as it is and cuts a recorded one from its graph, keeping the values. */
    @Test
    void detachCutsOnlyRecordedTensors() {
        Tensor x = Tensor.of(1, 2, 1, 2);
        assertSame(x, x.detach());
        try (Tape.Scope s = Tape.record()) {
            Tensor y = x.scale(3);
            assertTrue(y.isRecorded());
            Tensor d = y.detach();
            assertNotSame(y, d);
            assertFalse(d.isRecorded());
            assertTrue(d.valueEquals(y));
        }
    }

    /** toString shows the shape and at most 6 rows and 8 columns, marking what it leaves out. */
    @Test
    void printingShowsTheShapeAndAnExcerpt() {
        assertEquals("Tensor 1x2 [[1.0, 2.0]]", Tensor.of(1, 2, 1, 2).toString());
        assertEquals("Tensor 2x1 [[1.0], [2.0]]", Tensor.of(2, 1, 1, 2).toString());
        String wide = Tensor.zeros(1, 9).toString();
        assertTrue(wide.endsWith("0.0, ...]]"), wide);
        assertEquals(8, wide.split("0\\.0", -1).length - 1, wide);
        String tall = Tensor.zeros(7, 1).toString();
        assertTrue(tall.endsWith("[0.0], ...]"), tall);
        assertEquals(6, tall.split("\\[0\\.0\\]", -1).length - 1, tall);
        String exact = Tensor.zeros(6, 8).toString();
        assertFalse(exact.contains("..."), exact);
    }
}
