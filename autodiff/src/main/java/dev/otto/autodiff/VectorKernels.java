package dev.otto.autodiff;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API versions of the matrix-product loops (see {@link Simd}); each mirrors a plain loop
 * in {@link MatMulKernels} or {@link SoftplusMath} and is only loaded when {@link Simd#ENABLED}.
 * Only exactly rounded operations are used (no vector exp or log), so the results do not depend on
 * whether the JIT has compiled the kernel yet, and equal the scalar ones bit for bit.
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

    /** t[p] += x[off + p] s for p &lt; len, rounded after the product and after the sum (no fused multiply-add). */
    static void mulAdd(double[] t, double[] x, int off, double s, int len) {
        int p = 0;
        int bound = S.loopBound(len);
        for (; p < bound; p += S.length()) {
            DoubleVector.fromArray(S, t, p).add(DoubleVector.fromArray(S, x, off + p).mul(s)).intoArray(t, p);
        }
        for (; p < len; p++) {
            t[p] += x[off + p] * s;
        }
    }

    /** e^u lane-wise for u <= 0: {@link SoftplusMath#expNonPositive} on SIMD lanes. */
    private static DoubleVector expNonPositive(DoubleVector u) {
        DoubleVector uc = u.max(SoftplusMath.MIN_ARGUMENT);
        DoubleVector t = uc.fma(SoftplusMath.LOG2E, SoftplusMath.ROUNDER);
        DoubleVector k = t.sub(SoftplusMath.ROUNDER);
        DoubleVector r = k.neg().fma(DoubleVector.broadcast(S, SoftplusMath.LN2_HI), uc);
        r = k.neg().fma(DoubleVector.broadcast(S, SoftplusMath.LN2_LO), r);
        double[] c = SoftplusMath.EXP_COEFFS;
        DoubleVector p = DoubleVector.broadcast(S, c[0]);
        for (int i = 1; i < c.length; i++) {
            p = p.fma(r, DoubleVector.broadcast(S, c[i]));
        }
        LongVector bits = ((LongVector) t.reinterpretAsLongs()).sub(SoftplusMath.ROUNDER_BITS).add(1023L)
                .lanewise(VectorOperators.LSHL, 52);
        return p.mul(bits.reinterpretAsDoubles()).blend(0.0, u.compare(VectorOperators.LT, SoftplusMath.MIN_ARGUMENT));
    }

    /** log(1 + e) lane-wise for e in [0, 1]. */
    private static DoubleVector log1pUnit(DoubleVector e) {
        DoubleVector s = e.div(e.add(2.0));
        DoubleVector s2 = s.mul(s);
        double[] c = SoftplusMath.ATANH_COEFFS;
        DoubleVector q = DoubleVector.broadcast(S, c[0]);
        for (int i = 1; i < c.length; i++) {
            q = q.fma(s2, DoubleVector.broadcast(S, c[i]));
        }
        return s.mul(2.0).mul(q);
    }

    /** y = softplus_beta(x) on [from, to), bitwise equal to {@link SoftplusMath#softplus}. */
    static void softplus(double[] x, double[] y, double beta, int from, int to) {
        double inv = 1.0 / beta;
        int i = from;
        int bound = from + S.loopBound(to - from);
        for (; i < bound; i += S.length()) {
            DoubleVector z = DoubleVector.fromArray(S, x, i).mul(beta);
            DoubleVector tail = log1pUnit(expNonPositive(z.abs().neg()));
            z.max(0.0).add(tail).mul(inv).intoArray(y, i);
        }
        for (; i < to; i++) {
            y[i] = SoftplusMath.softplus(x[i], beta, inv);
        }
    }

    /**
     * y = softplus_beta(z) and s = sigmoid(beta z) on [from, to) from one exponential per entry:
     * bitwise equal to {@link #softplus} followed by {@link #logistic}, which evaluate the same
     * e^{-beta |z|} twice.
     */
    static void softplusWithSlope(double[] z, double[] y, double[] s, double beta, int from, int to) {
        double inv = 1.0 / beta;
        int i = from;
        int bound = from + S.loopBound(to - from);
        for (; i < bound; i += S.length()) {
            DoubleVector zb = DoubleVector.fromArray(S, z, i).mul(beta);
            DoubleVector e = expNonPositive(zb.abs().neg());
            zb.max(0.0).add(log1pUnit(e)).mul(inv).intoArray(y, i);
            e.blend(1.0, zb.compare(VectorOperators.GE, 0.0)).div(e.add(1.0)).intoArray(s, i);
        }
        for (; i < to; i++) {
            y[i] = SoftplusMath.softplus(z[i], beta, inv);
            s[i] = SoftplusMath.sigmoid(beta * z[i]);
        }
    }

    /**
     * z[i m + j] += b[j] for rows i in [from, to): a bias added to each row of a product, a vector
     * of columns at a time (the scalar loop indexes a shared buffer at an offset, which C2 does not
     * vectorise: measured 1.2-2.7 ns against 0.7-0.8 ns per entry at 200 x 48 and 200 x 128).
     * Additions are exactly rounded, so the bits equal the scalar loop's.
     */
    static void addRows(double[] z, double[] b, int m, int from, int to) {
        int bound = S.loopBound(m);
        for (int i = from; i < to; i++) {
            int o = i * m;
            int j = 0;
            for (; j < bound; j += S.length()) {
                DoubleVector.fromArray(S, z, o + j).add(DoubleVector.fromArray(S, b, j)).intoArray(z, o + j);
            }
            for (; j < m; j++) {
                z[o + j] += b[j];
            }
        }
    }

    /** out = g sigmoid(beta x) on [from, to), bitwise equal to the scalar loop. */
    static void softplusBackward(double[] g, double[] x, double[] out, double beta, int from, int to) {
        int i = from;
        int bound = from + S.loopBound(to - from);
        for (; i < bound; i += S.length()) {
            DoubleVector s = logistic(DoubleVector.fromArray(S, x, i).mul(beta));
            DoubleVector.fromArray(S, g, i).mul(s).intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = g[i] * SoftplusMath.sigmoid(beta * x[i]);
        }
    }

    /** y = sigmoid(beta x) on [from, to), the derivative of softplus_beta, bitwise equal to the scalar loop. */
    static void logistic(double[] x, double[] y, double beta, int from, int to) {
        int i = from;
        int bound = from + S.loopBound(to - from);
        for (; i < bound; i += S.length()) {
            logistic(DoubleVector.fromArray(S, x, i).mul(beta)).intoArray(y, i);
        }
        for (; i < to; i++) {
            y[i] = SoftplusMath.sigmoid(beta * x[i]);
        }
    }

    /** {@link SoftplusMath#sigmoid} on SIMD lanes. */
    private static DoubleVector logistic(DoubleVector z) {
        DoubleVector e = expNonPositive(z.abs().neg());
        VectorMask<Double> nonNegative = z.compare(VectorOperators.GE, 0.0);
        return e.blend(1.0, nonNegative).div(e.add(1.0));
    }
}
