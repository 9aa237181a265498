package dev.otto.flows;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FlowTest {

    /** The identity map on R^2: a flow without a density. */
    static final class Identity implements Flow {
        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public Tensor toNoise(Tensor x) {
            checkBatch("x", x);
            return x;
        }

        @Override
        public Tensor fromNoise(Tensor z) {
            checkBatch("z", z);
            return z;
        }
    }

    @Test
    void aFlowWithoutDensityRefusesLogDensityWithAClearMessage() {
        Flow f = new Identity();
        assertFalse(f.hasDensity());
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> f.logDensity(Tensor.zeros(3, 2)));
        assertTrue(e.getMessage().contains("defines no density"), e.getMessage());
    }

    @Test
    void defaultSampleIsSeededNoisePushedThroughFromNoise() {
        Flow f = new Identity();
        Tensor a = f.sample(5, new SplittableRandom(3));
        Tensor b = Tensor.randn(5, 2, new SplittableRandom(3));
        assertTrue(a.valueEquals(b));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.sample(0, new SplittableRandom(1)));
        assertTrue(e.getMessage().startsWith("n:"), e.getMessage());
    }

    @Test
    void checkBatchNamesTheArgumentAndBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Identity().toNoise(Tensor.zeros(4, 3)));
        assertTrue(e.getMessage().contains("x: expected n x 2, got 4x3"), e.getMessage());
    }
}
