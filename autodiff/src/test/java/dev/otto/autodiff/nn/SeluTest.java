package dev.otto.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import org.junit.jupiter.api.Test;

/**
 * SELU against its definition lambda x (x &gt; 0), lambda alpha (e^x - 1) (x &lt;= 0) (Klambauer et al.
 * 2017, eq. (2)), its saved name, and its Lipschitz constant lambda alpha as the largest slope.
 */
class SeluTest {

    private static final double LAMBDA = 1.0507009873554805;
    private static final double ALPHA = 1.6732632423543772;

    @Test
    void valuesFollowTheDefinitionOnBothSidesOfZero() {
        double[] xs = {-30, -2, -0.5, 0, 1e-3, 0.7, 3};
        double[] y = Activation.selu().apply(Tensor.of(1, xs.length, xs)).toArray();
        for (int i = 0; i < xs.length; i++) {
            double want = xs[i] > 0 ? LAMBDA * xs[i] : LAMBDA * ALPHA * Math.expm1(xs[i]);
            assertEquals(want, y[i], 1e-14 * Math.max(1, Math.abs(want)), "selu(" + xs[i] + ")");
        }
    }

    @Test
    void theNameParsesBackAndTheLipschitzConstantBoundsEverySlope() {
        Activation a = Activation.parse(Activation.selu().name());
        assertEquals("selu", a.name());
        double worst = 0;
        for (double x = -5; x < 5; x += 0.01) {
            double[] y = a.apply(Tensor.of(1, 2, x, x + 1e-6)).toArray();
            worst = Math.max(worst, Math.abs(y[1] - y[0]) / 1e-6);
        }
        assertTrue(worst <= a.lipschitz() * (1 + 1e-5), "slope " + worst + " above " + a.lipschitz());
        // the grid's nearest point below 0 is about -0.01, where the slope is lambda alpha e^-0.01
        assertTrue(worst >= a.lipschitz() * Math.exp(-0.011), "slope " + worst + " well below " + a.lipschitz()
                + ": the bound is not tight at 0-");
    }
}
