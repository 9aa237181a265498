package dev.otto.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class SoftplusMathTest {

    /** exp on u <= 0 within 2 ulps of Math.exp down to -708, where the clamp starts. */
    @Test
    void exponentialIsAccurateToAFewUlps() {
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 200_000; i++) {
            double u = -Math.pow(10, rng.nextDouble(-12, Math.log10(708)));
            double expected = Math.exp(u);
            double got = SoftplusMath.expNonPositive(u);
            assertTrue(Math.abs(got - expected) <= 2 * Math.ulp(expected), () -> "exp(" + u + ") = " + got + " vs " + expected);
        }
        assertEquals(1.0, SoftplusMath.expNonPositive(0.0));
        assertEquals(0.0, SoftplusMath.expNonPositive(-1e6), "0 below -708");
    }

    /** softplus and sigmoid within 4 ulps of the Math-library forms on [-700, 700] and at many scales. */
    @Test
    void softplusAndSigmoidAreAccurateToAFewUlps() {
        SplittableRandom rng = new SplittableRandom(2);
        for (int i = 0; i < 200_000; i++) {
            double x = Math.copySign(Math.pow(10, rng.nextDouble(-10, Math.log10(700))), rng.nextDouble() - 0.5);
            double sp = Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
            double got = SoftplusMath.softplus(x, 1.0, 1.0);
            assertTrue(Math.abs(got - sp) <= 4 * Math.ulp(sp), () -> "softplus(" + x + ") = " + got + " vs " + sp);
            double sg = x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
            double gs = SoftplusMath.sigmoid(x);
            assertTrue(Math.abs(gs - sg) <= 4 * Math.ulp(sg), () -> "sigmoid(" + x + ") = " + gs + " vs " + sg);
        }
    }

    /** The plain loops (Math.exp based) and the SIMD kernels agree to a few ulps. */
    @Test
    void plainAndSimdSoftplusAgreeToAFewUlps() {
        Assumptions.assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
        double[] x = new double[501];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i - 250) * 0.37;
        }
        double[] plain = Tensor.wrap(1, x.length, x.clone()).softplus(20).toArray();
        double[] simd = new double[x.length];
        VectorKernels.softplus(x, simd, 20, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            // below the smallest normal double the two may differ by a subnormal
            assertTrue(Math.abs(plain[i] - simd[i]) <= Math.max(8 * Math.ulp(plain[i]), 2.3e-308), "at " + x[i]);
        }
    }

    /** The SIMD lanes run the same algorithm as the scalar tail: bitwise equal results. */
    @Test
    void vectorKernelsEqualTheScalarFormBitwise() {
        Assumptions.assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
        SplittableRandom rng = new SplittableRandom(3);
        double[] x = new double[1037];
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.copySign(Math.pow(10, rng.nextDouble(-8, 2.8)), rng.nextDouble() - 0.5);
            g[i] = rng.nextGaussian();
        }
        for (double beta : new double[] {1, 20}) {
            double[] v = new double[x.length];
            double[] vb = new double[x.length];
            VectorKernels.softplus(x, v, beta, 3, x.length);
            VectorKernels.softplusBackward(g, x, vb, beta, 3, x.length);
            for (int i = 3; i < x.length; i++) {
                assertEquals(Double.doubleToRawLongBits(SoftplusMath.softplus(x[i], beta, 1 / beta)),
                        Double.doubleToRawLongBits(v[i]), "softplus at " + i);
                assertEquals(Double.doubleToRawLongBits(g[i] * SoftplusMath.sigmoid(beta * x[i])),
                        Double.doubleToRawLongBits(vb[i]), "backward at " + i);
            }
        }
    }
}
