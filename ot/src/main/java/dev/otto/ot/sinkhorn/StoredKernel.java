package dev.otto.ot.sinkhorn;

/**
 * A stored Gibbs kernel K = exp(-C/eps) (n x m, MATH.md section 1, "Entropic OT") that multiplies
 * thin blocks of vectors, as one half-sweep of the entropic barycenter needs for all the histograms
 * sharing K (statement {@code ot.entropic-barycenter}; Benamou et al. 2015, section 3.2: K_k^T u_k
 * and K_k v_k). Implementations read the stored entries once per call for the whole block, split
 * rows over the pool in fixed blocks and give results bitwise independent of the thread count.
 */
interface StoredKernel {

    /** out[h] = K w[h] for every h (w[h] has m entries, out[h] has n). */
    void times(double[][] w, double[][] out);

    /** out[h] = K^T w[h] for every h (w[h] has n entries, out[h] has m). */
    void transposeTimes(double[][] w, double[][] out);
}
