package dev.otto.autodiff;

import java.util.Arrays;

/**
 * Raw-array matrix products on row-major {@code double[]} buffers: C = A B, C = A^T B and C = A B^T,
 * all through one kernel.
 *
 * <p>Why the kernel looks the way it does: HotSpot's C2 vectorises an update {@code t[j] += a * b[j]}
 * only when every array is indexed by the bare loop variable; an offset such as {@code c[ci + j]}
 * into a shared flat buffer defeats it (measured: 3 GF/s against 10-16 GF/s on the same loop). So the
 * rows of B are copied into their own arrays, each row of C is accumulated in a private array and
 * copied out, and four rows of B are folded into each pass to cut the loads and stores of the
 * accumulator by four. Narrow outputs (fewer than {@link #NARROW} columns, such as a network's last
 * layer) use dot products instead. Rows of C are split over the cores by {@link Parallel}; each row
 * is always computed by the same code in the same order, so results do not depend on the thread
 * count. With {@link Simd#enabled()} every product that is not narrow goes through the packed,
 * register-tiled {@link BlockedMatMul} instead, which reads A^T and B^T through strides (no
 * transposed copy, no copied rows).
 */
final class MatMulKernels {

    /** Outputs narrower than this use the dot-product form. */
    static final int NARROW = 8;

    private MatMulKernels() {
    }

    /** C (n x m) = A (n x k) B (k x m). */
    static double[] mm(double[] a, double[] b, int n, int k, int m) {
        double[] c = BufferPool.acquireZeroed(n * m);
        if (m < NARROW) {
            double[][] bt = rowsOf(transpose(b, k, m), m, k);
            Parallel.forRange(n, (long) n * k * m, (from, to) -> dotRows(a, bt, c, k, m, from, to));
        } else if (Simd.ENABLED) {
            blocked(a, k, 1, b, m, 1, c, n, k, m);
        } else {
            double[][] br = rowsOf(b, k, m);
            Parallel.forRange(n, (long) n * k * m, (from, to) -> axpyRows(a, br, c, k, m, from, to));
        }
        return c;
    }

    /**
     * C (k x m) = A^T B with A (n x k) and B (n x m): C_p. = sum_i A_ip B_i., accumulated in private
     * rows of C, four rows of B per pass. Rows of C (indices p) are split over the cores; the sum over
     * i always runs in the same order.
     */
    static double[] mmTransA(double[] a, double[] b, int n, int k, int m) {
        double[] c = BufferPool.acquireZeroed(k * m);
        if (m < NARROW) {
            Parallel.forRange(k, (long) n * k * m, (from, to) -> narrowTransA(a, b, c, n, k, m, from, to));
        } else if (Simd.ENABLED) {
            // A^T read in place: entry (r, p) of A^T is a[p * k + r]
            blocked(a, 1, k, b, m, 1, c, k, n, m);
        } else {
            double[][] br = rowsOf(b, n, m);
            Parallel.forRange(k, (long) n * k * m, (from, to) -> axpyTransARows(a, br, c, n, k, m, from, to));
        }
        return c;
    }

    /** C (n x m) = A B^T with A (n x k) and B (m x k). */
    static double[] mmTransB(double[] a, double[] b, int n, int k, int m) {
        if (m < NARROW || !Simd.ENABLED) {
            return mm(a, transpose(b, m, k), n, k, m);
        }
        // B^T read in place by the packing: entry (p, j) of B^T is b[j * k + p]
        double[] c = BufferPool.acquireZeroed(n * m);
        blocked(a, k, 1, b, 1, k, c, n, k, m);
        return c;
    }

    /**
     * C (n x m, zero on entry) = A B with the Vector API through {@link BlockedMatMul}: A's entry
     * (r, p) at {@code a[r * rs + p * ps]}, B's entry (p, j) at {@code b[p * brs + j * bcs]}. B is
     * packed once (or read in place); the rows of C go to the threads in whole blocks of
     * {@link BlockedMatMul#rowBlock}, so a product with one or two blocks of rows (the 128 x 128
     * weight gradient A^T dC) gives each thread its own output rows and one pass over the batch.
     */
    static void blocked(double[] a, int rs, int ps, double[] b, int brs, int bcs, double[] c,
                                int n, int k, int m) {
        BlockedMatMul kernel = BlockedMatMul.DEFAULT;
        BlockedMatMul.Strips strips = kernel.strips(b, brs, bcs, k, m, n);
        int block = kernel.rowBlock();
        int blocks = (n + block - 1) / block;
        Parallel.forRange(blocks, (long) n * k * m, (from, to) ->
                kernel.rows(a, rs, ps, strips, c, k, m, from * block, Math.min(n, to * block)));
        strips.giveBack();
    }

    /** Rows [from, to) of C = A^T B by the plain loops: private rows of C, four rows of B per pass. */
    private static void axpyTransARows(double[] a, double[][] br, double[] c, int n, int k, int m, int from, int to) {
        double[][] acc = new double[to - from][m];
        int i = 0;
        for (; i + 3 < n; i += 4) {
            double[] b0 = br[i];
            double[] b1 = br[i + 1];
            double[] b2 = br[i + 2];
            double[] b3 = br[i + 3];
            int a0 = i * k;
            int a1 = a0 + k;
            int a2 = a1 + k;
            int a3 = a2 + k;
            for (int p = from; p < to; p++) {
                axpy4(acc[p - from], a[a0 + p], b0, a[a1 + p], b1, a[a2 + p], b2, a[a3 + p], b3, m);
            }
        }
        for (; i < n; i++) {
            for (int p = from; p < to; p++) {
                axpy(acc[p - from], a[i * k + p], br[i], m);
            }
        }
        for (int p = from; p < to; p++) {
            System.arraycopy(acc[p - from], 0, c, p * m, m);
        }
    }

    private static void axpyRows(double[] a, double[][] br, double[] c, int k, int m, int from, int to) {
        double[] t = new double[m];
        for (int i = from; i < to; i++) {
            int ai = i * k;
            Arrays.fill(t, 0.0);
            int p = 0;
            for (; p + 3 < k; p += 4) {
                double a0 = a[ai + p];
                double a1 = a[ai + p + 1];
                double a2 = a[ai + p + 2];
                double a3 = a[ai + p + 3];
                axpy4(t, a0, br[p], a1, br[p + 1], a2, br[p + 2], a3, br[p + 3], m);
            }
            for (; p < k; p++) {
                axpy(t, a[ai + p], br[p], m);
            }
            System.arraycopy(t, 0, c, i * m, m);
        }
    }

    /** t[j] += a0 b0[j] + a1 b1[j] + a2 b2[j] + a3 b3[j] for j < m: the kernel's inner loop. */
    static void axpy4(double[] t, double a0, double[] b0, double a1, double[] b1, double a2, double[] b2,
                      double a3, double[] b3, int m) {
        if (Simd.ENABLED) {
            VectorKernels.axpy4(t, a0, b0, a1, b1, a2, b2, a3, b3, m);
            return;
        }
        for (int j = 0; j < m; j++) {
            t[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
        }
    }

    /** t[j] += a b[j] for j < m. */
    static void axpy(double[] t, double a, double[] b, int m) {
        if (Simd.ENABLED) {
            VectorKernels.axpy(t, a, b, m);
            return;
        }
        for (int j = 0; j < m; j++) {
            t[j] += a * b[j];
        }
    }

    /**
     * Rows [from, to) of C = A^T B for a narrow B (m &lt; {@link #NARROW}) without transposing A: the
     * same four interleaved partial sums over i as {@link #dotRows} on A^T, so the same bits, but
     * accumulated along rows of A (contiguous in p) instead of down its columns. The weight gradient
     * of a network's last layer (A a batch of activations, B the output gradient) is this product.
     */
    private static void narrowTransA(double[] a, double[] b, double[] c, int n, int k, int m, int from, int to) {
        int len = to - from;
        double[][] acc = new double[4 * m][len];
        int tail = n - n % 4;
        for (int i = 0; i < n; i++) {
            int q = i < tail ? i % 4 : 0;
            int ai = i * k + from;
            for (int j = 0; j < m; j++) {
                mulAdd(acc[4 * j + q], a, ai, b[i * m + j], len);
            }
        }
        for (int p = 0; p < len; p++) {
            for (int j = 0; j < m; j++) {
                c[(from + p) * m + j] = (acc[4 * j][p] + acc[4 * j + 1][p]) + (acc[4 * j + 2][p] + acc[4 * j + 3][p]);
            }
        }
    }

    /** t[p] += x[off + p] s for p &lt; len, a multiplication then an addition (no fused multiply-add). */
    static void mulAdd(double[] t, double[] x, int off, double s, int len) {
        if (Simd.ENABLED) {
            VectorKernels.mulAdd(t, x, off, s, len);
            return;
        }
        for (int p = 0; p < len; p++) {
            t[p] += x[off + p] * s;
        }
    }

    private static void dotRows(double[] a, double[][] bt, double[] c, int k, int m, int from, int to) {
        double[] row = new double[k];
        for (int i = from; i < to; i++) {
            System.arraycopy(a, i * k, row, 0, k);
            for (int j = 0; j < m; j++) {
                double[] col = bt[j];
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                int p = 0;
                for (; p + 3 < k; p += 4) {
                    s0 += row[p] * col[p];
                    s1 += row[p + 1] * col[p + 1];
                    s2 += row[p + 2] * col[p + 2];
                    s3 += row[p + 3] * col[p + 3];
                }
                for (; p < k; p++) {
                    s0 += row[p] * col[p];
                }
                c[i * m + j] = (s0 + s1) + (s2 + s3);
            }
        }
    }

    /** The rows of a row-major r x c buffer as separate arrays. */
    private static double[][] rowsOf(double[] x, int r, int c) {
        double[][] rows = new double[r][];
        for (int i = 0; i < r; i++) {
            rows[i] = Arrays.copyOfRange(x, i * c, (i + 1) * c);
        }
        return rows;
    }

    /**
     * The transpose (c x r) of a row-major r x c buffer, by 32 x 32 tiles so that both the reads and
     * the strided writes of a tile stay in the L1 cache.
     */
    static double[] transpose(double[] x, int r, int c) {
        double[] t = new double[r * c];
        final int tile = 32;
        for (int i0 = 0; i0 < r; i0 += tile) {
            int i1 = Math.min(r, i0 + tile);
            for (int j0 = 0; j0 < c; j0 += tile) {
                int j1 = Math.min(c, j0 + tile);
                for (int i = i0; i < i1; i++) {
                    int xi = i * c;
                    for (int j = j0; j < j1; j++) {
                        t[j * r + i] = x[xi + j];
                    }
                }
            }
        }
        return t;
    }
}
