package dev.otto.flows.loss;

import dev.otto.autodiff.Tensor;

/**
 * The debiased Sinkhorn divergence S_eps(x, y) = OT_eps(x, y) - OT_eps(x, x)/2 - OT_eps(y, y)/2 between
 * two weighted point clouds and its gradients in the points (MATH.md section 1, statements
 * {@code ot.sinkhorn-divergence} and {@code ot.sinkhorn-divergence-gradient}), as computed by
 * {@link SinkhornDivergenceLoss#evaluate}.
 *
 * @param value S_eps(x, y), from the three solves' regularised objectives
 * @param gradX grad_x S_eps (n x d): the (x, y) plan's source side minus half of both sides of the
 *              (x, x) plan
 * @param gradY grad_y S_eps (m x d): the (x, y) plan's target side minus half of both sides of the
 *              (y, y) plan
 * @param converged whether all three solves reached their tolerance (false: one stopped at its
 *                  iteration limit within the accepted error, see {@link SinkhornDivergenceLoss})
 * @param iterations Sinkhorn iterations of the (x, y), (x, x) and (y, y) solves, in that order
 * @param marginalErrors the final L1 marginal errors of the three solves, same order
 */
public record SinkhornDivergenceEvaluation(double value, Tensor gradX, Tensor gradY, boolean converged,
                                           int[] iterations,
                                           double[] marginalErrors) {

    public SinkhornDivergenceEvaluation {
        iterations = iterations.clone();
        marginalErrors = marginalErrors.clone();
    }

    @Override
    public int[] iterations() {
        return iterations.clone();
    }

    @Override
    public double[] marginalErrors() {
        return marginalErrors.clone();
    }
}
