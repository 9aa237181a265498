package dev.otto.ot.sinkhorn;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * One row of a symmetric kernel's upper triangle ({@link SymmetricKernel}) against one or two
 * vectors, with the Vector API: the row reduction out_i = K_ii w_i + sum_{j > i} K_ij w_j and the
 * scatter acc_j += K_ij w_i (j &gt; i) in one pass over the row, so each chunk of K_i is loaded once
 * for both and for both vectors (MATH.md section 1, statement {@code ot.entropic-barycenter}).
 * Loaded only when {@link VectorSupport#ENABLED}. Fixed summation order (one vector accumulator
 * per vector, lanes reduced in order, then the scalar tail, then the diagonal term), so results
 * are deterministic; they differ from the scalar row by rounding only (tested against it).
 */
final class VectorSymmetricRow {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    private VectorSymmetricRow() {
    }

    /** Row i (ki = K_ij, j = i + t) against w: out[i] and acc[j], j &gt; i. */
    static void row1(double[] ki, int i, double[] w, double[] out, double[] acc) {
        int len = ki.length;
        int l = S.length();
        double wi = w[i];
        DoubleVector bi = DoubleVector.broadcast(S, wi);
        DoubleVector s = DoubleVector.zero(S);
        int t = 1;
        for (; t + l <= len; t += l) {
            DoubleVector k = DoubleVector.fromArray(S, ki, t);
            s = k.fma(DoubleVector.fromArray(S, w, i + t), s);
            k.fma(bi, DoubleVector.fromArray(S, acc, i + t)).intoArray(acc, i + t);
        }
        double r = s.reduceLanes(VectorOperators.ADD);
        for (; t < len; t++) {
            r += ki[t] * w[i + t];
            acc[i + t] += ki[t] * wi;
        }
        out[i] = ki[0] * wi + r;
    }

    /** Row i against w[from] and w[from + 1]: out[from + q][i] and acc[from + q][j], j &gt; i, q = 0, 1. */
    static void row2(double[] ki, int i, double[][] w, int from, double[][] out, double[][] acc) {
        double[] w0 = w[from];
        double[] w1 = w[from + 1];
        double[] a0 = acc[from];
        double[] a1 = acc[from + 1];
        int len = ki.length;
        int l = S.length();
        double wi0 = w0[i];
        double wi1 = w1[i];
        DoubleVector b0 = DoubleVector.broadcast(S, wi0);
        DoubleVector b1 = DoubleVector.broadcast(S, wi1);
        DoubleVector s0 = DoubleVector.zero(S);
        DoubleVector s1 = DoubleVector.zero(S);
        int t = 1;
        for (; t + l <= len; t += l) {
            int j = i + t;
            DoubleVector k = DoubleVector.fromArray(S, ki, t);
            s0 = k.fma(DoubleVector.fromArray(S, w0, j), s0);
            s1 = k.fma(DoubleVector.fromArray(S, w1, j), s1);
            k.fma(b0, DoubleVector.fromArray(S, a0, j)).intoArray(a0, j);
            k.fma(b1, DoubleVector.fromArray(S, a1, j)).intoArray(a1, j);
        }
        double r0 = s0.reduceLanes(VectorOperators.ADD);
        double r1 = s1.reduceLanes(VectorOperators.ADD);
        for (; t < len; t++) {
            int j = i + t;
            r0 += ki[t] * w0[j];
            r1 += ki[t] * w1[j];
            a0[j] += ki[t] * wi0;
            a1[j] += ki[t] * wi1;
        }
        out[from][i] = ki[0] * wi0 + r0;
        out[from + 1][i] = ki[0] * wi1 + r1;
    }
}
