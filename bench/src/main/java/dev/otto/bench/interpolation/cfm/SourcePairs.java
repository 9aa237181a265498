package dev.otto.bench.interpolation.cfm;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.interpolation.Coupling;
import dev.otto.flows.interpolation.CouplingSampler;
import dev.otto.flows.interpolation.CouplingSampler.CoupledBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Training pairs (x_0, x_1) for a source that is a data set rather than N(0, I), as a pool the
 * fixed-pairs trainer ({@code InterpolationTrainer.train(flow, noise, data)}) draws its minibatches
 * from uniformly with replacement. A pair drawn from the pool has the law of a pair of the coupling
 * the pool was built with (MATH.md section 5; Tong et al. 2024, Algorithms 1 and 2):
 * <ul>
 *   <li>{@link #independent}: source and target rows drawn independently (I-CFM's product coupling
 *       of the two empirical laws);</li>
 *   <li>{@link #minibatchOt}: one coupling batch of m source and m target rows per training
 *       iteration, each coupled by exact OT and m pairs drawn from the plan with replacement, as
 *       TorchCFM's {@code OTPlanSampler} does (OT-CFM). Drawing uniformly from the union of these
 *       batches draws from the average minibatch plan, the coupling OT-CFM regresses on.</li>
 * </ul>
 */
final class SourcePairs {

    private SourcePairs() {
    }

    /** {@code count} independent pairs of rows of {@code source} and {@code target}. */
    static CoupledBatch independent(Tensor source, Tensor target, int count, RandomGenerator rng) {
        return new CoupledBatch(source.gatherRows(draw(source.rows(), count, rng)),
                target.gatherRows(draw(target.rows(), count, rng)));
    }

    /** {@code batches} x m pairs, each block of m drawn from the exact OT plan of a fresh coupling batch. */
    static CoupledBatch minibatchOt(Tensor source, Tensor target, int batches, int m, RandomGenerator rng) {
        CouplingSampler sampler = new CouplingSampler(Coupling.exactOt(), m, true);
        List<Tensor> noise = new ArrayList<>(batches);
        List<Tensor> data = new ArrayList<>(batches);
        for (int b = 0; b < batches; b++) {
            CoupledBatch batch = independent(source, target, m, rng);
            CoupledBatch paired = sampler.pair(batch.noise(), batch.data(), m, rng);
            noise.add(paired.noise());
            data.add(paired.data());
        }
        return new CoupledBatch(Tensor.concatRows(noise), Tensor.concatRows(data));
    }

    private static int[] draw(int rows, int count, RandomGenerator rng) {
        int[] idx = new int[count];
        for (int i = 0; i < count; i++) {
            idx[i] = rng.nextInt(rows);
        }
        return idx;
    }
}
