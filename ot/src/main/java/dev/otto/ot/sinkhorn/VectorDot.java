package dev.otto.ot.sinkhorn;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API version of the kernel row reduction s_i = K_i . w of Sinkhorn's fused pass
 * (MATH.md section 1, "Entropic OT"). Why: HotSpot C2 does not auto-vectorise reductions, and the
 * scalar dot product (four accumulators) took two thirds of a scaling iteration's time at
 * n = 1000 (JFR), while the axpy half is auto-vectorised. Loaded only when
 * {@link VectorSupport#ENABLED}: the JVM was started with {@code --add-modules jdk.incubator.vector}
 * and {@code -Dotto.simd=false} was not given; otherwise {@link KernelPasses#dot(double[], double[])}
 * runs. The summation order is fixed (four vector accumulators, lanes reduced in order, then the
 * scalar tail), so results are deterministic and independent of the thread count; they differ
 * from the plain loop by rounding only (tested against it).
 */
final class VectorDot {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    private VectorDot() {
    }

    /** sum_j k[j] w[j]. */
    static double dot(double[] k, double[] w) {
        int m = w.length;
        int l = S.length();
        DoubleVector s0 = DoubleVector.zero(S);
        DoubleVector s1 = DoubleVector.zero(S);
        DoubleVector s2 = DoubleVector.zero(S);
        DoubleVector s3 = DoubleVector.zero(S);
        int j = 0;
        for (; j + 4 * l <= m; j += 4 * l) {
            s0 = DoubleVector.fromArray(S, k, j).fma(DoubleVector.fromArray(S, w, j), s0);
            s1 = DoubleVector.fromArray(S, k, j + l).fma(DoubleVector.fromArray(S, w, j + l), s1);
            s2 = DoubleVector.fromArray(S, k, j + 2 * l).fma(DoubleVector.fromArray(S, w, j + 2 * l), s2);
            s3 = DoubleVector.fromArray(S, k, j + 3 * l).fma(DoubleVector.fromArray(S, w, j + 3 * l), s3);
        }
        for (; j + l <= m; j += l) {
            s0 = DoubleVector.fromArray(S, k, j).fma(DoubleVector.fromArray(S, w, j), s0);
        }
        double s = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        for (; j < m; j++) {
            s += k[j] * w[j];
        }
        return s;
    }
}
