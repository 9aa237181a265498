package dev.otto.flows.interpolation;

import dev.otto.autodiff.Tensor;

/**
 * The exact optimal plan for the squared Euclidean cost between two uniform batches of m rows: a
 * vertex of the Birkhoff polytope, so a permutation with mass 1/m per pair (MATH.md section 1; see
 * {@link Coupling#exactOt()}). Solved by {@link Pairing#exactOtPermutation} (network simplex).
 */
final class ExactOtCoupling implements Coupling {

    @Override
    public CouplingPlan plan(Tensor z, Tensor x) {
        Coupling.checkBatches(z, x);
        int m = z.rows();
        int[] noiseOf = Pairing.exactOtPermutation(z, x);
        double[] p = new double[m * m];
        for (int j = 0; j < m; j++) {
            p[noiseOf[j] * m + j] = 1.0;
        }
        return CouplingPlan.of(m, p);
    }

    @Override
    public String describe() {
        return "exact-ot";
    }
}
