package dev.otto.autodiff;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The matrix product C = A B for outputs five or six vectors wide (at 512-bit vectors, 33 to 48
 * columns: the 48-wide layers of the proximal networks), by one register tile that spans every
 * column: {@link #MR} rows x {@link #VECTORS} vectors, twenty-four accumulators, each broadcast
 * entry of A feeding six fused multiply-adds and each loaded vector of B four.
 *
 * <p>Why a kernel of its own: {@link BlockedMatMul} cuts 48 columns into a strip of four vectors and
 * a half strip of two, so every row of A is broadcast twice and the half strip's eight
 * accumulators leave the loads exposed; measured on one core (AVX-512), a 200 x 48 x 48 product ran
 * at 34 GFLOP/s through it and at 46 GFLOP/s through a 4 x 6-vector tile (bench/README.md,
 * "Proximal flows"). With at most 6 vectors of columns B is at most k x 48 values, so it is never
 * packed into strips: it is read in place when it is row-major and six vectors wide, and otherwise
 * (B^T, or fewer columns) copied once into a k x 6-vector row-major buffer padded with zeros.
 *
 * <p>Every entry of C is the chain of fused multiply-adds over p = 0, 1, ..., k - 1 in increasing
 * order, starting from +0, exactly as in {@link BlockedMatMul}: the two kernels give the same bits,
 * for any split of the rows over threads. Padded columns and the zero rows that complete a last
 * tile of fewer than {@link #MR} rows are computed in a private buffer and never written to C.
 */
final class SmallMatMul {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int W = S.length();

    /** Rows of the register tile. */
    static final int MR = 4;
    /** Vectors of columns of the register tile. */
    static final int VECTORS = 6;
    /** The widest output this kernel takes: six vectors. */
    static final int MAX_COLUMNS = VECTORS * W;

    private SmallMatMul() {
    }

    /**
     * Whether C = A B with m columns goes through this kernel: more than four vectors of columns
     * (four or fewer fill {@link BlockedMatMul}'s strip exactly) and at most six.
     */
    static boolean covers(int m) {
        return m > 4 * W && m <= MAX_COLUMNS;
    }

    /**
     * C (n x m, zero on entry) = A B, A's entry (r, p) at {@code a[r * rs + p * ps]}, B's entry (p, j)
     * at {@code b[p * brs + j * bcs]}; m must be {@linkplain #covers covered}. Rows of C are split over
     * the cores in whole tiles.
     */
    static void product(double[] a, int rs, int ps, double[] b, int brs, int bcs, double[] c, int n, int k, int m) {
        double[] rowMajor;
        int ldb;
        if (bcs == 1 && m == MAX_COLUMNS) {
            rowMajor = b;
            ldb = brs;
        } else {
            rowMajor = padded(b, brs, bcs, k, m);
            ldb = MAX_COLUMNS;
        }
        int tiles = (n + MR - 1) / MR;
        Parallel.forRange(tiles, (long) n * k * m, (from, to) ->
                rows(a, rs, ps, rowMajor, ldb, c, n, k, m, from * MR, Math.min(n, to * MR)));
    }

    /** B (k x m) as a row-major k x {@link #MAX_COLUMNS} array, the columns past m zero. */
    private static double[] padded(double[] b, int brs, int bcs, int k, int m) {
        double[] out = new double[k * MAX_COLUMNS];
        for (int p = 0; p < k; p++) {
            for (int j = 0, src = p * brs, dst = p * MAX_COLUMNS; j < m; j++, src += bcs) {
                out[dst + j] = b[src];
            }
        }
        return out;
    }

    /** Rows [from, to) of C, from a multiple of {@link #MR}. */
    private static void rows(double[] a, int rs, int ps, double[] b, int ldb, double[] c, int n, int k, int m,
                             int from, int to) {
        boolean inPlace = m == MAX_COLUMNS;
        double[] buffer = null;
        double[] panel = null;
        for (int r0 = from; r0 < to; r0 += MR) {
            int height = Math.min(MR, to - r0);
            if (height == MR && inPlace) {
                tile(a, r0 * rs, rs, ps, b, ldb, k, c, r0 * m, m);
                continue;
            }
            if (buffer == null) {
                buffer = new double[MR * MAX_COLUMNS];
                panel = new double[MR * k];
            }
            double[] x = a;
            int xOff = r0 * rs;
            int xrs = rs;
            int xps = ps;
            if (height < MR) {
                // the last rows, completed with zero rows: entry (r, p) at panel[r * k + p]
                java.util.Arrays.fill(panel, 0.0);
                for (int r = 0; r < height; r++) {
                    for (int p = 0, src = (r0 + r) * rs; p < k; p++, src += ps) {
                        panel[r * k + p] = a[src];
                    }
                }
                x = panel;
                xOff = 0;
                xrs = k;
                xps = 1;
            }
            tile(x, xOff, xrs, xps, b, ldb, k, buffer, 0, MAX_COLUMNS);
            for (int r = 0; r < height; r++) {
                System.arraycopy(buffer, r * MAX_COLUMNS, c, (r0 + r) * m, m);
            }
        }
    }

    /**
     * The micro-kernel: the MR x (6 vectors) tile of C at {@code cOff} (row stride ldc) = A (entry
     * (r, p) at {@code aOff + r ars + p aps}) times B (row p at {@code p ldb}, six vectors), over all
     * k values of p, from +0.
     */
    private static void tile(double[] a, int aOff, int ars, int aps, double[] b, int ldb, int k,
                             double[] c, int cOff, int ldc) {
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c01 = c00;
        DoubleVector c02 = c00;
        DoubleVector c03 = c00;
        DoubleVector c04 = c00;
        DoubleVector c05 = c00;
        DoubleVector c10 = c00;
        DoubleVector c11 = c00;
        DoubleVector c12 = c00;
        DoubleVector c13 = c00;
        DoubleVector c14 = c00;
        DoubleVector c15 = c00;
        DoubleVector c20 = c00;
        DoubleVector c21 = c00;
        DoubleVector c22 = c00;
        DoubleVector c23 = c00;
        DoubleVector c24 = c00;
        DoubleVector c25 = c00;
        DoubleVector c30 = c00;
        DoubleVector c31 = c00;
        DoubleVector c32 = c00;
        DoubleVector c33 = c00;
        DoubleVector c34 = c00;
        DoubleVector c35 = c00;
        int a1 = ars;
        int a2 = 2 * ars;
        int a3 = 3 * ars;
        for (int p = 0, ai = aOff, bi = 0; p < k; p++, ai += aps, bi += ldb) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bi + W);
            DoubleVector b2 = DoubleVector.fromArray(S, b, bi + 2 * W);
            DoubleVector b3 = DoubleVector.fromArray(S, b, bi + 3 * W);
            DoubleVector b4 = DoubleVector.fromArray(S, b, bi + 4 * W);
            DoubleVector b5 = DoubleVector.fromArray(S, b, bi + 5 * W);
            DoubleVector x = DoubleVector.broadcast(S, a[ai]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            c02 = b2.fma(x, c02);
            c03 = b3.fma(x, c03);
            c04 = b4.fma(x, c04);
            c05 = b5.fma(x, c05);
            x = DoubleVector.broadcast(S, a[ai + a1]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            c12 = b2.fma(x, c12);
            c13 = b3.fma(x, c13);
            c14 = b4.fma(x, c14);
            c15 = b5.fma(x, c15);
            x = DoubleVector.broadcast(S, a[ai + a2]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            c22 = b2.fma(x, c22);
            c23 = b3.fma(x, c23);
            c24 = b4.fma(x, c24);
            c25 = b5.fma(x, c25);
            x = DoubleVector.broadcast(S, a[ai + a3]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            c32 = b2.fma(x, c32);
            c33 = b3.fma(x, c33);
            c34 = b4.fma(x, c34);
            c35 = b5.fma(x, c35);
        }
        int c0Off = cOff;
        int c1Off = cOff + ldc;
        int c2Off = cOff + 2 * ldc;
        int c3Off = cOff + 3 * ldc;
        c00.intoArray(c, c0Off);
        c01.intoArray(c, c0Off + W);
        c02.intoArray(c, c0Off + 2 * W);
        c03.intoArray(c, c0Off + 3 * W);
        c04.intoArray(c, c0Off + 4 * W);
        c05.intoArray(c, c0Off + 5 * W);
        c10.intoArray(c, c1Off);
        c11.intoArray(c, c1Off + W);
        c12.intoArray(c, c1Off + 2 * W);
        c13.intoArray(c, c1Off + 3 * W);
        c14.intoArray(c, c1Off + 4 * W);
        c15.intoArray(c, c1Off + 5 * W);
        c20.intoArray(c, c2Off);
        c21.intoArray(c, c2Off + W);
        c22.intoArray(c, c2Off + 2 * W);
        c23.intoArray(c, c2Off + 3 * W);
        c24.intoArray(c, c2Off + 4 * W);
        c25.intoArray(c, c2Off + 5 * W);
        c30.intoArray(c, c3Off);
        c31.intoArray(c, c3Off + W);
        c32.intoArray(c, c3Off + 2 * W);
        c33.intoArray(c, c3Off + 3 * W);
        c34.intoArray(c, c3Off + 4 * W);
        c35.intoArray(c, c3Off + 5 * W);
    }
}
