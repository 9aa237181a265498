package dev.otto.flows.interpolation;

import dev.otto.autodiff.Tensor;
import java.util.random.RandomGenerator;

/**
 * Training pairs from a {@link Coupling}: a coupling batch of m noise and m data rows is coupled by
 * the plan pi, and n &lt;= m training pairs (Z_k, X_1,k) are drawn from pi, with or without
 * replacement (MATH.md section 5; Tong et al. 2024, Algorithm 2, where m is the batch the OT plan is
 * solved on and may exceed the batch the loss is averaged over: a larger m brings the minibatch plan
 * closer to the population one, MATH.md section 1). The draw uses only the generator it is given.
 *
 * @param coupling      how the coupling batch is coupled
 * @param couplingBatch m, the rows of noise and of data the plan is solved on, &gt;= 2
 * @param replacement   whether the n pairs are drawn with replacement from pi
 */
public record CouplingSampler(Coupling coupling, int couplingBatch, boolean replacement) {

    /** n noise rows and the n data rows they are paired with (row k with row k). */
    public record CoupledBatch(Tensor noise, Tensor data) {
    }

    public CouplingSampler {
        if (coupling == null) {
            throw new IllegalArgumentException("coupling: expected a Coupling, got null");
        }
        if (couplingBatch < 2) {
            throw new IllegalArgumentException("couplingBatch: expected >= 2, got " + couplingBatch);
        }
    }

    /**
     * Couples z and x (both {@link #couplingBatch()} x d) and draws n pairs from the plan.
     *
     * @throws IllegalArgumentException if the batches are not m x d of one shape, or n is not in [1, m]
     */
    public CoupledBatch pair(Tensor z, Tensor x, int n, RandomGenerator rng) {
        Coupling.checkBatches(z, x);
        if (z.rows() != couplingBatch) {
            throw new IllegalArgumentException("z, x: expected coupling batches of " + couplingBatch + " rows, got "
                    + z.rows());
        }
        if (n < 1 || n > couplingBatch) {
            throw new IllegalArgumentException("n: expected a training batch in [1, " + couplingBatch
                    + "] (the coupling batch), got " + n);
        }
        CouplingPlan.Pairs pairs = coupling.plan(z, x).draw(n, replacement, rng);
        return new CoupledBatch(z.gatherRows(pairs.noise()), x.gatherRows(pairs.data()));
    }

    /** The coupling, the batch and the replacement rule, as recorded in checkpoints. */
    public String describe() {
        return coupling.describe() + ", coupling batch " + couplingBatch + (replacement ? ", with" : ", without")
                + " replacement";
    }
}
