package dev.otto.autodiff.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SGD's three forms on a parameter and gradients set by hand, two steps each: plain x -= lr g;
 * heavy ball b = mu b + g, x -= lr b; Nesterov b = mu b + g, x -= lr (g + mu b). The step counter
 * advances the schedule. Gradient clipping to a global norm, at and beyond its threshold.
 */
class SgdByHandTest {

    private static double[] twoSteps(Sgd sgd) {
        Parameter p = new Parameter("p", Tensor.of(1, 2, 1.0, -2.0));
        sgd.step(List.of(p), List.of(Tensor.of(1, 2, 0.5, 1.0)));
        sgd.step(List.of(p), List.of(Tensor.of(1, 2, -1.0, 2.0)));
        return p.value().toArray();
    }

    @Test
    void plainHeavyBallAndNesterovStepsByHand() {
        double lr = 0.1;
        double mu = 0.5;
        assertArrayEquals(new double[] {1 - lr * (0.5 - 1.0), -2 - lr * (1.0 + 2.0)},
                twoSteps(new Sgd(lr)), 1e-15);
        // heavy ball: b1 = g1, b2 = mu g1 + g2
        assertArrayEquals(new double[] {1 - lr * 0.5 - lr * (mu * 0.5 - 1.0), -2 - lr * 1.0 - lr * (mu * 1.0 + 2.0)},
                twoSteps(new Sgd(lr, mu)), 1e-15);
        // Nesterov: d = g + mu b with the updated b
        double b1x = 0.5;
        double b1y = 1.0;
        double b2x = mu * b1x - 1.0;
        double b2y = mu * b1y + 2.0;
        double[] expected = {1 - lr * (0.5 + mu * b1x) - lr * (-1.0 + mu * b2x), -2 - lr * (1.0 + mu * b1y) - lr * (2.0 + mu * b2y)};
        assertArrayEquals(expected, twoSteps(new Sgd(LearningRateSchedule.constant(lr), mu, true)), 1e-15);
    }

    @Test
    void theStepCounterAdvancesTheSchedule() {
        Sgd sgd = new Sgd(LearningRateSchedule.step(1.0, 1, 0.5), 0, false);
        assertEquals(1.0, sgd.currentLearningRate(), 0.0);
        double[] x = twoSteps(sgd);
        assertEquals(2, sgd.iterations());
        assertEquals(0.25, sgd.currentLearningRate(), 0.0);
        assertArrayEquals(new double[] {1 - 0.5 + 0.5, -2 - 1.0 - 1.0}, x, 1e-15);
    }

    @Test
    void argumentsAreChecked() {
        assertDoesNotThrow(() -> new Sgd(0.1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1, -0.1));
        Parameter p = new Parameter("p", Tensor.zeros(1, 2));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1).step(List.of(p), List.of(Tensor.zeros(2, 1))));
    }

    @Test
    void clippingScalesToTheThresholdOnlyBeyondIt() {
        List<Tensor> g = List.of(Tensor.of(1, 2, 3, 0), Tensor.of(1, 1, 4));
        assertEquals(5.0, GradientClipping.globalNorm(g), 0.0);
        GradientClipping.Clipped same = GradientClipping.clipByGlobalNorm(g, 5.0);
        assertEquals(g, same.grads());
        assertEquals(5.0, same.norm(), 0.0);
        GradientClipping.Clipped cut = GradientClipping.clipByGlobalNorm(g, 1.0);
        double scale = 1.0 / (5.0 + 1e-6);
        assertArrayEquals(new double[] {3 * scale, 0}, cut.grads().get(0).toArray(), 1e-17);
        assertArrayEquals(new double[] {4 * scale}, cut.grads().get(1).toArray(), 1e-17);
        assertEquals(5.0, cut.norm(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> GradientClipping.clipByGlobalNorm(g, 0));
    }
}
