package dev.otto.ot.sinkhorn;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * One row of a symmetric kernel's upper triangle ({@link SymmetricKernel}) against one, two or four
 * vectors, with the Vector API: the row reduction out_i = K_ii w_i + sum_{j > i} K_ij w_j and the
 * scatter acc_j += K_ij w_i (j &gt; i) in one pass over the row, so each chunk of K_i is loaded once
 * for both and for all the vectors (MATH.md section 1, statement {@code ot.entropic-barycenter}).
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
        int l = S.length();
        DoubleVector bi = DoubleVector.broadcast(S, w[i]);
        DoubleVector s = DoubleVector.zero(S);
        int t = 1;
        for (; t + l <= ki.length; t += l) {
            DoubleVector k = DoubleVector.fromArray(S, ki, t);
            s = k.fma(DoubleVector.fromArray(S, w, i + t), s);
            k.fma(bi, DoubleVector.fromArray(S, acc, i + t)).intoArray(acc, i + t);
        }
        finish(ki, i, t, w, out, acc, s);
    }

    /** Row i against w[from] and w[from + 1]: out[from + q][i] and acc[from + q][j], j &gt; i, q = 0, 1. */
    static void row2(double[] ki, int i, double[][] w, int from, double[][] out, double[][] acc) {
        double[] w0 = w[from];
        double[] w1 = w[from + 1];
        double[] a0 = acc[from];
        double[] a1 = acc[from + 1];
        int l = S.length();
        DoubleVector b0 = DoubleVector.broadcast(S, w0[i]);
        DoubleVector b1 = DoubleVector.broadcast(S, w1[i]);
        DoubleVector s0 = DoubleVector.zero(S);
        DoubleVector s1 = DoubleVector.zero(S);
        int t = 1;
        for (; t + l <= ki.length; t += l) {
            int j = i + t;
            DoubleVector k = DoubleVector.fromArray(S, ki, t);
            s0 = k.fma(DoubleVector.fromArray(S, w0, j), s0);
            s1 = k.fma(DoubleVector.fromArray(S, w1, j), s1);
            k.fma(b0, DoubleVector.fromArray(S, a0, j)).intoArray(a0, j);
            k.fma(b1, DoubleVector.fromArray(S, a1, j)).intoArray(a1, j);
        }
        finish(ki, i, t, w0, out[from], a0, s0);
        finish(ki, i, t, w1, out[from + 1], a1, s1);
    }

    /** Row i against w[from + q], q = 0..3: out[from + q][i] and acc[from + q][j], j &gt; i. */
    static void row4(double[] ki, int i, double[][] w, int from, double[][] out, double[][] acc) {
        double[] w0 = w[from];
        double[] w1 = w[from + 1];
        double[] w2 = w[from + 2];
        double[] w3 = w[from + 3];
        double[] a0 = acc[from];
        double[] a1 = acc[from + 1];
        double[] a2 = acc[from + 2];
        double[] a3 = acc[from + 3];
        int l = S.length();
        DoubleVector b0 = DoubleVector.broadcast(S, w0[i]);
        DoubleVector b1 = DoubleVector.broadcast(S, w1[i]);
        DoubleVector b2 = DoubleVector.broadcast(S, w2[i]);
        DoubleVector b3 = DoubleVector.broadcast(S, w3[i]);
        DoubleVector s0 = DoubleVector.zero(S);
        DoubleVector s1 = DoubleVector.zero(S);
        DoubleVector s2 = DoubleVector.zero(S);
        DoubleVector s3 = DoubleVector.zero(S);
        int t = 1;
        for (; t + l <= ki.length; t += l) {
            int j = i + t;
            DoubleVector k = DoubleVector.fromArray(S, ki, t);
            s0 = k.fma(DoubleVector.fromArray(S, w0, j), s0);
            s1 = k.fma(DoubleVector.fromArray(S, w1, j), s1);
            s2 = k.fma(DoubleVector.fromArray(S, w2, j), s2);
            s3 = k.fma(DoubleVector.fromArray(S, w3, j), s3);
            k.fma(b0, DoubleVector.fromArray(S, a0, j)).intoArray(a0, j);
            k.fma(b1, DoubleVector.fromArray(S, a1, j)).intoArray(a1, j);
            k.fma(b2, DoubleVector.fromArray(S, a2, j)).intoArray(a2, j);
            k.fma(b3, DoubleVector.fromArray(S, a3, j)).intoArray(a3, j);
        }
        finish(ki, i, t, w0, out[from], a0, s0);
        finish(ki, i, t, w1, out[from + 1], a1, s1);
        finish(ki, i, t, w2, out[from + 2], a2, s2);
        finish(ki, i, t, w3, out[from + 3], a3, s3);
    }

    /** The scalar tail t.. of the row for one vector, then out[i] = K_ii w_i + the row reduction. */
    private static void finish(double[] ki, int i, int t, double[] w, double[] out, double[] acc, DoubleVector s) {
        double wi = w[i];
        double r = s.reduceLanes(VectorOperators.ADD);
        for (; t < ki.length; t++) {
            r += ki[t] * w[i + t];
            acc[i + t] += ki[t] * wi;
        }
        out[i] = ki[0] * wi + r;
    }
}
