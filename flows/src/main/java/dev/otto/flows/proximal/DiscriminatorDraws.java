package dev.otto.flows.proximal;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.data.Sampler;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The samples of the n_D discriminator steps of one training iteration (MATH.md section 6; seed
 * paper 2, Algorithm 1, the inner loop): per step j a data batch y_j, a noise batch z_j and, with a
 * gradient penalty, the interpolation weights s_j ({@link GradientPenalty#weights}), drawn from one
 * generator in the order the steps would draw them one at a time (y_j, z_j, s_j, then step j + 1),
 * so the stream of random numbers is unchanged.
 *
 * <p>The generated batches x_j = x_K(z_j) come from one rollout of the stacked noise (n_D n rows)
 * instead of n_D rollouts of n rows: the generator does not change during the inner loop, and
 * every operation of the rollout computes a row from that row alone by the same sequence of
 * floating-point operations whatever the batch (the products' entries are one fused multiply-add
 * chain over the inner index for any row count and thread split, the activations act entry by
 * entry), so each x_j is bit for bit what its own rollout gives, with 1/n_D of the operations.
 */
final class DiscriminatorDraws {

    /** The draws of one discriminator step; {@code weights} is null without a penalty. */
    record Step(Tensor data, Tensor noise, Tensor weights) {
    }

    private final List<Step> steps;

    private DiscriminatorDraws(List<Step> steps) {
        this.steps = steps;
    }

    /**
     * Draws {@code count} steps of {@code n} rows from {@code rng}.
     *
     * @param penalty whether each step also draws interpolation weights
     */
    static DiscriminatorDraws draw(Sampler data, int n, int count, boolean penalty, RandomGenerator rng) {
        List<Step> steps = new ArrayList<>(count);
        for (int j = 0; j < count; j++) {
            Tensor y = data.sample(n, rng);
            Tensor z = Tensor.randn(n, data.dimension(), rng);
            steps.add(new Step(y, z, penalty ? GradientPenalty.weights(n, rng) : null));
        }
        return new DiscriminatorDraws(List.copyOf(steps));
    }

    List<Step> steps() {
        return steps;
    }

    /**
     * x_K(z_j) for every step j, in step order, from one constant rollout of the stacked noise
     * (see the class documentation).
     */
    List<Tensor> generated(PotentialGenerator generator) {
        List<Tensor> noise = new ArrayList<>(steps.size());
        for (Step s : steps) {
            noise.add(s.noise());
        }
        Tensor all = generator.rollout(Tensor.concatRows(noise)).terminal();
        List<Tensor> out = new ArrayList<>(steps.size());
        for (int j = 0, at = 0; j < steps.size(); j++) {
            int rows = steps.get(j).noise().rows();
            out.add(all.sliceRows(at, at + rows));
            at += rows;
        }
        return out;
    }
}
