package dev.otto.ot.sinkhorn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The extrapolation on linear iterations x &lt;- x* + A (x - x*) with a known limit x*: a slow mode
 * of rate 1 - 1e-6 beside fast ones is brought from distance 1 to below 1e-8 in 5,000 sweeps (plain
 * sweeps would need 18 million). Measured: 5e-6 after 100 sweeps, 4.2e-7 from 200 to 2,000 (one
 * sweep then moves the mode by 4e-13, a thousand ulps of x, and blocks of about 500 sweeps are
 * needed to resolve its rate above the rounding), 1.3e-9 after 5,000.
 * A rotation, whose changes are never parallel, is left alone.
 */
class GeometricExtrapolationTest {

    private static final double[] LIMIT_F = {0.7, -1.3, 0.2};
    private static final double[] LIMIT_G = {2.5, -0.4};

    /** Distance to the limit after {@code sweeps} sweeps of the diagonal iteration with these rates. */
    private static double distanceAfter(int sweeps, double[] rates, boolean extrapolate) {
        double[] f = {1.7, -2.3, 1.2};
        double[] g = {3.5, 0.6};
        GeometricExtrapolation e = GeometricExtrapolation.of(f, g);
        for (int s = 0; s < sweeps; s++) {
            e.beforeSweep(f, g);
            for (int i = 0; i < f.length; i++) {
                f[i] = LIMIT_F[i] + rates[i] * (f[i] - LIMIT_F[i]);
            }
            for (int j = 0; j < g.length; j++) {
                g[j] = LIMIT_G[j] + rates[f.length + j] * (g[j] - LIMIT_G[j]);
            }
            if (extrapolate) {
                e.afterSweep(f, g);
            }
        }
        double d = 0;
        for (int i = 0; i < f.length; i++) {
            d = Math.max(d, Math.abs(f[i] - LIMIT_F[i]));
        }
        for (int j = 0; j < g.length; j++) {
            d = Math.max(d, Math.abs(g[j] - LIMIT_G[j]));
        }
        return d;
    }

    @Test
    void aSlowModeIsExtrapolatedToItsLimit() {
        double[] rates = {1 - 1e-6, 0.5, 0.3, 0.1, 0.6};
        double plain = distanceAfter(5_000, rates, false);
        double extrapolated = distanceAfter(5_000, rates, true);
        assertTrue(plain > 0.99, "plain sweeps barely move the slow mode: " + plain);
        assertTrue(extrapolated < 1e-8, "distance after 5,000 extrapolated sweeps: " + extrapolated);
    }

    @Test
    void aRotationIsLeftAlone() {
        // (f_0, f_1) rotates by 90 degrees and shrinks by 0.95: consecutive changes are orthogonal
        double[] f = {1, 0, 0};
        double[] g = {0, 0};
        GeometricExtrapolation e = GeometricExtrapolation.of(f, g);
        for (int s = 0; s < 200; s++) {
            e.beforeSweep(f, g);
            double x = f[0];
            f[0] = -0.95 * f[1];
            f[1] = 0.95 * x;
            e.afterSweep(f, g);
        }
        assertEquals(0, e.jumps(), "jumps on a rotation");
        assertEquals(Math.pow(0.95, 200), Math.hypot(f[0], f[1]), 1e-15, "the rotation's own contraction");
    }
}
