package dev.otto.autodiff;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-tiled product the packed kernel ({@link BlockedMatMul}) replaced, kept as the tests'
 * reference: each entry of C is the fused multiply-add chain over p in increasing order from +0,
 * which the packed kernel must reproduce bit for bit.
 */
final class RegisterTileReference {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    private RegisterTileReference() {
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
}
