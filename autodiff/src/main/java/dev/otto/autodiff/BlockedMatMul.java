package dev.otto.autodiff;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The packed, cache-blocked matrix product C = A B: the layered blocking of Goto and van de Geijn
 * ("Anatomy of high-performance matrix multiplication", ACM TOMS 34(3), 2008), written with the
 * Vector API (loaded only when {@link Simd#ENABLED}). Every SIMD product that is not narrow goes
 * through it: the square sizes that outgrow the caches and the training shapes (a batch of 2000
 * rows through a 128-wide layer, and the same layer's two gradients).
 *
 * <p>Both operands are read through strides, so A^T B and A B^T need no transposed copy: A's entry
 * (r, p) is {@code a[r * rs + p * ps]} and B's entry (p, j) is {@code b[p * brs + j * bcs]}. The
 * inner dimension is cut into blocks of {@code kc} and the rows of C into blocks of {@code mc}:
 * <ul>
 *   <li>B is packed once per product ({@link #strips}), block of k by block of k, into strips of
 *       {@link #NR} columns stored p-major (read sequentially by the micro-kernel); a last strip of
 *       at most {@link #HALF} columns is stored {@link #HALF} wide. A product with fewer rows than
 *       one block reads a row-major B in place instead;</li>
 *   <li>when k spans several blocks (the large square products), each {@code mc x kc} block of A is
 *       packed into panels of {@link #MR} rows stored p-major, which stay in L2 while every strip of
 *       B passes by; with a single block of k (the training shapes, k = 128) the micro-kernel reads
 *       A in place through its strides and only a panel cut by the last row is copied;</li>
 *   <li>the micro-kernel accumulates an {@code MR x NR} tile of C (4 rows x 4 vectors: sixteen
 *       registers, each loaded vector of B feeding four fused multiply-adds and each broadcast entry
 *       of A four) or, on a half strip, {@code MR x HALF}, over one block of k. On the first block
 *       it starts from +0 instead of loading C, which is zero on entry.</li>
 * </ul>
 * Panels are padded with zeros to whole tiles; padded entries of the tile are never written back.
 *
 * <p>Every entry of C is the chain of fused multiply-adds over p = 0, 1, ..., k - 1 in increasing
 * order, starting from +0 (the tile is reloaded from C between blocks of k, which stores the
 * running sum exactly), so the result does not depend on the block sizes, on the tile, or on how
 * the rows are split over threads: the same bits for any thread count.
 */
final class BlockedMatMul {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int W = S.length();

    /** Rows of the register tile. */
    static final int MR = 4;
    /** Columns of the register tile: four vectors. */
    static final int NR = 4 * W;
    /** Columns of the half tile used for a last strip of at most this many columns. */
    static final int HALF = 2 * W;

    /**
     * Block sizes for this machine kind (32 KiB L1d, 1 MiB L2 per core): a B strip of 256 x NR
     * doubles is 64 KiB at 512-bit vectors and an A block of 64 x 256 is 128 KiB, both L2-resident;
     * the 128-wide layers of training (k = 128) are one block of k. Measured: kc = 128 ran the square
     * products about 5% slower, kc = 64 or 32 the 2000 x 128 x 128 product slower still.
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

    /** Rows of C per block: threads are handed whole blocks. */
    int rowBlock() {
        return mc;
    }

    /**
     * B (k x m, entry (p, j) at {@code b[p * brs + j * bcs]}) as {@link #rows} reads it, for a product
     * with {@code rowsOfC} rows: packed (see {@link Strips}), or read in place when it is row-major,
     * its width a whole number of strips and C has fewer rows than one block, so that packing could
     * not pay for itself (the 2 x 128 weight gradient of a first layer, A^T dC over a batch of 2000,
     * would copy all of dC for half a million multiply-adds).
     */
    Strips strips(double[] b, int brs, int bcs, int k, int m, int rowsOfC) {
        if (bcs == 1 && m % NR == 0 && rowsOfC < mc) {
            return new Strips(b, brs, m, false);
        }
        int stored = storedWidth(m);
        // every entry is written unless a last, narrower strip is padded with zeros
        double[] packed = stored == m ? BufferPool.acquire(k * stored) : BufferPool.acquireZeroed(k * stored);
        int at = 0;
        for (int p0 = 0; p0 < k; p0 += kc) {
            int kcb = Math.min(kc, k - p0);
            for (int j0 = 0; j0 < m; j0 += NR) {
                int width = Math.min(NR, m - j0);
                int sw = stripWidth(width);
                if (bcs == 1) {
                    for (int p = p0; p < p0 + kcb; p++, at += sw) {
                        System.arraycopy(b, p * brs + j0, packed, at, width);
                    }
                } else {
                    // B read down its columns (B^T stored row-major): p inner keeps the reads contiguous
                    for (int j = 0; j < width; j++) {
                        int src = p0 * brs + (j0 + j) * bcs;
                        for (int p = 0, dst = at + j; p < kcb; p++, dst += sw, src += brs) {
                            packed[dst] = b[src];
                        }
                    }
                    at += kcb * sw;
                }
            }
        }
        return new Strips(packed, 0, stored, true);
    }

    /**
     * B as the micro-kernel reads it, strip by strip: packed, each block of k holding its strips of
     * {@link #NR} columns one after the other, {@code kcb x width} values p-major, the last strip
     * padded with zeros to its stored width ({@link #HALF} or NR); or in place, a row-major B whose
     * width is a whole number of strips.
     */
    static final class Strips {
        private final double[] values;
        private final int rowStride;
        private final int stored;
        private final boolean packed;

        private Strips(double[] values, int rowStride, int stored, boolean packed) {
            this.values = values;
            this.rowStride = rowStride;
            this.stored = stored;
            this.packed = packed;
        }

        /** Gives a packed copy's buffer back to the thread's {@link BufferPool}; the strips are not read again. */
        void giveBack() {
            if (packed) {
                BufferPool.release(values);
            }
        }

        /** Where row p0 of the strip at column j0 starts, in the block of k that begins at p0. */
        private int offset(int p0, int kcb, int j0) {
            return rowStride > 0 ? p0 * rowStride + j0 : p0 * stored + j0 * kcb;
        }

        /** Distance between consecutive rows of a strip of stored width sw. */
        private int step(int sw) {
            return rowStride > 0 ? rowStride : sw;
        }
    }

    /**
     * Rows [from, to) of C (n x m, zero on entry) = A B, A's entry (r, p) at {@code a[r * rs + p * ps]}
     * (rs = k, ps = 1 for a row-major A; rs = 1, ps = rows for the transpose of a row-major matrix)
     * and B from {@link #strips}. With one block of k the micro-kernel reads A in place through the
     * same strides (each step of p broadcasts one entry from each of {@link #MR} rows) and only a
     * panel cut by the last row is copied; with several, blocks of A are packed into panels.
     */
    void rows(double[] a, int rs, int ps, Strips b, double[] c, int k, int m, int from, int to) {
        double[] pb = b.values;
        boolean packA = k > kc;
        double[] panels = new double[(packA ? roundUp(Math.min(mc, to - from), MR) : MR) * Math.min(kc, k)];
        double[] buffer = new double[MR * NR];
        for (int p0 = 0; p0 < k; p0 += kc) {
            int kcb = Math.min(kc, k - p0);
            for (int i0 = from; i0 < to; i0 += mc) {
                int i1 = Math.min(i0 + mc, to);
                if (packA) {
                    packPanels(a, rs, ps, i0, i1 - i0, p0, kcb, panels);
                }
                for (int j0 = 0; j0 < m; j0 += NR) {
                    int width = Math.min(NR, m - j0);
                    int sw = stripWidth(width);
                    int bOff = b.offset(p0, kcb, j0);
                    int bps = b.step(sw);
                    for (int r0 = i0; r0 < i1; r0 += MR) {
                        int height = Math.min(MR, i1 - r0);
                        int cOff = r0 * m + j0;
                        double[] x = a;
                        int xOff = r0 * rs + p0 * ps;
                        int xrs = rs;
                        int xps = ps;
                        if (packA || height < MR) {
                            if (!packA) {
                                packPanels(a, rs, ps, r0, height, p0, kcb, panels);
                            }
                            x = panels;
                            xOff = packA ? (r0 - i0) * kcb : 0;
                            xrs = 1;
                            xps = MR;
                        }
                        if (height == MR && width == sw) {
                            tile(x, xOff, xrs, xps, pb, bOff, bps, kcb, c, cOff, m, sw, p0 > 0);
                        } else {
                            edgeTile(x, xOff, xrs, xps, pb, bOff, bps, kcb, c, cOff, m, height, width, sw, buffer);
                        }
                    }
                }
            }
        }
    }

    /** Columns a packed block row of B takes: whole strips, the last one possibly a half strip. */
    private static int storedWidth(int m) {
        int full = m / NR * NR;
        return full + (m > full ? stripWidth(m - full) : 0);
    }

    private static int stripWidth(int width) {
        return width <= HALF ? HALF : NR;
    }

    /**
     * Rows [i0, i0 + rows) and columns [p0, p0 + kcb) of A into panels of {@link #MR} rows, each
     * stored p-major, a last panel padded with zero rows (the micro-kernel never reads past A).
     */
    private static void packPanels(double[] a, int rs, int ps, int i0, int rows, int p0, int kcb, double[] packed) {
        for (int r0 = 0; r0 < rows; r0 += MR) {
            int base = r0 * kcb;
            int height = Math.min(MR, rows - r0);
            for (int r = 0; r < MR; r++) {
                if (r < height) {
                    int src = (i0 + r0 + r) * rs + p0 * ps;
                    for (int p = 0, at = base + r; p < kcb; p++, at += MR, src += ps) {
                        packed[at] = a[src];
                    }
                } else {
                    for (int p = 0, at = base + r; p < kcb; p++, at += MR) {
                        packed[at] = 0.0;
                    }
                }
            }
        }
    }

    /**
     * One micro-kernel call; {@code onC} false on the first block of k, where the tile starts from +0
     * (C is zero on entry) instead of loading C: the same bits, without reading cold memory.
     */
    private static void tile(double[] a, int aOff, int ars, int aps, double[] pb, int bOff, int bps, int kcb,
                             double[] c, int cOff, int ldc, int width, boolean onC) {
        if (width == NR) {
            wideTile(a, aOff, ars, aps, pb, bOff, bps, kcb, c, cOff, ldc, onC);
        } else {
            halfTile(a, aOff, ars, aps, pb, bOff, bps, kcb, c, cOff, ldc, onC);
        }
    }

    private static DoubleVector start(double[] c, int at, boolean onC) {
        return onC ? DoubleVector.fromArray(S, c, at) : DoubleVector.zero(S);
    }

    /**
     * The micro-kernel: the MR x NR tile of C at {@code cOff} (row stride ldc), or +0 when not
     * {@code onC}, plus the product of A (entry (r, p) at {@code aOff + r ars + p aps}) and the B
     * strip (row p at {@code bOff + p bps}) over kcb values of p, in sixteen vector registers.
     */
    private static void wideTile(double[] pa, int aOff, int ars, int aps, double[] pb, int bOff, int bps, int kcb,
                                 double[] c, int cOff, int ldc, boolean onC) {
        int c1 = cOff + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        DoubleVector c00 = start(c, cOff, onC);
        DoubleVector c01 = start(c, cOff + W, onC);
        DoubleVector c02 = start(c, cOff + 2 * W, onC);
        DoubleVector c03 = start(c, cOff + 3 * W, onC);
        DoubleVector c10 = start(c, c1, onC);
        DoubleVector c11 = start(c, c1 + W, onC);
        DoubleVector c12 = start(c, c1 + 2 * W, onC);
        DoubleVector c13 = start(c, c1 + 3 * W, onC);
        DoubleVector c20 = start(c, c2, onC);
        DoubleVector c21 = start(c, c2 + W, onC);
        DoubleVector c22 = start(c, c2 + 2 * W, onC);
        DoubleVector c23 = start(c, c2 + 3 * W, onC);
        DoubleVector c30 = start(c, c3, onC);
        DoubleVector c31 = start(c, c3 + W, onC);
        DoubleVector c32 = start(c, c3 + 2 * W, onC);
        DoubleVector c33 = start(c, c3 + 3 * W, onC);
        int a1 = ars;
        int a2 = 2 * ars;
        int a3 = 3 * ars;
        for (int p = 0, ai = aOff, bi = bOff; p < kcb; p++, ai += aps, bi += bps) {
            DoubleVector b0 = DoubleVector.fromArray(S, pb, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, pb, bi + W);
            DoubleVector b2 = DoubleVector.fromArray(S, pb, bi + 2 * W);
            DoubleVector b3 = DoubleVector.fromArray(S, pb, bi + 3 * W);
            DoubleVector x = DoubleVector.broadcast(S, pa[ai]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            c02 = b2.fma(x, c02);
            c03 = b3.fma(x, c03);
            x = DoubleVector.broadcast(S, pa[ai + a1]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            c12 = b2.fma(x, c12);
            c13 = b3.fma(x, c13);
            x = DoubleVector.broadcast(S, pa[ai + a2]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            c22 = b2.fma(x, c22);
            c23 = b3.fma(x, c23);
            x = DoubleVector.broadcast(S, pa[ai + a3]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            c32 = b2.fma(x, c32);
            c33 = b3.fma(x, c33);
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + W);
        c02.intoArray(c, cOff + 2 * W);
        c03.intoArray(c, cOff + 3 * W);
        c10.intoArray(c, c1);
        c11.intoArray(c, c1 + W);
        c12.intoArray(c, c1 + 2 * W);
        c13.intoArray(c, c1 + 3 * W);
        c20.intoArray(c, c2);
        c21.intoArray(c, c2 + W);
        c22.intoArray(c, c2 + 2 * W);
        c23.intoArray(c, c2 + 3 * W);
        c30.intoArray(c, c3);
        c31.intoArray(c, c3 + W);
        c32.intoArray(c, c3 + 2 * W);
        c33.intoArray(c, c3 + 3 * W);
    }

    /** The MR x HALF micro-kernel for a last strip of at most {@link #HALF} columns, eight registers. */
    private static void halfTile(double[] pa, int aOff, int ars, int aps, double[] pb, int bOff, int bps, int kcb,
                                 double[] c, int cOff, int ldc, boolean onC) {
        int c1 = cOff + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        DoubleVector c00 = start(c, cOff, onC);
        DoubleVector c01 = start(c, cOff + W, onC);
        DoubleVector c10 = start(c, c1, onC);
        DoubleVector c11 = start(c, c1 + W, onC);
        DoubleVector c20 = start(c, c2, onC);
        DoubleVector c21 = start(c, c2 + W, onC);
        DoubleVector c30 = start(c, c3, onC);
        DoubleVector c31 = start(c, c3 + W, onC);
        int a1 = ars;
        int a2 = 2 * ars;
        int a3 = 3 * ars;
        for (int p = 0, ai = aOff, bi = bOff; p < kcb; p++, ai += aps, bi += bps) {
            DoubleVector b0 = DoubleVector.fromArray(S, pb, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, pb, bi + W);
            DoubleVector x0 = DoubleVector.broadcast(S, pa[ai]);
            DoubleVector x1 = DoubleVector.broadcast(S, pa[ai + a1]);
            DoubleVector x2 = DoubleVector.broadcast(S, pa[ai + a2]);
            DoubleVector x3 = DoubleVector.broadcast(S, pa[ai + a3]);
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
     * A tile cut by the edge of C (height rows, width of its stored sw columns valid): computed
     * whole in a private MR x sw buffer, only its valid part copied in and out.
     */
    private static void edgeTile(double[] a, int aOff, int ars, int aps, double[] pb, int bOff, int bps, int kcb,
                                 double[] c, int cOff, int m, int height, int width, int sw, double[] buffer) {
        Arrays.fill(buffer, 0.0);
        for (int r = 0; r < height; r++) {
            System.arraycopy(c, cOff + r * m, buffer, r * sw, width);
        }
        tile(a, aOff, ars, aps, pb, bOff, bps, kcb, buffer, 0, sw, sw, true);
        for (int r = 0; r < height; r++) {
            System.arraycopy(buffer, r * sw, c, cOff + r * m, width);
        }
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }
}
