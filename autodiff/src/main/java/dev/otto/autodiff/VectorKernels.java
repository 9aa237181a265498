package dev.otto.autodiff;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API versions of the hot loops (see {@link Simd}); each mirrors a plain loop in
 * {@link MatMulKernels} or {@link Activations} and is only loaded when {@link Simd#ENABLED}.
 */
final class VectorKernels {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    private VectorKernels() {
    }

    /** t[j] += a0 b0[j] + a1 b1[j] + a2 b2[j] + a3 b3[j] for j < m. */
    static void axpy4(double[] t, double a0, double[] b0, double a1, double[] b1, double a2, double[] b2,
                      double a3, double[] b3, int m) {
        DoubleVector v0 = DoubleVector.broadcast(S, a0);
        DoubleVector v1 = DoubleVector.broadcast(S, a1);
        DoubleVector v2 = DoubleVector.broadcast(S, a2);
        DoubleVector v3 = DoubleVector.broadcast(S, a3);
        int j = 0;
        int bound = S.loopBound(m);
        for (; j < bound; j += S.length()) {
            DoubleVector acc = DoubleVector.fromArray(S, t, j);
            acc = DoubleVector.fromArray(S, b0, j).fma(v0, acc);
            acc = DoubleVector.fromArray(S, b1, j).fma(v1, acc);
            acc = DoubleVector.fromArray(S, b2, j).fma(v2, acc);
            acc = DoubleVector.fromArray(S, b3, j).fma(v3, acc);
            acc.intoArray(t, j);
        }
        for (; j < m; j++) {
            t[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
        }
    }

    /** t[j] += a b[j] for j < m. */
    static void axpy(double[] t, double a, double[] b, int m) {
        DoubleVector va = DoubleVector.broadcast(S, a);
        int j = 0;
        int bound = S.loopBound(m);
        for (; j < bound; j += S.length()) {
            DoubleVector.fromArray(S, b, j).fma(va, DoubleVector.fromArray(S, t, j)).intoArray(t, j);
        }
        for (; j < m; j++) {
            t[j] += a * b[j];
        }
    }

    /** y = (max(z, 0) + log1p(e^-|z|)) / beta with z = beta x, on [from, to). */
    static void softplus(double[] x, double[] y, double beta, int from, int to) {
        double inv = 1.0 / beta;
        int i = from;
        int bound = from + S.loopBound(to - from);
        for (; i < bound; i += S.length()) {
            DoubleVector z = DoubleVector.fromArray(S, x, i).mul(beta);
            DoubleVector tail = z.abs().neg().lanewise(VectorOperators.EXP).lanewise(VectorOperators.LOG1P);
            z.max(0.0).add(tail).mul(inv).intoArray(y, i);
        }
        for (; i < to; i++) {
            double z = beta * x[i];
            y[i] = (Math.max(z, 0.0) + Math.log1p(Math.exp(-Math.abs(z)))) * inv;
        }
    }

    /** out = g (1 - e^{-beta y}) = g sigmoid(beta x), on [from, to). */
    static void softplusBackward(double[] g, double[] y, double[] out, double beta, int from, int to) {
        int i = from;
        int bound = from + S.loopBound(to - from);
        for (; i < bound; i += S.length()) {
            DoubleVector e = DoubleVector.fromArray(S, y, i).mul(-beta).lanewise(VectorOperators.EXPM1);
            DoubleVector.fromArray(S, g, i).mul(e.neg()).intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = -g[i] * Math.expm1(-beta * y[i]);
        }
    }

    /** y = tanh(x) on [from, to). */
    static void tanh(double[] x, double[] y, int from, int to) {
        int i = from;
        int bound = from + S.loopBound(to - from);
        for (; i < bound; i += S.length()) {
            DoubleVector.fromArray(S, x, i).lanewise(VectorOperators.TANH).intoArray(y, i);
        }
        for (; i < to; i++) {
            y[i] = Math.tanh(x[i]);
        }
    }
}
