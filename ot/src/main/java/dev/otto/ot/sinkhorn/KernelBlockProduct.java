package dev.otto.ot.sinkhorn;

import dev.otto.ot.internal.Parallel;

/**
 * The product of a stored kernel with a thin block of vectors, out[h] = K w[h] for h = 0..H-1,
 * that one half-sweep of the entropic barycenter needs for all H histograms sharing K (MATH.md
 * section 1, statement {@code ot.entropic-barycenter}; Benamou et al. 2015, section 3.2: K_k^T u_k and K_k v_k).
 * Each row K_i is read once for the whole block: the vectors are taken in tiles of four, then two
 * ({@link VectorTileDot}), then one ({@link VectorDot}), so for H &lt;= 4 except H = 3 the kernel
 * streams from memory once per half-sweep instead of H times. Without the Vector API the plain
 * {@link KernelPasses#dot} runs per vector.
 *
 * <p>Determinism: rows are cut into the fixed blocks of {@link KernelPasses#blockSize}, each
 * entry out[h][i] is one row reduction by one thread with a summation order that depends only on
 * H and the row length, so results are bitwise the same for any number of threads.
 */
final class KernelBlockProduct {

    private KernelBlockProduct() {
    }

    /** out[h][i] = sum_j k[i][j] w[h][j]; out[h] has k.length entries, w[h] has k[i].length. */
    static void apply(double[][] k, double[][] w, double[][] out) {
        int n = k.length;
        if (n == 0) {
            return;
        }
        long work = 2L * n * k[0].length * w.length;
        Parallel.forEachBlock(n, KernelPasses.blockSize(n), work, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                rowTimesBlock(k[i], w, out, i);
            }
        });
    }

    private static void rowTimesBlock(double[] ki, double[][] w, double[][] out, int i) {
        int h = 0;
        if (VectorSupport.ENABLED) {
            for (; h + 4 <= w.length; h += 4) {
                VectorTileDot.dot4(ki, w, h, out, i);
            }
            for (; h + 2 <= w.length; h += 2) {
                VectorTileDot.dot2(ki, w, h, out, i);
            }
            for (; h < w.length; h++) {
                out[h][i] = VectorDot.dot(ki, w[h]);
            }
        }
        for (; h < w.length; h++) {
            out[h][i] = KernelPasses.dot(ki, w[h]);
        }
    }
}
