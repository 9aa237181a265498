package dev.otto.flows.interpolation;

import dev.otto.autodiff.Tensor;

/**
 * The least-squares loss the interpolation trainer descends (MATH.md section 5; seed paper 3, the
 * velocity V(t, x) = E[a'(t) Z + b'(t) X_1 | X_t = x] as the minimiser of
 * E |v(t, X_t) - (a'(t) Z + b'(t) X_1)|^2 with X_t = a(t) Z + b(t) X_1; for a {@link ConditionalPath}
 * with noise, x_t = mu_t + gamma(t) e and the target u_t = a' x0 + b' x1 + gamma' e, Tong et al. 2024,
 * eq. (9)): on a batch of pairs (x0_i, x1_i), noise e_i and times t_i,
 * mean_i |v_theta(t_i, x_t,i) - u_t,i|^2. Recorded when a scope is open, so it differentiates in the
 * network's parameters.
 */
public final class RegressionLoss {

    private RegressionLoss() {
    }

    /**
     * The loss of the noise-free interpolant with {@code schedule} on n pairs (rows of z and x1, n x d)
     * at the times t (n entries).
     *
     * @throws IllegalArgumentException if the shapes disagree
     */
    public static Tensor of(InterpolationFlow flow, Schedule schedule, Tensor z, Tensor x1, double[] t) {
        return of(flow, ConditionalPath.interpolant(schedule), z, x1, null, t);
    }

    /**
     * The loss along {@code path} on n pairs (x0, x1), noise e (null for a noise-free path) and times t.
     *
     * @throws IllegalArgumentException if the shapes disagree, or e is missing for a noisy path
     */
    public static Tensor of(InterpolationFlow flow, ConditionalPath path, Tensor x0, Tensor x1, Tensor e,
                            double[] t) {
        ConditionalPath.Batch b = path.at(x0, x1, e, t);
        return flow.velocity(Tensor.wrap(x0.rows(), 1, t), b.xt()).sub(b.target()).square().rowSums().mean();
    }
}
