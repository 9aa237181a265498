package dev.otto.theory.jko;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.jko.GaussianJko;
import dev.otto.flows.jko.JkoBlock;
import dev.otto.flows.jko.JkoConfig;
import dev.otto.flows.jko.JkoFlow;
import dev.otto.flows.jko.JkoTrainer;
import dev.otto.ode.Integration;
import dev.otto.theory.StatementCases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;
import org.ejml.data.DMatrixRMaj;

/** Statements of MATH.md section 4 about trained JKO flows (seed paper 1, Lemma C.2, Prop. 5.4). */
class JkoFlowProperties {

    /** A small flow trained for a few steps: blocks that are not the identity, quickly. */
    static JkoFlow smallFlow(int blocks, int width, int iterations, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor data = Tensor.randn(256, 2, rng).mul(Tensor.of(1, 2, 2.0, 0.5)).addScalar(1.0);
        JkoConfig config = JkoConfig.reference().withSteps(JkoConfig.geometricSteps(blocks, 0.5, 1.4))
                .withNetwork(new int[] {width, width}, "softplus(20.0)", false)
                .withTraining(64, iterations, 1e-2).withDiagnosticSamples(64).withSeed(seed);
        return new JkoTrainer(config).train(data).flow();
    }

    static double norm(Tensor a, int row) {
        double s = 0;
        for (int j = 0; j < a.cols(); j++) {
            s += a.get(row, j) * a.get(row, j);
        }
        return Math.sqrt(s);
    }

    /**
     * Seed paper 1, Lemma C.2: the time-1 map of an L-Lipschitz field, and its inverse, are
     * e^L-Lipschitz; with L from the MLP's spectral norms. Checked on the discrete maps actually used
     * (S RK4 steps forward; a 32-step RK4 grid backward), for which it holds exactly because each RK4
     * step is (1 + z + z^2/2 + z^3/6 + z^4/24) <= e^z Lipschitz (MATH.md section 3), so the only
     * tolerance is rounding (1e-9 relative).
     */
    @Property(tries = 10)
    @Tag("ode.step-lipschitz")
    void aTrainedBlockSeparatesPointsByAtMostExpL(@ForAll @IntRange(min = 0, max = 1000) int seed) {
        JkoFlow flow = smallFlow(1, 8, 5, seed);
        JkoBlock block = flow.blocks().get(0);
        double bound = Math.exp(block.fieldLipschitzBound());
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor x = Tensor.randn(40, 2, rng).scale(2);
        Tensor y = x.add(Tensor.randn(40, 2, rng).scale(Math.pow(10, rng.nextDouble(-6, 0))));
        for (boolean forward : new boolean[] {true, false}) {
            Tensor tx = forward ? block.pushTraining(x) : block.integrate(x, false, Integration.rk4(32));
            Tensor ty = forward ? block.pushTraining(y) : block.integrate(y, false, Integration.rk4(32));
            Tensor dOut = tx.sub(ty);
            Tensor dIn = x.sub(y);
            for (int i = 0; i < 40; i++) {
                double ratio = norm(dOut, i) / norm(dIn, i);
                assertTrue(ratio <= bound * (1 + 1e-9), "separation ratio " + ratio + " > e^L = " + bound);
            }
        }
    }

    /**
     * Saving and loading keeps a flow bitwise: the loaded flow gives the same samples for the same
     * seed, the same noise for the same data, and the same log-densities (a file is a complete model).
     */
    @Example
    @Tag("contracts.file-formats")
    void aLoadedFlowIsBitwiseTheSameModel() throws Exception {
        JkoFlow flow = smallFlow(2, 8, 3, 5);
        Path dir = Files.createTempDirectory("jko");
        Path file = dir.resolve("flow.safetensors");
        flow.save(file);
        JkoFlow loaded = JkoFlow.load(file);
        deleteTree(dir);
        assertTrue(flow.sample(50, new SplittableRandom(9)).valueEquals(loaded.sample(50, new SplittableRandom(9))));
        Tensor x = Tensor.randn(20, 2, new SplittableRandom(3));
        assertTrue(flow.toNoise(x).valueEquals(loaded.toNoise(x)));
        assertTrue(flow.logDensity(x).valueEquals(loaded.logDensity(x)));
        assertEquals(flow.config().toMap(), loaded.config().toMap());
    }

    /**
     * Resuming from a checkpoint is the same computation as not stopping: block k's initialisation,
     * minibatches and probes depend only on (seed, k), and the warm start on block k-1's saved
     * parameters, so a run stopped after one block and resumed gives a bitwise identical flow.
     */
    @Example
    @Tag("contracts.checkpoints")
    void resumingFromACheckpointReproducesTheUninterruptedRun() throws Exception {
        SplittableRandom rng = new SplittableRandom(4);
        Tensor data = Tensor.randn(200, 2, rng).addScalar(2.0);
        JkoConfig two = JkoConfig.reference().withSteps(new double[] {0.5, 0.7})
                .withNetwork(new int[] {8, 8}, "softplus(20.0)", false).withTraining(32, 4, 1e-2)
                .withDiagnosticSamples(32);
        JkoFlow straight = new JkoTrainer(two).train(data).flow();
        Path dir = Files.createTempDirectory("jko");
        Path file = dir.resolve("ckpt.safetensors");
        // a run that stops after its first block, with a checkpoint
        new JkoTrainer(two.withSteps(new double[] {0.5})).withCheckpoint(file).train(data);
        JkoFlow partial = JkoFlow.load(file);
        deleteTree(dir);
        JkoFlow resumed = new JkoTrainer(two).resume(partial, data).flow();
        Tensor z = Tensor.randn(30, 2, new SplittableRandom(8));
        assertTrue(straight.fromNoise(z).valueEquals(resumed.fromNoise(z)));
    }

    /**
     * A learned single block on Gaussian data lands near the closed-form step (MATH.md section 4):
     * p_k = N((1.5, -1), diag(0.5, 2)), h = 0.5, exact p_{k+1} = N(m / 1.5, diag(sigma'^2)). With
     * 2000 samples the sampling error of a mean is about 0.03 and of a variance about 0.05, so the
     * learned moments must match within 0.1 and 0.15.
     */
    @Example
    @Tag("jko.learned-step")
    void aLearnedBlockOnGaussianDataLandsNearTheClosedFormStep() {
        SplittableRandom rng = new SplittableRandom(21);
        Tensor x = Tensor.randn(2000, 2, rng).mul(Tensor.of(1, 2, Math.sqrt(0.5), Math.sqrt(2.0)))
                .add(Tensor.of(1, 2, 1.5, -1.0));
        JkoConfig config = JkoConfig.reference().withSteps(new double[] {0.5})
                .withNetwork(new int[] {32, 32}, "softplus(20.0)", false).withTraining(400, 200, 5e-3)
                .withDiagnosticSamples(200);
        JkoBlock block = new JkoTrainer(config).train(x).flow().blocks().get(0);
        Tensor y = block.pushTraining(x);
        DMatrixRMaj s = new DMatrixRMaj(new double[][] {{0.5, 0}, {0, 2.0}});
        GaussianJko.Gaussian exact = GaussianJko.step(new GaussianJko.Gaussian(new double[] {1.5, -1.0}, s), 0.5);
        Tensor mean = y.colMeans();
        Tensor c = y.sub(mean);
        Tensor cov = c.transposeMatmul(c).scale(1.0 / (y.rows() - 1));
        for (int i = 0; i < 2; i++) {
            assertEquals(exact.mean()[i], mean.get(0, i), 0.1, "mean " + i);
            for (int j = 0; j < 2; j++) {
                assertEquals(exact.covariance().get(i, j), cov.get(i, j), 0.15, "covariance " + i + "," + j);
            }
        }
    }

    /** Removes a temporary folder and its files (the examples leave nothing in /tmp). */
    private static void deleteTree(Path dir) throws java.io.IOException {
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    /**
     * Computed reverse chains end within sum_k L^(k-1) delta_k of the exact ones. Cases of the
     * catalogue's one definition ({@code JkoChecks.inversionPropagation}): its generator,
     * predicate, bound and tolerance, the same as {@code otto verify --only
     * jko.inversion-propagation}.
     */
    @Property(tries = 20)
    @Tag("jko.inversion-propagation")
    void inversionErrorsPropagateWithinTheBoundOnCatalogueCases(@ForAll @IntRange(min = 0, max = 999) int index,
                                                                @ForAll long seed) {
        StatementCases.assertHolds("jko.inversion-propagation", index, seed);
    }
}
