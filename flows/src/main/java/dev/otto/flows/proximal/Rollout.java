package dev.otto.flows.proximal;

import dev.otto.autodiff.Tensor;
import java.util.List;

/**
 * One forward-Euler rollout of the proximal generator (MATH.md section 6; seed paper 2,
 * Algorithm 1): the states x_0 = z, ..., x_K (each n x d), the grid times t_k = k T / K, and the
 * kinetic energy KE = E sum_k dt |grad phi(x_k, t_k)|^2 / 2 (1 x 1). Recorded rollouts hold tensors
 * on the caller's tape; the others hold constants.
 *
 * @param states x_0 .. x_K
 * @param times t_0 .. t_K
 * @param kineticEnergy E sum_k dt |v_k|^2 / 2
 */
public record Rollout(List<Tensor> states, double[] times, Tensor kineticEnergy) {

    public Rollout {
        states = List.copyOf(states);
        times = times.clone();
    }

    /** x_K. */
    public Tensor terminal() {
        return states.get(states.size() - 1);
    }

    /** K. */
    public int steps() {
        return states.size() - 1;
    }

    @Override
    public double[] times() {
        return times.clone();
    }
}
