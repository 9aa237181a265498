package dev.otto.autodiff;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The cache-blocked matrix product C = A B for operands too large for the caches: the layered
 * blocking of Goto and van de Geijn ("Anatomy of high-performance matrix multiplication", ACM TOMS
 * 34(3), 2008), written with the Vector API (loaded only when {@link Simd#ENABLED}).
 *
 * <p>Why: the register-blocked {@link VectorKernels#mmRows} streams all k rows of B for every four
 * rows of C, so once B outgrows the L2 cache each fused multiply-add waits on memory (measured: 33
 * GFLOP/s at n = 1024 and under 10 at n = 2048). Here the inner dimension is cut into blocks of
 * {@code kc} and the rows of C into blocks of {@code mc}:
 * <ul>
 *   <li>B is packed once, block of k by block of k, into strips of {@link #NR} columns stored
 *       p-major ({@code kc x NR} contiguous values, one L1-resident micro-panel);</li>
 *   <li>each {@code mc x kc} block of A is packed into panels of {@link #MR} rows stored p-major
 *       (it stays in L2 while every strip of B passes by);</li>
 *   <li>the micro-kernel accumulates an {@code MR x NR} tile of C in registers over one block of k,
 *       reading both packed panels sequentially.</li>
 * </ul>
 * Panels are padded with zeros to whole tiles; padded entries of the tile are never written back.
 *
 * <p>Every entry of C is still the chain of fused multiply-adds over p = 0, 1, ..., k - 1 in
 * increasing order, starting from +0 (the tile is reloaded from C between blocks of k, which stores
 * the running sum exactly), so the result equals {@link VectorKernels#mmRows} bit for bit, whatever
 * the block sizes and however the rows are split over threads.
 */
final class BlockedMatMul {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int W = S.length();

    /** Rows of the register tile. */
    static final int MR = 4;
    /** Columns of the register tile: two vectors. */
    static final int NR = 2 * W;

    /**
     * Block sizes for this machine kind (32 KiB L1d, 1 MiB L2 per core): a B micro-panel of 256 x NR
     * doubles is 32 KiB at 512-bit vectors, an A block of 64 x 256 is 128 KiB.
     */
    static final BlockedMatMul DEFAULT = new BlockedMatMul(256, 64);

    private final int kc;
    private final int mc;

    /**
     * @param kc block of the inner dimension
     * @param mc block of the rows of C (a multiple of {@link #MR} keeps panels full)
     */
    BlockedMatMul(int kc, int mc) {
        if (kc < 1 || mc < 1) {
            throw new IllegalArgumentException("block sizes must be positive: kc " + kc + ", mc " + mc);
        }
        this.kc = kc;
        this.mc = mc;
    }

    /**
     * B (k x m, row-major) packed for {@link #rows}: for each block of k, its strips of {@link #NR}
     * columns, each {@code kcb x NR} values p-major, the last strip padded with zeros.
     */
    double[] packB(double[] b, int k, int m) {
        int strips = (m + NR - 1) / NR;
        double[] packed = new double[k * strips * NR];
        int at = 0;
        for (int p0 = 0; p0 < k; p0 += kc) {
            int kcb = Math.min(kc, k - p0);
            for (int s = 0; s < strips; s++) {
                int j0 = s * NR;
                int width = Math.min(NR, m - j0);
                for (int p = p0; p < p0 + kcb; p++) {
                    System.arraycopy(b, p * m + j0, packed, at, width);
                    at += NR;
                }
            }
        }
        return packed;
    }

    /**
     * Rows [from, to) of C (n x m, zero on entry) = A B, where A's entry (r, p) is
     * {@code a[r * rs + p * ps]} (as in {@link VectorKernels#mmRows}: rs = k, ps = 1 for a row-major
     * A, rs = 1, ps = rows for the transpose of a row-major matrix) and {@code packedB} comes from
     * {@link #packB}.
     */
    void rows(double[] a, int rs, int ps, double[] packedB, double[] c, int k, int m, int from, int to) {
        int strips = (m + NR - 1) / NR;
        double[] packedA = new double[roundUp(Math.min(mc, to - from), MR) * Math.min(kc, k)];
        double[] tile = new double[MR * NR];
        for (int i0 = from; i0 < to; i0 += mc) {
            int mcb = Math.min(mc, to - i0);
            int bAt = 0;
            for (int p0 = 0; p0 < k; p0 += kc) {
                int kcb = Math.min(kc, k - p0);
                packA(a, rs, ps, i0, mcb, p0, kcb, packedA);
                for (int s = 0; s < strips; s++) {
                    int j0 = s * NR;
                    int width = Math.min(NR, m - j0);
                    int bOff = bAt + s * kcb * NR;
                    for (int r0 = 0; r0 < mcb; r0 += MR) {
                        int height = Math.min(MR, mcb - r0);
                        int aOff = r0 * kcb;
                        if (height == MR && width == NR) {
                            tile(packedA, aOff, packedB, bOff, kcb, c, (i0 + r0) * m + j0, m);
                        } else {
                            edgeTile(packedA, aOff, packedB, bOff, kcb, c, (i0 + r0) * m + j0, m, height, width, tile);
                        }
                    }
                }
                bAt += kcb * strips * NR;
            }
        }
    }

    /**
     * Rows [i0, i0 + mcb) and columns [p0, p0 + kcb) of A into panels of {@link #MR} rows, each
     * stored p-major; rows past mcb are zero.
     */
    private static void packA(double[] a, int rs, int ps, int i0, int mcb, int p0, int kcb, double[] packed) {
        for (int r0 = 0; r0 < mcb; r0 += MR) {
            int base = r0 * kcb;
            for (int r = 0; r < MR; r++) {
                int at = base + r;
                if (r0 + r < mcb) {
                    int src = (i0 + r0 + r) * rs + p0 * ps;
                    for (int p = 0; p < kcb; p++, at += MR, src += ps) {
                        packed[at] = a[src];
                    }
                } else {
                    for (int p = 0; p < kcb; p++, at += MR) {
                        packed[at] = 0.0;
                    }
                }
            }
        }
    }

    /**
     * The micro-kernel: the MR x NR tile of C at {@code cOff} (row stride m) plus the product of
     * the packed A panel and B strip over kcb values of p, in eight vector registers.
     */
    private static void tile(double[] pa, int aOff, double[] pb, int bOff, int kcb, double[] c, int cOff, int m) {
        int c1 = cOff + m;
        int c2 = c1 + m;
        int c3 = c2 + m;
        DoubleVector c00 = DoubleVector.fromArray(S, c, cOff);
        DoubleVector c01 = DoubleVector.fromArray(S, c, cOff + W);
        DoubleVector c10 = DoubleVector.fromArray(S, c, c1);
        DoubleVector c11 = DoubleVector.fromArray(S, c, c1 + W);
        DoubleVector c20 = DoubleVector.fromArray(S, c, c2);
        DoubleVector c21 = DoubleVector.fromArray(S, c, c2 + W);
        DoubleVector c30 = DoubleVector.fromArray(S, c, c3);
        DoubleVector c31 = DoubleVector.fromArray(S, c, c3 + W);
        for (int p = 0, ai = aOff, bi = bOff; p < kcb; p++, ai += MR, bi += NR) {
            DoubleVector b0 = DoubleVector.fromArray(S, pb, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, pb, bi + W);
            DoubleVector x0 = DoubleVector.broadcast(S, pa[ai]);
            DoubleVector x1 = DoubleVector.broadcast(S, pa[ai + 1]);
            DoubleVector x2 = DoubleVector.broadcast(S, pa[ai + 2]);
            DoubleVector x3 = DoubleVector.broadcast(S, pa[ai + 3]);
            c00 = b0.fma(x0, c00);
            c01 = b1.fma(x0, c01);
            c10 = b0.fma(x1, c10);
            c11 = b1.fma(x1, c11);
            c20 = b0.fma(x2, c20);
            c21 = b1.fma(x2, c21);
            c30 = b0.fma(x3, c30);
            c31 = b1.fma(x3, c31);
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + W);
        c10.intoArray(c, c1);
        c11.intoArray(c, c1 + W);
        c20.intoArray(c, c2);
        c21.intoArray(c, c2 + W);
        c30.intoArray(c, c3);
        c31.intoArray(c, c3 + W);
    }

    /**
     * A tile cut by the edge of C (height rows, width columns valid): computed whole in a private
     * MR x NR buffer, only its valid part copied in and out.
     */
    private static void edgeTile(double[] pa, int aOff, double[] pb, int bOff, int kcb, double[] c, int cOff, int m,
                                 int height, int width, double[] buffer) {
        java.util.Arrays.fill(buffer, 0.0);
        for (int r = 0; r < height; r++) {
            System.arraycopy(c, cOff + r * m, buffer, r * NR, width);
        }
        tile(pa, aOff, pb, bOff, kcb, buffer, 0, NR);
        for (int r = 0; r < height; r++) {
            System.arraycopy(buffer, r * NR, c, cOff + r * m, width);
        }
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }
}
