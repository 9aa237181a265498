package dev.otto.flows.jko;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FirstOrderErrorTest {

    /**
     * At the identity map on p_k = N(m, I), xi(y) = y + grad log p(y) = y - (y - m) = m up to the
     * kernel estimate's error, so E|xi|^2 is close to |m|^2 = 18 (the "about 19" of the reference
     * experiment once the kernel bias is added).
     */
    @Test
    void atTheIdentityMapTheErrorIsTheSquaredMeanPlusKernelBias() {
        Tensor x = Tensor.randn(1500, 2, new SplittableRandom(1)).addScalar(3.0);
        double e = FirstOrderError.estimate(x, x, 0.5, 0.1).value();
        assertTrue(e > 17 && e < 21, "E|xi|^2 = " + e);
    }

    /** The exact step N((3,3), I) -> N((2,2), I) is the shift x - 1: the error falls to the estimator's floor. */
    @Test
    void theExactStepHasASmallError() {
        Tensor x = Tensor.randn(1500, 2, new SplittableRandom(2)).addScalar(3.0);
        double e = FirstOrderError.estimate(x, x.addScalar(-1.0), 0.5, 0.1).value();
        assertTrue(e < 1.0, "E|xi|^2 = " + e);
    }

    @Test
    void theAssignmentOfAPermutedCopyIsTheInversePermutation() {
        double[][] x = {{0, 0}, {5, 1}, {-3, 2}, {10, -4}};
        double[][] y = {x[2], x[0], x[3], x[1]};
        int[] to = FirstOrderError.assignment(y, x);
        assertEquals(2, to[0]);
        assertEquals(0, to[1]);
        assertEquals(3, to[2]);
        assertEquals(1, to[3]);
    }

    @Test
    void badArgumentsAreNamed() {
        Tensor x = Tensor.ones(3, 2);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FirstOrderError.estimate(x, Tensor.ones(2, 2), 1, 1))
                .getMessage().startsWith("y:"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FirstOrderError.estimate(x, x, 0, 1))
                .getMessage().startsWith("h:"));
    }
}
