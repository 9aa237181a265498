package dev.otto.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * An MLP on weights set by hand: the forward pass x -&gt; sigma(x W_1 + b_1) W_2 + b_2 has no
 * activation after its last layer, and the Lipschitz bound of MATH.md section 2 (statement
 * {@code autodiff.mlp-lipschitz}), prod_l ||W_l||_2 Lip(sigma)^(L-1), counts the activation once per
 * hidden layer and leaves out the rows of W_1 that multiply the time input. Sigmoid, whose Lipschitz
 * constant is 1/4 rather than 1, makes the count visible; the property suite's tanh and softplus
 * networks cannot tell one factor 1 from two.
 */
class MlpByHandTest {

    private static Mlp sigmoidNetwork(int inputs, boolean time, int... hidden) {
        return Mlp.builder(inputs).hidden(hidden).output(2).activation(Activation.sigmoid()).timeInput(time)
                .build(new SplittableRandom(1));
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    @Test
    void theLastLayerIsAffine() {
        Mlp f = sigmoidNetwork(2, false, 2);
        f.layers().get(0).weight().set(Tensor.of(2, 2, 1, -1, 0.5, 2));
        f.layers().get(0).bias().set(Tensor.of(1, 2, 0.1, -0.2));
        f.layers().get(1).weight().set(Tensor.of(2, 2, 3, 0, -1, 4));
        f.layers().get(1).bias().set(Tensor.of(1, 2, 0.5, 0.25));
        double x0 = 0.3;
        double x1 = -0.7;
        double h0 = sigmoid(x0 * 1 + x1 * 0.5 + 0.1);
        double h1 = sigmoid(x0 * -1 + x1 * 2 - 0.2);
        double[] expected = {h0 * 3 + h1 * -1 + 0.5, h0 * 0 + h1 * 4 + 0.25};
        assertArrayEquals(expected, f.apply(Tensor.of(1, 2, x0, x1)).toArray(), 1e-15);
    }

    @Test
    void theBoundCountsTheActivationOncePerHiddenLayer() {
        Mlp f = sigmoidNetwork(2, false, 2, 2);
        f.layers().get(0).weight().set(Tensor.of(2, 2, 3, 0, 0, 1));
        f.layers().get(1).weight().set(Tensor.of(2, 2, 0, 2, 0.5, 0));
        f.layers().get(2).weight().set(Tensor.of(2, 2, 5, 0, 0, -1));
        assertEquals(3 * 2 * 5 * 0.25 * 0.25, f.lipschitzBound(), 1e-12);
        try (Tape.Scope s = Tape.record()) {
            assertEquals(3 * 2 * 5 * 0.25 * 0.25, f.lipschitzBoundRecorded().item(), 1e-12);
        }
    }

    @Test
    void theTimeRowOfTheFirstWeightIsLeftOut() {
        Mlp f = sigmoidNetwork(2, true, 2);
        f.layers().get(0).weight().set(Tensor.of(3, 2, 2, 0, 0, 1, 100, 100));
        f.layers().get(1).weight().set(Tensor.of(2, 2, 1, 0, 0, 1));
        assertEquals(2 * 1 * 0.25, f.lipschitzBound(), 1e-12);
        try (Tape.Scope s = Tape.record()) {
            assertEquals(2 * 1 * 0.25, f.lipschitzBoundRecorded().item(), 1e-12);
        }
    }
}
