package dev.otto.flows.proximal;

import dev.otto.autodiff.Tensor;

/**
 * The two losses one iteration of the W1/W2 proximal trainer descends (MATH.md section 6; seed
 * paper 2, Algorithm 1), assembled from their terms so that the assembly itself can be checked:
 * <ul>
 *   <li>the discriminator's: -(E_gen[g] - E_data[f*(g)]) + mu E_xhat[max(0, |grad g(xhat)|^2 - L^2)]
 *       (the data term in Donsker-Varadhan form for KL, {@link FDivergence#dataTerm}; the penalty
 *       only when mu &gt; 0, {@link GradientPenalty#oneSided});</li>
 *   <li>the generator's: E_gen[g(x_K)] + lambda KE, KE = E sum_k dt |grad phi(x_k, t_k)|^2 / 2
 *       ({@link Rollout#kineticEnergy} or the estimate {@link KineticEnergyEstimate} chooses).</li>
 * </ul>
 * Every tensor is recorded when a scope is open, so the results differentiate in the networks'
 * parameters.
 */
public final class ProximalLosses {

    private ProximalLosses() {
    }

    /** The discriminator's loss with its parts: the variational objective and the penalty (0 when mu = 0). */
    public record DiscriminatorLoss(Tensor loss, Tensor objective, double penalty) {
    }

    /**
     * The discriminator's loss on generated samples x_K, data samples y and interpolates xhat.
     *
     * @param interpolates the points of the gradient penalty; ignored (may be null) when mu = 0
     * @param mu the penalty weight, &gt;= 0
     * @param lipschitz L of the penalty
     */
    public static DiscriminatorLoss discriminator(FDivergence f, Discriminator g, Tensor generated, Tensor data,
                                                  Tensor interpolates, double mu, double lipschitz) {
        Tensor objective = f.objective(g.apply(generated), g.apply(data));
        Tensor loss = objective.neg();
        double penalty = 0;
        if (mu > 0) {
            Tensor gp = GradientPenalty.oneSided(g::apply, interpolates, lipschitz);
            penalty = gp.item();
            loss = loss.add(gp.scale(mu));
        }
        return new DiscriminatorLoss(loss, objective, penalty);
    }

    /**
     * The generator's loss E_gen[g(x_K)] + lambda energy.
     *
     * @param expectedG E_gen[g(x_K)] (1 x 1)
     * @param energy the kinetic-energy term (1 x 1); ignored (may be null) when lambda = 0
     * @param lambda the energy weight, &gt;= 0
     */
    public static Tensor generator(Tensor expectedG, Tensor energy, double lambda) {
        return lambda > 0 ? expectedG.add(energy.scale(lambda)) : expectedG;
    }
}
