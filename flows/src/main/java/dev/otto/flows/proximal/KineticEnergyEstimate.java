package dev.otto.flows.proximal;

import dev.otto.autodiff.Tensor;
import java.util.Locale;

/**
 * Which kinetic energy the generator's loss lambda KE + E_gen[g(x_K)] penalises (MATH.md section 6,
 * eq. (6.3); seed paper 2, eq. (3.1) and Algorithm 1). Both are E sum_k dt |v|^2 / 2 over the K Euler
 * steps; they differ in where v is read and in what the gradient sees.
 */
public enum KineticEnergyEstimate {

    /**
     * The discrete objective itself: |grad phi(x_k, t_k)|^2 at the states the scheme moves from,
     * differentiated through the states, so the gradient also steers the paths towards slower
     * regions of the field. The default.
     */
    PATH {
        @Override
        Tensor of(PotentialGenerator generator, Rollout recorded) {
            return recorded.kineticEnergy();
        }
    },

    /**
     * The authors' code ({@code running_cost} in {@code POT_Flow_GAN.py}, seed_code.md section 3):
     * |grad phi(sg(x_{k+1}), t_k)|^2, the field at the state after the step but at the step's
     * starting time, with the states held fixed (stop-gradient). The gradient only shrinks the field
     * where the samples are; it does not move them. Not the kinetic energy of the path: the indicators
     * still report {@link #PATH}'s value.
     */
    DETACHED_LAGGED {
        @Override
        Tensor of(PotentialGenerator generator, Rollout recorded) {
            return generator.detachedLaggedEnergy(recorded);
        }
    };

    /** The energy term of the generator loss for a rollout recorded on the current tape. */
    abstract Tensor of(PotentialGenerator generator, Rollout recorded);

    /** {@code path} or {@code detached} (the authors'), case-insensitive. */
    public static KineticEnergyEstimate parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "path":
                return PATH;
            case "detached", "authors", "detached_lagged":
                return DETACHED_LAGGED;
            default:
                throw new IllegalArgumentException("energy: expected path or detached (the authors' stop-gradient"
                        + " form), got " + (name == null ? "null" : "'" + name + "'"));
        }
    }
}
