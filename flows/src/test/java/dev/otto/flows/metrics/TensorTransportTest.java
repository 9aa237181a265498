package dev.otto.flows.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.otto.autodiff.Tensor;
import dev.otto.ot.Wasserstein;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Tensors handed to ot as flat arrays give exactly the figures of the row-array route. */
class TensorTransportTest {

    @Test
    void w2MatchesTheRowArrayRouteBitForBit() {
        SplittableRandom rng = new SplittableRandom(3);
        Tensor x = Tensor.randn(31, 2, rng);
        Tensor y = Tensor.randn(27, 2, rng).addScalar(0.5);
        assertEquals(Wasserstein.w2(x.toRows(), y.toRows()), TensorTransport.w2(x, y), 0.0);
        assertEquals(Wasserstein.w2Squared(x.toRows(), y.toRows()), TensorTransport.w2Squared(x, y), 0.0);
        assertEquals(0.0, TensorTransport.w2Squared(x, x), 0.0);
    }

    @Test
    void differentDimensionsAreRejected() {
        Tensor x = Tensor.randn(3, 2, new SplittableRandom(1));
        Tensor y = Tensor.randn(3, 3, new SplittableRandom(2));
        assertThrows(IllegalArgumentException.class, () -> TensorTransport.w2(x, y));
        assertThrows(IllegalArgumentException.class, () -> TensorTransport.cost(x, y, 2));
    }
}
