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

    /**
     * Rows [from, to) of C = A B where A's entry (r, p) is {@code a[r * rs + p * ps]} (rs = k, ps = 1
     * for a row-major A; rs = 1, ps = rows for the transpose of a row-major matrix, so that A^T B
     * needs no transposed copy) and B is given as k rows of m: a register-blocked micro-kernel. Four rows of C and two vectors of columns are accumulated in eight registers over
     * the whole inner dimension, so each loaded vector of B feeds four fused multiply-adds and C is
     * written once. Each entry of C is summed over p in increasing order, whatever the blocking.
     */
    static void mmRows(double[] a, int rs, int ps, double[][] br, double[] c, int k, int m, int from, int to) {
        int w = S.length();
        int i = from;
        for (; i + 3 < to; i += 4) {
            int a0 = i * rs;
            int a1 = a0 + rs;
            int a2 = a1 + rs;
            int a3 = a2 + rs;
            int j = 0;
            for (; j + 4 * w <= m; j += 4 * w) {
                fourByFour(a, a0, rs, ps, br, c, k, m, i, j);
            }
            for (; j + 2 * w <= m; j += 2 * w) {
                DoubleVector c00 = DoubleVector.zero(S);
                DoubleVector c01 = DoubleVector.zero(S);
                DoubleVector c10 = DoubleVector.zero(S);
                DoubleVector c11 = DoubleVector.zero(S);
                DoubleVector c20 = DoubleVector.zero(S);
                DoubleVector c21 = DoubleVector.zero(S);
                DoubleVector c30 = DoubleVector.zero(S);
                DoubleVector c31 = DoubleVector.zero(S);
                for (int p = 0; p < k; p++) {
                    double[] bp = br[p];
                    int ap = p * ps;
                    DoubleVector b0 = DoubleVector.fromArray(S, bp, j);
                    DoubleVector b1 = DoubleVector.fromArray(S, bp, j + w);
                    DoubleVector x0 = DoubleVector.broadcast(S, a[a0 + ap]);
                    DoubleVector x1 = DoubleVector.broadcast(S, a[a1 + ap]);
                    DoubleVector x2 = DoubleVector.broadcast(S, a[a2 + ap]);
                    DoubleVector x3 = DoubleVector.broadcast(S, a[a3 + ap]);
                    c00 = b0.fma(x0, c00);
                    c01 = b1.fma(x0, c01);
                    c10 = b0.fma(x1, c10);
                    c11 = b1.fma(x1, c11);
                    c20 = b0.fma(x2, c20);
                    c21 = b1.fma(x2, c21);
                    c30 = b0.fma(x3, c30);
                    c31 = b1.fma(x3, c31);
                }
                c00.intoArray(c, i * m + j);
                c01.intoArray(c, i * m + j + w);
                c10.intoArray(c, (i + 1) * m + j);
                c11.intoArray(c, (i + 1) * m + j + w);
                c20.intoArray(c, (i + 2) * m + j);
                c21.intoArray(c, (i + 2) * m + j + w);
                c30.intoArray(c, (i + 3) * m + j);
                c31.intoArray(c, (i + 3) * m + j + w);
            }
            for (int r = i; r < i + 4; r++) {
                rowTail(a, rs, ps, br, c, k, m, r, j);
            }
        }
        for (; i < to; i++) {
            rowTail(a, rs, ps, br, c, k, m, i, 0);
        }
    }

    /**
     * Rows i..i+3, columns j..j+4w of C = A B in sixteen registers: each broadcast entry of A feeds
     * four fused multiply-adds and each loaded vector of B four, twice the reuse of the 4 x 2 tile
     * (wide outputs such as a 128-wide layer). The same chain over p per entry, so the same bits.
     */
    private static void fourByFour(double[] a, int a0, int rs, int ps, double[][] br, double[] c, int k, int m,
                                   int i, int j) {
        int w = S.length();
        int a1 = a0 + rs;
        int a2 = a1 + rs;
        int a3 = a2 + rs;
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c01 = DoubleVector.zero(S);
        DoubleVector c02 = DoubleVector.zero(S);
        DoubleVector c03 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S);
        DoubleVector c11 = DoubleVector.zero(S);
        DoubleVector c12 = DoubleVector.zero(S);
        DoubleVector c13 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S);
        DoubleVector c21 = DoubleVector.zero(S);
        DoubleVector c22 = DoubleVector.zero(S);
        DoubleVector c23 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S);
        DoubleVector c31 = DoubleVector.zero(S);
        DoubleVector c32 = DoubleVector.zero(S);
        DoubleVector c33 = DoubleVector.zero(S);
        for (int p = 0; p < k; p++) {
            double[] bp = br[p];
            int ap = p * ps;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, j);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, j + w);
            DoubleVector b2 = DoubleVector.fromArray(S, bp, j + 2 * w);
            DoubleVector b3 = DoubleVector.fromArray(S, bp, j + 3 * w);
            DoubleVector x = DoubleVector.broadcast(S, a[a0 + ap]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            c02 = b2.fma(x, c02);
            c03 = b3.fma(x, c03);
            x = DoubleVector.broadcast(S, a[a1 + ap]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            c12 = b2.fma(x, c12);
            c13 = b3.fma(x, c13);
            x = DoubleVector.broadcast(S, a[a2 + ap]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            c22 = b2.fma(x, c22);
            c23 = b3.fma(x, c23);
            x = DoubleVector.broadcast(S, a[a3 + ap]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            c32 = b2.fma(x, c32);
            c33 = b3.fma(x, c33);
        }
        int r0 = i * m + j;
        int r1 = r0 + m;
        int r2 = r1 + m;
        int r3 = r2 + m;
        c00.intoArray(c, r0);
        c01.intoArray(c, r0 + w);
        c02.intoArray(c, r0 + 2 * w);
        c03.intoArray(c, r0 + 3 * w);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + w);
        c12.intoArray(c, r1 + 2 * w);
        c13.intoArray(c, r1 + 3 * w);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + w);
        c22.intoArray(c, r2 + 2 * w);
        c23.intoArray(c, r2 + 3 * w);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + w);
        c32.intoArray(c, r3 + 2 * w);
        c33.intoArray(c, r3 + 3 * w);
    }

    /** Columns [j0, m) of row i of C = A B, one vector (then one entry) at a time. */
    private static void rowTail(double[] a, int rs, int ps, double[][] br, double[] c, int k, int m, int i, int j0) {
        int w = S.length();
        int ai = i * rs;
        int j = j0;
        for (; j + w <= m; j += w) {
            DoubleVector acc = DoubleVector.zero(S);
            for (int p = 0; p < k; p++) {
                acc = DoubleVector.fromArray(S, br[p], j).fma(DoubleVector.broadcast(S, a[ai + p * ps]), acc);
            }
            acc.intoArray(c, i * m + j);
        }
        for (; j < m; j++) {
            double s = 0;
            for (int p = 0; p < k; p++) {
                s = Math.fma(a[ai + p * ps], br[p][j], s);
            }
            c[i * m + j] = s;
        }
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
