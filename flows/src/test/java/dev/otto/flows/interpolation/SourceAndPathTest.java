package dev.otto.flows.interpolation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Activation;
import dev.otto.autodiff.nn.Parameter;
import dev.otto.flows.data.Datasets;
import dev.otto.flows.data.GaussianMixture;
import dev.otto.ode.Integration;
import dev.otto.ot.internal.Parallel;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sources other than N(0, I) and the noisy conditional paths in the flow, the trainer and the model
 * file (MATH.md section 5, "Sources other than N(0, I)" and "Conditional paths").
 */
class SourceAndPathTest {

    private static InterpolationFlow flow(ConditionalPath path, long seed) {
        return InterpolationFlow.create(2, new int[] {32, 32}, Activation.softplus(), path, Integration.rk4(16),
                new SplittableRandom(seed));
    }

    /** A zero network: the flow map is the identity, so sampling shows where x_0 comes from. */
    private static void silence(InterpolationFlow f) {
        for (Parameter p : f.parameters()) {
            p.set(Tensor.zeros(p.value().rows(), p.value().cols()));
        }
    }

    @Test
    void samplingStartsFromTheSource() {
        Source cloud = Source.rows("cloud", Tensor.randn(30, 2, new SplittableRandom(1)).addScalar(7));
        InterpolationFlow f = flow(ConditionalPath.constantSigma(0.1), 2).withSource(cloud);
        silence(f);
        Tensor samples = f.sample(50, new SplittableRandom(4));
        assertArrayEquals(cloud.sample(50, new SplittableRandom(4)).toArray(), samples.toArray(), 1e-12);
        // the default source is N(0, I), drawn as Tensor.randn: the samples of earlier versions
        InterpolationFlow g = flow(ConditionalPath.interpolant(Schedule.linear()), 2);
        silence(g);
        assertArrayEquals(Tensor.randn(50, 2, new SplittableRandom(4)).toArray(),
                g.sample(50, new SplittableRandom(4)).toArray(), 1e-12);
    }

    @Test
    void theDensityComesFromTheSourceOrIsRefused() {
        InterpolationFlow rows = flow(ConditionalPath.interpolant(Schedule.linear()), 2)
                .withSource(Source.dataset("moons"));
        assertFalse(rows.hasDensity());
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> rows.logDensity(Tensor.zeros(3, 2)));
        assertTrue(e.getMessage().contains("source 'moons'"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> rows.sampleWithLogDensity(3, new SplittableRandom(1)));

        GaussianMixture mixture = GaussianMixture.isotropic(new double[] {0.4, 0.6},
                new double[][] {{-2, 0}, {1, 1}}, 0.7);
        InterpolationFlow withDensity = flow(ConditionalPath.interpolant(Schedule.linear()), 3)
                .withSource(Source.of(mixture));
        silence(withDensity); // identity map: log p = log p_0
        Tensor x = mixture.sample(20, new SplittableRandom(5));
        assertArrayEquals(mixture.logDensity(x).toArray(), withDensity.logDensity(x).toArray(), 1e-12);
        assertArrayEquals(mixture.logDensity(x).toArray(),
                withDensity.sampleWithLogDensity(20, new SplittableRandom(5)).logDensity().toArray(), 1e-12);
    }

    @Test
    void schedulesWithInfiniteAPrimeAtOneRefuseOtherSources() {
        Source moons = Source.dataset("moons");
        for (Schedule s : new Schedule[] {Schedule.follmer(), Schedule.variancePreserving(2)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> flow(ConditionalPath.interpolant(s), 1).withSource(moons));
            assertTrue(e.getMessage().startsWith("source: schedule " + s.name()) && e.getMessage().contains("N(0, I)"),
                    e.getMessage());
        }
        flow(ConditionalPath.interpolant(Schedule.trigonometric()), 1).withSource(moons);
        flow(ConditionalPath.variancePreserving(0.1), 1).withSource(moons);
        assertThrows(IllegalArgumentException.class, () -> flow(ConditionalPath.schrodingerBridge(0.5), 1)
                .withSource(Source.standardGaussian(3)));
    }

    @Test
    void theBridgeNeedsATimeEpsilonAndItsOwnCoupling() {
        InterpolationFlow f = flow(ConditionalPath.schrodingerBridge(0.5), 1);
        var config = InterpolationTrainer.Config.defaults(2, 1).withBatchSize(16);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new InterpolationTrainer(config).train(f, Datasets.byName("moons")));
        assertTrue(e.getMessage().startsWith("timeEpsilon: path schrodinger-bridge:0.5 has an infinite target"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new InterpolationTrainer(config.withTimeEpsilon(1e-3))
                .withCoupling(new CouplingSampler(Coupling.exactOt(), 16, false)).train(f, Datasets.byName("moons")));
        assertTrue(e.getMessage().startsWith("coupling: path schrodinger-bridge:0.5"), e.getMessage());
        // the same plan, given explicitly on a larger coupling batch, is accepted
        new InterpolationTrainer(config.withTimeEpsilon(1e-3))
                .withCoupling(new CouplingSampler(Coupling.entropic(0.5), 32, true)).train(f, Datasets.byName("moons"));
    }

    /** The bridge's entropic plan and the noise draws give bitwise the same run on one thread or many. */
    @Test
    void bridgeTrainingDoesNotDependOnTheThreadCount() {
        var config = InterpolationTrainer.Config.defaults(2, 7).withBatchSize(400).withTimeEpsilon(1e-3);
        Source moons = Source.dataset("moons");
        boolean before = Parallel.isEnabled();
        double[][] losses = new double[2][];
        double[][] weights = new double[2][];
        try {
            for (int r = 0; r < 2; r++) {
                Parallel.setEnabled(r == 0);
                InterpolationFlow f = flow(ConditionalPath.schrodingerBridge(1.0), 5).withSource(moons);
                losses[r] = new InterpolationTrainer(config).train(f, Datasets.byName("8gaussians")).losses();
                weights[r] = f.parameters().get(0).value().toArray();
            }
        } finally {
            Parallel.setEnabled(before);
        }
        assertArrayEquals(losses[0], losses[1], 0.0);
        assertArrayEquals(weights[0], weights[1], 0.0);
    }

    /**
     * A Gaussian blob at (-3, 0) carried to one at (3, 0) along each noisy path from a data-set source:
     * the sample mean lands within 0.3 of (3, 0) (the start is 6 away; measured errors 0.02-0.08).
     */
    @Test
    void trainedFlowsCarryTheSourceToTheTarget() {
        GaussianMixture target = GaussianMixture.isotropic(new double[] {1}, new double[][] {{3, 0}}, 0.5);
        Source source = Source.rows("blob", GaussianMixture.isotropic(new double[] {1}, new double[][] {{-3, 0}}, 0.5)
                .sample(2000, new SplittableRandom(8)));
        var config = InterpolationTrainer.Config.defaults(400, 3).withBatchSize(128).withLearningRate(3e-3)
                .withTimeEpsilon(1e-3);
        for (ConditionalPath p : new ConditionalPath[] {ConditionalPath.constantSigma(0.1),
                ConditionalPath.schrodingerBridge(0.3), ConditionalPath.variancePreserving(0.1)}) {
            InterpolationFlow f = flow(p, 6).withSource(source);
            new InterpolationTrainer(config).train(f, target);
            Tensor x = f.sample(1000, new SplittableRandom(9));
            double mx = x.sliceCols(0, 1).mean().item();
            double my = x.sliceCols(1, 2).mean().item();
            System.out.printf("%s: sample mean (%.4f, %.4f)%n", p.name(), mx, my);
            assertEquals(3.0, mx, 0.3, p.name());
            assertEquals(0.0, my, 0.3, p.name());
        }
    }

    @Test
    void aModelFileKeepsItsPathAndSource(@TempDir Path dir) throws Exception {
        Source cloud = Source.rows("cloud.npy", Tensor.randn(25, 2, new SplittableRandom(3)).scale(2));
        for (InterpolationFlow f : new InterpolationFlow[] {
                flow(ConditionalPath.schrodingerBridge(0.25), 1).withSource(cloud),
                flow(ConditionalPath.variancePreserving(0.1), 1).withSource(Source.dataset("moons")),
                flow(ConditionalPath.interpolant(Schedule.follmer()), 1)}) {
            Path file = dir.resolve("m.safetensors");
            f.save(file);
            InterpolationFlow back = InterpolationFlow.load(file, Integration.rk4(16));
            assertEquals(f.path().name(), back.path().name());
            assertEquals(f.source().describe(), back.source().describe());
            assertArrayEquals(f.sample(10, new SplittableRandom(2)).toArray(),
                    back.sample(10, new SplittableRandom(2)).toArray(), 0.0);
        }
        InterpolationFlow custom = flow(ConditionalPath.constantSigma(0.1), 1)
                .withSource(Source.of(Datasets.byName("moons")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> custom.save(dir.resolve("c.safetensors")));
        assertTrue(e.getMessage().startsWith("source: expected N(0, I), a built-in data set or a data set of rows"),
                e.getMessage());
    }
}
