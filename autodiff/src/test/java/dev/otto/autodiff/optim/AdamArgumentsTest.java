package dev.otto.autodiff.optim;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Adam's hyper-parameters at the ends of their ranges (beta in [0, 1), eps and weight decay
 * non-negative: 0 is a valid choice, 1 and negative values are not), and a step whose gradients do
 * not line up with the parameters is refused rather than applied to the wrong one; the learning
 * rate scale that the divergence policy applies after a rollback multiplies every later rate.
 */
class AdamArgumentsTest {

    private static Adam adam(double beta1, double beta2, double eps, double decay) {
        return new Adam(LearningRateSchedule.constant(1e-3), beta1, beta2, eps, decay, false);
    }

    @Test
    void rangesIncludeZeroAndExcludeOne() {
        assertDoesNotThrow(() -> adam(0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> adam(1, 0.9, 1e-8, 0));
        assertThrows(IllegalArgumentException.class, () -> adam(0.9, 1, 1e-8, 0));
        assertThrows(IllegalArgumentException.class, () -> adam(-1e-9, 0.9, 1e-8, 0));
        assertThrows(IllegalArgumentException.class, () -> adam(0.9, 0.999, -1e-300, 0));
        assertThrows(IllegalArgumentException.class, () -> adam(0.9, 0.999, 1e-8, -1e-300));
        assertThrows(IllegalArgumentException.class, () -> adam(Double.NaN, 0.9, 1e-8, 0));
    }

    @Test
    void gradientsMustLineUpWithTheParameters() {
        Parameter a = new Parameter("a", Tensor.zeros(1, 2));
        Parameter b = new Parameter("b", Tensor.zeros(2, 1));
        Adam opt = adam(0.9, 0.999, 1e-8, 0);
        assertThrows(IllegalArgumentException.class, () -> opt.step(List.of(a, b), List.of(Tensor.ones(1, 2))));
        assertThrows(IllegalArgumentException.class, () -> opt.step(List.of(a, b), List.of(Tensor.ones(1, 2), Tensor.ones(1, 2))));
        assertDoesNotThrow(() -> opt.step(List.of(a, b), List.of(Tensor.ones(1, 2), Tensor.ones(2, 1))));
    }

    /** The rate a step uses is the schedule's times the cumulative factor of scaleLearningRate (halved after a rollback). */
    @Test
    void scalingMultipliesEveryLaterRate() {
        Adam adam = new Adam(LearningRateSchedule.constant(0.1), 0.9, 0.999, 1e-8, 0, false);
        assertEquals(0.1, adam.currentLearningRate(), 0.0);
        adam.scaleLearningRate(0.5);
        adam.scaleLearningRate(0.5);
        assertEquals(0.025, adam.currentLearningRate(), 1e-17);
        assertThrows(IllegalArgumentException.class, () -> adam.scaleLearningRate(0));
        assertThrows(IllegalArgumentException.class, () -> adam.scaleLearningRate(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> adam.scaleLearningRate(Double.NaN));
    }
}
