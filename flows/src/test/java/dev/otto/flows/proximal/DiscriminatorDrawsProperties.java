package dev.otto.flows.proximal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Activation;
import dev.otto.autodiff.random.SplitMix64;
import dev.otto.flows.data.Datasets;
import dev.otto.flows.data.Sampler;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link DiscriminatorDraws}: the discriminator steps' generated batches from one rollout of the
 * stacked noise are bit for bit the rollouts of each step's noise alone (MATH.md section 6, seed
 * paper 2, Algorithm 1: the generator is fixed in the inner loop, and each row of a rollout depends
 * on its own noise only), and the draws consume the random stream in the order the steps would:
 * y_j, z_j, s_j, step after step. No tolerance: equality of bits is the statement.
 */
class DiscriminatorDrawsProperties {

    @Property(tries = 12)
    void oneStackedRolloutEqualsOneRolloutPerStepBitForBit(@ForAll @IntRange(min = 1, max = 70) int n,
                                                          @ForAll @IntRange(min = 1, max = 5) int steps,
                                                          @ForAll @IntRange(min = 1, max = 48) int width,
                                                          @ForAll long seed) {
        Sampler data = Datasets.byName("pinwheel");
        PotentialGenerator gen = new ProximalFlow(ProximalFlow.newPotential(2, new int[] {width, width},
                Activation.tanh(), seed), 1.0, 1.0, 3).generator();
        DiscriminatorDraws draws = DiscriminatorDraws.draw(data, n, steps, true, new SplitMix64(seed));
        List<Tensor> stacked = draws.generated(gen);
        SplitMix64 rng = new SplitMix64(seed);
        for (int j = 0; j < steps; j++) {
            Tensor y = data.sample(n, rng);
            Tensor z = Tensor.randn(n, 2, rng);
            Tensor s = GradientPenalty.weights(n, rng);
            DiscriminatorDraws.Step step = draws.steps().get(j);
            assertArrayEquals(y.toArray(), step.data().toArray(), "data of step " + j);
            assertArrayEquals(z.toArray(), step.noise().toArray(), "noise of step " + j);
            assertArrayEquals(s.toArray(), step.weights().toArray(), "weights of step " + j);
            assertArrayEquals(gen.rollout(z).terminal().toArray(), stacked.get(j).toArray(),
                    "x_K of step " + j + " from the stacked rollout");
        }
        assertEquals(steps, stacked.size());
    }
}
