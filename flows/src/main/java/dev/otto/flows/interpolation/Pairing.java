package dev.otto.flows.interpolation;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.metrics.TensorTransport;
import dev.otto.ot.exact.ExactResult;
import dev.otto.ot.exact.NetworkSimplex;
import java.util.Arrays;

/**
 * How noise and data are coupled within a minibatch for the regression of MATH.md section 5:
 * {@link #INDEPENDENT} keeps the independent coupling of the interpolant (Z independent of X_1, the
 * setting of seed paper 3), {@link #EXACT_OT} re-pairs the n noise rows with the n data rows by an
 * exact optimal assignment for the squared Euclidean cost (minibatch OT-CFM; MATH.md section 1, the
 * network simplex of {@code dev.otto.ot} with uniform weights 1/n, whose optimal vertex is a
 * permutation). The OT pairing changes the coupling, so the learned field is the minibatch-OT
 * velocity rather than the independent-coupling one: paths are straighter.
 */
public enum Pairing {
    INDEPENDENT,
    EXACT_OT;

    /**
     * The exact-OT permutation: noise row {@code perm[i]} is paired with data row i, minimising
     * sum_i |z_perm[i] - x_i|^2 over permutations.
     *
     * @throws IllegalArgumentException if the batches differ in shape
     * @throws IllegalStateException if the solver does not return an optimal permutation plan
     */
    public static int[] exactOtPermutation(Tensor z, Tensor x) {
        if (z == null || x == null || !z.sameShape(x)) {
            throw new IllegalArgumentException("z, x: expected two batches of the same shape, got "
                    + (z == null ? "null" : z.shape()) + " and " + (x == null ? "null" : x.shape()));
        }
        int n = z.rows();
        double[] w = new double[n];
        Arrays.fill(w, 1.0 / n);
        ExactResult r = new NetworkSimplex().solve(w, w, TensorTransport.cost(z, x, 2));
        if (!r.isOptimal()) {
            throw new IllegalStateException("exact OT pairing: network simplex ended with status " + r.status());
        }
        int[] perm = new int[n];
        Arrays.fill(perm, -1);
        for (int e = 0; e < r.nonZeros(); e++) {
            if (r.mass(e) > 0.5 / n) {
                if (perm[r.col(e)] != -1) {
                    throw new IllegalStateException("exact OT pairing: the plan is not a permutation (column "
                            + r.col(e) + " receives mass twice)");
                }
                perm[r.col(e)] = r.row(e);
            }
        }
        for (int i = 0; i < n; i++) {
            if (perm[i] < 0) {
                throw new IllegalStateException("exact OT pairing: the plan is not a permutation (data row " + i
                        + " receives no noise row)");
            }
        }
        return perm;
    }

    /** The noise rows re-ordered for this pairing: z itself, or z.gatherRows(exactOtPermutation(z, x)). */
    public Tensor pair(Tensor z, Tensor x) {
        return this == INDEPENDENT ? z : z.gatherRows(exactOtPermutation(z, x));
    }
}
