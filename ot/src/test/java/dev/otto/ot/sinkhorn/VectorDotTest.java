package dev.otto.ot.sinkhorn;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Vector API row dot product against the plain 4-accumulator loop: equal up to rounding
 * (both sum the same products in different orders, so they differ by at most a few ulps of
 * sum |k_j w_j| times the length), for every length including the vector tails, and repeatable.
 */
class VectorDotTest {

    @Test
    void vectorDotAgreesWithThePlainLoop() {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "needs jdk.incubator.vector");
        SplittableRandom rng = new SplittableRandom(7);
        for (int m = 0; m <= 131; m++) {
            double[] k = new double[m];
            double[] w = new double[m];
            double abs = 0;
            for (int j = 0; j < m; j++) {
                k[j] = Math.exp(-20 * rng.nextDouble());
                w[j] = rng.nextDouble() - 0.25;
                abs += Math.abs(k[j] * w[j]);
            }
            double plain = KernelPasses.dot(k, w);
            double vec = VectorDot.dot(k, w);
            assertEquals(plain, vec, 1e-15 * (m + 1) * abs, "length " + m);
            assertEquals(vec, VectorDot.dot(k, w), 0.0, "deterministic");
        }
    }

    @Test
    void scalingSinkhornIsTheSameWithAndWithoutTheVectorDot() {
        // the solver picks one path per JVM; here the plain path is compared with a solve by
        // checking that the fused pass gives row sums equal to the plain dot to rounding
        assumeTrue(VectorSupport.ENABLED, "Vector API path active");
        double[][] kr = new double[37][53];
        double[] w = new double[53];
        double[] a = new double[37];
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < kr.length; i++) {
            a[i] = 1.0 / 37;
            for (int j = 0; j < 53; j++) {
                kr[i][j] = rng.nextDouble();
            }
        }
        for (int j = 0; j < 53; j++) {
            w[j] = rng.nextDouble();
        }
        double[] s = new double[37];
        double[][] acc = KernelPasses.accumulators(37, 53);
        KernelPasses.fusedPass(kr, w, a, s, acc, KernelPasses.blockSize(37), 1, null, null, 1);
        for (int i = 0; i < 37; i++) {
            double plain = KernelPasses.dot(kr[i], w);
            assertTrue(Math.abs(s[i] - plain) <= 1e-14 * plain, "row " + i);
        }
    }
}
