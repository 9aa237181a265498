package dev.otto.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The two implementations of the hot loops: this module's tests run with {@code -Dotto.simd=false}
 * (the plain loops, checked here against finite differences) and call the Vector API kernels
 * directly to compare them with the plain results entry by entry.
 */
class KernelPathsTest {

    private static double[] draw(int n, double scale, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = scale * rng.nextDouble(-1, 1);
        }
        return v;
    }

    @Test
    void thisModuleRunsThePlainLoops() {
        assertFalse(Simd.enabled(), "surefire sets -Dotto.simd=false for this module");
    }

    @Test
    void plainActivationsAndProductsMatchFiniteDifferences() {
        Tensor x = Tensor.wrap(5, 9, draw(45, 3, 1));
        Tensor w = Tensor.wrap(9, 10, draw(90, 1, 2));
        for (var f : List.<java.util.function.Function<Tensor, Tensor>>of(
                t -> t.softplus(), t -> t.softplus(20), t -> t.tanh(), t -> t.matmul(w), t -> t.transposeMatmul(t))) {
            GradientCheck.Report r = GradientCheck.check(f, x, 1e-5);
            assertTrue(r.passes(1e-6), r::toString);
        }
    }

    private static void assertClose(double[] expected, double[] actual, double relTol, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], relTol * Math.max(1, Math.abs(expected[i])), what + " at " + i);
        }
    }

    @Test
    void vectorKernelsAgreeWithThePlainLoops() {
        Assumptions.assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
        for (int n = 1; n <= 9; n += 2) {
            for (int k = 1; k <= 13; k += 3) {
                for (int m = 1; m <= 37; m += 4) {
                    double[] a = draw(n * k, 1, n * 100 + k);
                    double[] bm = draw(k * m, 1, m);
                    double[][] rows = new double[k][];
                    for (int p = 0; p < k; p++) {
                        rows[p] = java.util.Arrays.copyOfRange(bm, p * m, (p + 1) * m);
                    }
                    double[] vec = new double[n * m];
                    RegisterTileReference.mmRows(a, k, 1, rows, vec, k, m, 0, n);
                    // |sum| <= k here, so 1e-15 k bounds the difference of two summation orders
                    double[] plain = MatMulKernels.mm(a, bm, n, k, m);
                    assertClose(plain, vec, 1e-15 * k, "mm " + n + "x" + k + "x" + m);
                    // the same product with A stored transposed (k... read through strides)
                    double[] at = MatMulKernels.transpose(a, n, k);
                    double[] viaStrides = new double[n * m];
                    RegisterTileReference.mmRows(at, 1, n, rows, viaStrides, k, m, 0, n);
                    assertClose(plain, viaStrides, 1e-15 * k, "strided mm " + n + "x" + k + "x" + m);
                }
            }
        }
        double[] t1 = draw(77, 1, 5);
        double[] t2 = t1.clone();
        double[][] b = {draw(77, 1, 6), draw(77, 1, 7), draw(77, 1, 8), draw(77, 1, 9)};
        VectorKernels.axpy4(t1, 0.3, b[0], -1.2, b[1], 2.5, b[2], 0.7, b[3], 77);
        for (int j = 0; j < 77; j++) {
            t2[j] += 0.3 * b[0][j] - 1.2 * b[1][j] + 2.5 * b[2][j] + 0.7 * b[3][j];
        }
        assertClose(t2, t1, 1e-15, "axpy4");
    }
}
