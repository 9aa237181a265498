package dev.otto.ot.sinkhorn;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * One kernel row against a tile of two or four vectors at once: out[h][i] = K_i . w[h] for h in
 * [from, from + 2) or [from, from + 4), the kernel products K v_k of the histograms of an entropic
 * barycenter sweep (MATH.md section 1, statement {@code ot.entropic-barycenter}; Benamou et al.
 * 2015, section 3.2). Each chunk of K_i is loaded once and multiplied into the accumulators of every
 * vector, so a row of K is read once for the tile, not once per vector: the register tiling of a
 * matrix times a thin n x H block, as BLAS does for K^T U and K V.
 *
 * <p>Loaded only when {@link VectorSupport#ENABLED} (see there). The summation order is fixed (per vector
 * one accumulator in dot4 and two in dot2, lanes reduced in order, then the scalar tail), so
 * results are deterministic; they differ from {@link KernelPasses#dot} by rounding only (tested against it).
 */
final class VectorTileDot {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    private VectorTileDot() {
    }

    /** out[from][i] = k . w[from] and out[from + 1][i] = k . w[from + 1]. */
    static void dot2(double[] k, double[][] w, int from, double[][] out, int i) {
        double[] w0 = w[from];
        double[] w1 = w[from + 1];
        int m = k.length;
        int l = S.length();
        // two accumulators per vector (even and odd chunks), so four fma chains are in flight as in dot4
        DoubleVector s0 = DoubleVector.zero(S);
        DoubleVector s1 = DoubleVector.zero(S);
        DoubleVector r0 = DoubleVector.zero(S);
        DoubleVector r1 = DoubleVector.zero(S);
        int j = 0;
        for (; j + 2 * l <= m; j += 2 * l) {
            DoubleVector kj = DoubleVector.fromArray(S, k, j);
            DoubleVector kn = DoubleVector.fromArray(S, k, j + l);
            s0 = kj.fma(DoubleVector.fromArray(S, w0, j), s0);
            s1 = kj.fma(DoubleVector.fromArray(S, w1, j), s1);
            r0 = kn.fma(DoubleVector.fromArray(S, w0, j + l), r0);
            r1 = kn.fma(DoubleVector.fromArray(S, w1, j + l), r1);
        }
        for (; j + l <= m; j += l) {
            DoubleVector kj = DoubleVector.fromArray(S, k, j);
            s0 = kj.fma(DoubleVector.fromArray(S, w0, j), s0);
            s1 = kj.fma(DoubleVector.fromArray(S, w1, j), s1);
        }
        double t0 = s0.add(r0).reduceLanes(VectorOperators.ADD);
        double t1 = s1.add(r1).reduceLanes(VectorOperators.ADD);
        for (; j < m; j++) {
            t0 += k[j] * w0[j];
            t1 += k[j] * w1[j];
        }
        out[from][i] = t0;
        out[from + 1][i] = t1;
    }

    /** out[from + q][i] = k . w[from + q] for q = 0..3. */
    static void dot4(double[] k, double[][] w, int from, double[][] out, int i) {
        double[] w0 = w[from];
        double[] w1 = w[from + 1];
        double[] w2 = w[from + 2];
        double[] w3 = w[from + 3];
        int m = k.length;
        int l = S.length();
        DoubleVector s0 = DoubleVector.zero(S);
        DoubleVector s1 = DoubleVector.zero(S);
        DoubleVector s2 = DoubleVector.zero(S);
        DoubleVector s3 = DoubleVector.zero(S);
        int j = 0;
        for (; j + l <= m; j += l) {
            DoubleVector kj = DoubleVector.fromArray(S, k, j);
            s0 = kj.fma(DoubleVector.fromArray(S, w0, j), s0);
            s1 = kj.fma(DoubleVector.fromArray(S, w1, j), s1);
            s2 = kj.fma(DoubleVector.fromArray(S, w2, j), s2);
            s3 = kj.fma(DoubleVector.fromArray(S, w3, j), s3);
        }
        double t0 = s0.reduceLanes(VectorOperators.ADD);
        double t1 = s1.reduceLanes(VectorOperators.ADD);
        double t2 = s2.reduceLanes(VectorOperators.ADD);
        double t3 = s3.reduceLanes(VectorOperators.ADD);
        for (; j < m; j++) {
            t0 += k[j] * w0[j];
            t1 += k[j] * w1[j];
            t2 += k[j] * w2[j];
            t3 += k[j] * w3[j];
        }
        out[from][i] = t0;
        out[from + 1][i] = t1;
        out[from + 2][i] = t2;
        out[from + 3][i] = t3;
    }
}
