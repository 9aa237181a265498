package dev.otto.flows.interpolation;

import dev.otto.autodiff.Gradients;
import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Parameter;
import dev.otto.autodiff.optim.Adam;
import dev.otto.autodiff.random.SplitMix64;
import dev.otto.flows.CheckpointedLoop;
import dev.otto.flows.DivergenceGuard;
import dev.otto.flows.DivergencePolicy;
import dev.otto.flows.Rollback;
import dev.otto.flows.TrainingDivergedException;
import dev.otto.flows.TrainingListener;
import dev.otto.flows.TrainingProgress;
import dev.otto.flows.data.Sampler;
import dev.otto.flows.io.CorruptFileException;
import dev.otto.flows.io.TrainingCheckpoint;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * Simulation-free training of an {@link InterpolationFlow} (MATH.md section 5; seed paper 3's
 * least-squares estimator of the velocity): each iteration draws a minibatch X_1 of n data rows,
 * Z from the flow's {@link Source} (N(0, I) unless {@link InterpolationFlow#withSource} set another;
 * re-paired with the data by {@link Pairing}; or, with {@link #withCoupling}, n pairs drawn from a
 * {@link Coupling}'s plan on a larger coupling batch of m rows of each), t_i ~ U(t_min, 1 - timeEpsilon)
 * per row, and for a noisy {@link ConditionalPath} e ~ N(0, I); forms x_t = a(t) Z + b(t) X_1 +
 * gamma(t) e and the target a'(t) Z + b'(t) X_1 + gamma'(t) e, and takes one Adam step on
 * <pre>
 *   L(theta) = (1/n) sum_i | v_theta(t_i, x_t,i) - u_t,i |^2 .
 * </pre>
 * Its minimiser over all functions is the conditional expectation v(t, x) of MATH.md section 5.
 * The schedule and path are the flow's ({@link InterpolationFlow#path()}), so a saved model always
 * names the path it was trained for. t_min is 0, or timeEpsilon for a path whose target is infinite
 * at t = 0 (the Schrodinger bridge). The bridge draws its pairs from its own entropic plan
 * (eps = 2 sigma^2, on a coupling batch of n rows without replacement unless {@link #withCoupling}
 * gives the same plan on another batch; another coupling is refused). All randomness comes from
 * {@link Config#seed()}: one {@link SplitMix64} generator (the stream of
 * {@code new SplittableRandom(seed)}) draws the data, the source, the pairs, the times and the
 * path noise, in that order, each iteration; a run from N(0, I) along a noise-free path draws
 * exactly what it drew before sources and paths existed.
 *
 * <p>timeEpsilon: for schedules with a'(1) infinite (Follmer, VP) the target's second moment
 * E a'(t)^2 = int t^2 / (1 - t^2) dt diverges (logarithmically) at t = 1, so they must be trained on
 * [0, 1 - timeEpsilon] with timeEpsilon &gt; 0 (the trainer refuses 0); so must the Schrodinger
 * bridge, on [timeEpsilon, 1 - timeEpsilon] (gamma'^2 ~ sigma^2 / (4 t (1 - t))); the linear and
 * trigonometric schedules and the constant-sigma and VP paths have bounded targets and take
 * timeEpsilon = 0.
 *
 * <p>Checkpoints: with {@link #withCheckpoint(Path, int)} the trainer writes its whole state (the
 * network, Adam's moments and step count, the iteration count, the generator state, the losses so
 * far, the settings and the wall time) atomically every N iterations and when it ends or is
 * stopped; {@link #resume} reads it back and continues, and the result (parameters and losses) is
 * bit for bit that of an uninterrupted run. {@link #withStopRequested} lets a caller (a Ctrl-C
 * handler) end the run cleanly after the current iteration.
 *
 * <p>Divergence: a step with a non-finite loss or gradient, or a loss past the ceiling of the
 * {@link DivergencePolicy} ({@link #withDivergencePolicy}; 1000 times the first loss by default), is
 * undone (network and Adam state back to the last good step), the learning rate lowered and the
 * iteration retried with the next minibatch; each rollback is reported to the listener and listed in
 * the {@link Result}. When the retries are used up the trainer throws
 * {@link TrainingDivergedException}; the flow then holds the last good parameters, and the checkpoint
 * on disk stays the last one written after a good iteration.
 *
 * <pre>{@code
 * InterpolationTrainer t = new InterpolationTrainer(Config.defaults(5000, 1)).withCheckpoint(file, 500);
 * Result r = t.train(flow, data);           // interrupted? later, with a fresh flow of the same shape:
 * Result same = t.resume(flow2, data);      // continues from the checkpoint to iteration 5000
 * }</pre>
 */
public final class InterpolationTrainer {

    /** The kind recorded in this trainer's checkpoints. */
    public static final String CHECKPOINT_KIND = "interpolation";


    private final Config config;
    private final TrainingListener listener;
    private final Path checkpoint;
    private final int checkpointEvery;
    private final BooleanSupplier stopRequested;
    private final DivergencePolicy policy;
    private final CouplingSampler coupling;

    /** A trainer with the given options, no listener, no checkpoint, the default divergence policy. */
    public InterpolationTrainer(Config config) {
        this(requireConfig(config), TrainingListener.none(), null, 0, () -> false, DivergencePolicy.defaults(), null);
    }

    private InterpolationTrainer(Config config, TrainingListener listener, Path checkpoint, int checkpointEvery,
                                 BooleanSupplier stopRequested, DivergencePolicy policy, CouplingSampler coupling) {
        this.config = config;
        this.listener = listener;
        this.checkpoint = checkpoint;
        this.checkpointEvery = checkpointEvery;
        this.stopRequested = stopRequested;
        this.policy = policy;
        this.coupling = coupling;
    }

    private static Config requireConfig(Config config) {
        if (config == null) {
            throw new IllegalArgumentException("config: expected a Config, got null");
        }
        return config;
    }

    public Config config() {
        return config;
    }

    /** Reports every iteration to {@code l} (null: to nobody). */
    public InterpolationTrainer withListener(TrainingListener l) {
        return new InterpolationTrainer(config, l == null ? TrainingListener.none() : l, checkpoint, checkpointEvery,
                stopRequested, policy, coupling);
    }

    /**
     * Writes a checkpoint to {@code file} (atomically) every {@code every} iterations, and once more
     * when training completes or stops on request; {@link #resume} reads it.
     */
    public InterpolationTrainer withCheckpoint(Path file, int every) {
        if (file == null) {
            throw new IllegalArgumentException("file: expected a checkpoint path, got null");
        }
        if (every <= 0) {
            throw new IllegalArgumentException("every: expected a positive number of iterations, got " + every);
        }
        return new InterpolationTrainer(config, listener, file, every, stopRequested, policy, coupling);
    }

    /**
     * Asks {@code stop} after every iteration; once it returns true the trainer writes its
     * checkpoint (if it has one) and returns the result so far, whose losses are those of the
     * completed iterations.
     */
    public InterpolationTrainer withStopRequested(BooleanSupplier stop) {
        if (stop == null) {
            throw new IllegalArgumentException("stop: expected a BooleanSupplier, got null");
        }
        return new InterpolationTrainer(config, listener, checkpoint, checkpointEvery, stop, policy, coupling);
    }

    /** What to do on a bad step ({@link DivergencePolicy#defaults()} unless set). */
    public InterpolationTrainer withDivergencePolicy(DivergencePolicy p) {
        if (p == null) {
            throw new IllegalArgumentException("policy: expected a DivergencePolicy, got null");
        }
        return new InterpolationTrainer(config, listener, checkpoint, checkpointEvery, stopRequested, p, coupling);
    }

    /**
     * Draws each iteration's pairs from {@code sampler} instead of {@link Config#pairing()}: a
     * coupling batch of m data rows and m noise rows is coupled and the {@link Config#batchSize()}
     * training pairs are drawn from the plan (MATH.md section 5; see {@link CouplingSampler}).
     *
     * @throws IllegalArgumentException if the coupling batch is smaller than the training batch
     */
    public InterpolationTrainer withCoupling(CouplingSampler sampler) {
        if (sampler == null) {
            throw new IllegalArgumentException("coupling: expected a CouplingSampler, got null");
        }
        if (sampler.couplingBatch() < config.batchSize()) {
            throw new IllegalArgumentException("coupling batch: expected at least the training batch "
                    + config.batchSize() + ", got " + sampler.couplingBatch());
        }
        return new InterpolationTrainer(config, listener, checkpoint, checkpointEvery, stopRequested, policy, sampler);
    }

    /**
     * Training options.
     *
     * @param iterations   number of Adam steps, &gt; 0
     * @param batchSize    minibatch size n, &gt;= 2
     * @param learningRate Adam learning rate (betas 0.9, 0.999, eps 1e-8), &gt; 0
     * @param pairing      INDEPENDENT or EXACT_OT minibatch coupling
     * @param timeEpsilon  t ~ U(0, 1 - timeEpsilon), in [0, 0.5)
     * @param seed         seed of the one generator used for data, noise and times
     */
    public record Config(int iterations, int batchSize, double learningRate, Pairing pairing, double timeEpsilon,
                         long seed) {
        public Config {
            if (iterations <= 0) {
                throw new IllegalArgumentException("iterations: expected > 0, got " + iterations);
            }
            if (batchSize < 2) {
                throw new IllegalArgumentException("batchSize: expected >= 2, got " + batchSize);
            }
            if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
                throw new IllegalArgumentException("learningRate: expected a finite value > 0, got " + learningRate);
            }
            if (pairing == null) {
                throw new IllegalArgumentException("pairing: expected INDEPENDENT or EXACT_OT, got null");
            }
            if (!(timeEpsilon >= 0 && timeEpsilon < 0.5)) {
                throw new IllegalArgumentException("timeEpsilon: expected a value in [0, 0.5), got " + timeEpsilon);
            }
        }

        /** TorchCFM's 2-D recipe: batch 256, Adam lr 1e-3, independent pairing, t ~ U(0, 1). */
        public static Config defaults(int iterations, long seed) {
            return new Config(iterations, 256, 1e-3, Pairing.INDEPENDENT, 0.0, seed);
        }

        public Config withPairing(Pairing p) {
            return new Config(iterations, batchSize, learningRate, p, timeEpsilon, seed);
        }

        public Config withTimeEpsilon(double eps) {
            return new Config(iterations, batchSize, learningRate, pairing, eps, seed);
        }

        public Config withLearningRate(double lr) {
            return new Config(iterations, batchSize, lr, pairing, timeEpsilon, seed);
        }

        public Config withBatchSize(int n) {
            return new Config(iterations, n, learningRate, pairing, timeEpsilon, seed);
        }
    }

    /**
     * The loss of every completed iteration (all {@link Config#iterations()} of them unless the run
     * was stopped on request), the wall time (including the time before a resume) and the rollbacks
     * of bad steps made in this call.
     */
    public record Result(double[] losses, double seconds, List<Rollback> rollbacks) {
        public Result {
            rollbacks = List.copyOf(rollbacks);
        }

        /** The mean loss over the last {@code k} iterations. */
        public double finalLoss(int k) {
            int from = Math.max(0, losses.length - k);
            double s = 0;
            for (int i = from; i < losses.length; i++) {
                s += losses[i];
            }
            return s / (losses.length - from);
        }
    }

    /** Trains on fresh minibatches drawn from {@code data} each iteration. */
    public static Result train(InterpolationFlow flow, Sampler data, Config config, TrainingListener listener) {
        return new InterpolationTrainer(config).withListener(listener).train(flow, data);
    }

    /** Trains on minibatches of rows drawn uniformly with replacement from a fixed data set. */
    public static Result train(InterpolationFlow flow, Tensor dataset, Config config, TrainingListener listener) {
        return new InterpolationTrainer(config).withListener(listener).train(flow, dataset);
    }

    /** Trains {@code flow} on fresh minibatches drawn from {@code data} each iteration. */
    public Result train(InterpolationFlow flow, Sampler data) {
        return run(flow, batches(flow, data), false);
    }

    /** Trains {@code flow} on minibatches of rows drawn uniformly with replacement from a fixed data set. */
    public Result train(InterpolationFlow flow, Tensor dataset) {
        return run(flow, batches(flow, dataset), false);
    }

    /**
     * Continues the run saved in the checkpoint file: loads the network into {@code flow} (which
     * must have the architecture and schedule of the saved run; its current weights are replaced),
     * restores Adam, the generator and the losses, and trains on to {@link Config#iterations()}.
     * The settings must equal the saved run's except the iteration count, which may grow (the result
     * is then that of an uninterrupted run of the new length).
     *
     * @throws IllegalStateException if no checkpoint file was set with {@link #withCheckpoint}
     * @throws IllegalArgumentException naming the file and every setting (or parameter shape) that
     *         differs from the saved run's
     * @throws UncheckedIOException naming the file if it is missing, unreadable or corrupt
     */
    public Result resume(InterpolationFlow flow, Sampler data) {
        return run(flow, batches(flow, data), true);
    }

    /** {@link #resume(InterpolationFlow, Sampler)} for a fixed data set (which must be the saved run's). */
    public Result resume(InterpolationFlow flow, Tensor dataset) {
        return run(flow, batches(flow, dataset), true);
    }

    /** Where minibatches come from, and a description a resumed run must match. */
    private interface Batches {
        Tensor draw(int n, RandomGenerator rng);

        String describe();

        /** n coupled (noise, data) pairs when the source fixes the coupling itself; null otherwise. */
        default CouplingSampler.CoupledBatch drawPairs(int n, RandomGenerator rng) {
            return null;
        }
    }

    /**
     * Trains on fixed (noise, data) pairs: each minibatch takes rows i drawn uniformly with
     * replacement, Z = noise_i and X_1 = data_i, so the coupling is the one the pairs define (reflow,
     * Liu et al. 2023, "Flow straight and fast", Algorithm 1: the pairs (Z, S(Z)) of a trained flow).
     *
     * @throws IllegalArgumentException if the two sets differ in shape, or a pairing or coupling is set
     */
    public Result train(InterpolationFlow flow, Tensor noise, Tensor data) {
        if (flow == null) {
            throw new IllegalArgumentException("flow: expected an InterpolationFlow, got null");
        }
        flow.checkBatch("noise", noise);
        flow.checkBatch("data", data);
        if (noise.rows() != data.rows()) {
            throw new IllegalArgumentException("noise, data: expected as many noise rows as data rows, got "
                    + noise.rows() + " and " + data.rows());
        }
        if (coupling != null || config.pairing() != Pairing.INDEPENDENT) {
            throw new IllegalArgumentException("pairing: fixed pairs bring their own coupling; expected no coupling"
                    + " and pairing INDEPENDENT, got " + (coupling != null ? coupling.describe() : config.pairing()));
        }
        if (flow.path().coupling() != null) {
            throw new IllegalArgumentException("path: fixed pairs bring their own coupling, but path "
                    + flow.path().name() + " prescribes " + flow.path().coupling().describe());
        }
        Batches data1 = batches(flow, data);
        return run(flow, new Batches() {
            @Override
            public Tensor draw(int n, RandomGenerator rng) {
                return data1.draw(n, rng);
            }

            @Override
            public String describe() {
                return "pairs: " + data1.describe();
            }

            @Override
            public CouplingSampler.CoupledBatch drawPairs(int n, RandomGenerator rng) {
                int[] idx = Sampler.rowIndices(data.rows(), n, rng);
                return new CouplingSampler.CoupledBatch(noise.gatherRows(idx), data.gatherRows(idx));
            }
        }, false);
    }

    private static Batches batches(InterpolationFlow flow, Sampler data) {
        if (data == null || data.dimension() != (flow == null ? -1 : flow.dimension())) {
            throw new IllegalArgumentException("data: expected a sampler of dimension "
                    + (flow == null ? "?" : flow.dimension()) + ", got " + (data == null ? "null" : data.dimension()));
        }
        return new Batches() {
            @Override
            public Tensor draw(int n, RandomGenerator rng) {
                return data.sample(n, rng);
            }

            @Override
            public String describe() {
                return "sampler '" + data.name() + "' of dimension " + data.dimension();
            }
        };
    }

    private static Batches batches(InterpolationFlow flow, Tensor dataset) {
        if (flow == null) {
            throw new IllegalArgumentException("flow: expected an InterpolationFlow, got null");
        }
        flow.checkBatch("dataset", dataset);
        return new Batches() {
            @Override
            public Tensor draw(int n, RandomGenerator rng) {
                return dataset.gatherRows(Sampler.rowIndices(dataset.rows(), n, rng));
            }

            @Override
            public String describe() {
                return "data set " + Source.fingerprint(dataset);
            }
        };
    }

    private Result run(InterpolationFlow flow, Batches batches, boolean resume) {
        if (flow == null) {
            throw new IllegalArgumentException("flow: expected an InterpolationFlow, got null");
        }
        TrainingListener report = listener;
        ConditionalPath path = flow.path();
        Source source = flow.source();
        double tMin = path.finiteTargetAt(0) ? 0 : config.timeEpsilon();
        double tMax = 1 - config.timeEpsilon();
        for (double end : new double[] {tMin, tMax}) {
            if (!path.finiteTargetAt(end)) {
                throw new IllegalArgumentException("timeEpsilon: path " + path.name()
                        + " has an infinite target velocity at t = " + end + "; expected timeEpsilon > 0 (e.g. 1e-3),"
                        + " got " + config.timeEpsilon());
            }
        }
        CouplingSampler coupling = couplingFor(path);
        List<Parameter> params = flow.parameters();
        List<Tensor> values = params.stream().map(Parameter::value).toList();
        Adam adam = new Adam(config.learningRate());
        int n = config.batchSize();
        int d = flow.dimension();
        double[] losses = new double[config.iterations()];
        CheckpointedLoop loop = new CheckpointedLoop(CHECKPOINT_KIND, checkpoint, checkpointEvery, config.iterations(),
                stopRequested, checkpoint == null ? null : settings(flow, batches));
        DivergenceGuard guard = new DivergenceGuard(policy, report);
        CheckpointedLoop.Start begin = !resume ? new CheckpointedLoop.Start(0, 0L, 0.0, 0)
                : loop.resume((ck, first) -> {
                    if (first > 0) {
                        double[] saved = ck.requireTensor("losses").toArray();
                        if (saved.length != first) {
                            throw new CorruptFileException(checkpoint.toString(), "holds " + saved.length
                                    + " losses for " + first + " completed iterations");
                        }
                        System.arraycopy(saved, 0, losses, 0, first);
                        guard.withFirstLoss(losses[0]);
                    }
                    ck.restoreOptimizer("adam.", params, adam);
                    ck.loadParameters(params);
                });
        SplitMix64 rng = resume ? SplitMix64.fromState(begin.rngState()) : new SplitMix64(config.seed());
        int first = begin.first();
        double secondsBefore = begin.secondsBefore();
        guard.afterRollbacks(begin.rollbacks()).watch(params, adam);
        long start = System.nanoTime();
        int done = first;
        boolean saved = resume;
        for (int it = first; it < config.iterations(); it++) {
            Tensor x1;
            Tensor z;
            CouplingSampler.CoupledBatch fixed = batches.drawPairs(n, rng);
            if (fixed != null) {
                x1 = fixed.data();
                z = fixed.noise();
            } else if (coupling == null) {
                x1 = batches.draw(n, rng);
                z = config.pairing().pair(source.sample(n, rng), x1);
            } else {
                int m = coupling.couplingBatch();
                Tensor xm = batches.draw(m, rng);
                CouplingSampler.CoupledBatch pairs = coupling.pair(source.sample(m, rng), xm, n, rng);
                x1 = pairs.data();
                z = pairs.noise();
            }
            double[] t = new double[n];
            for (int i = 0; i < n; i++) {
                t[i] = tMin + (tMax - tMin) * rng.nextDouble();
            }
            Tensor noise = path.isDeterministic() ? null : Tensor.randn(n, d, rng);
            double loss = Double.NaN;
            String bad;
            try (Tape.Scope scope = Tape.record()) {
                values = params.stream().map(Parameter::value).toList();
                Tensor l = RegressionLoss.of(flow, path, z, x1, noise, t);
                loss = l.item();
                bad = guard.check(loss, null);
                if (bad == null) {
                    List<Tensor> grads = Gradients.grad(l, values);
                    bad = guard.check(loss, grads);
                    if (bad == null) {
                        guard.remember(); // these parameters passed the checks: a later bad step returns here
                        adam.step(params, grads);
                        bad = guard.checkParameters();
                    }
                }
            } catch (ArithmeticException e) {
                bad = "non-finite value: " + e.getMessage();
            }
            if (bad != null) {
                try {
                    guard.rollBack(0, it, bad);
                } catch (TrainingDivergedException e) {
                    throw new TrainingDivergedException("interpolation training " + e.getMessage()
                            + "; after " + done + " good iterations the flow keeps the last state whose loss and"
                            + " gradients passed the checks", guard.rollbacks(), e);
                }
                it--; // the same iteration again, on the next minibatch
                continue;
            }
            losses[it] = loss;
            done = it + 1;
            report.onProgress(new TrainingProgress(0, 1, it, config.iterations(), Map.of("total", loss),
                    secondsBefore + (System.nanoTime() - start) / 1e9));
            if (loop.afterIteration(done, secondsBefore + (System.nanoTime() - start) / 1e9, rng.state(),
                    guard.rollbackCount(), (ck, k) -> fill(ck, k, losses, params, adam))) {
                break;
            }
        }
        double seconds = secondsBefore + (System.nanoTime() - start) / 1e9;
        loop.finish(done, seconds, rng.state(), guard.rollbackCount(), (ck, k) -> fill(ck, k, losses, params, adam));
        return new Result(done == losses.length ? losses : Arrays.copyOf(losses, done), seconds, guard.rollbacks());
    }

    /**
     * The coupling the run draws its pairs from: the one set with {@link #withCoupling}, or the path's
     * own (the Schrodinger bridge's entropic plan, on a coupling batch of the training batch, drawn
     * without replacement), or none (then {@link Config#pairing()}).
     *
     * @throws IllegalArgumentException if the path prescribes a coupling and another one, or the
     *     EXACT_OT pairing, was set
     */
    private CouplingSampler couplingFor(ConditionalPath path) {
        Coupling own = path.coupling();
        if (own == null) {
            return coupling;
        }
        if (config.pairing() != Pairing.INDEPENDENT) {
            throw new IllegalArgumentException("pairing: path " + path.name() + " couples by " + own.describe()
                    + "; expected pairing INDEPENDENT, got " + config.pairing());
        }
        if (coupling == null) {
            return new CouplingSampler(own, config.batchSize(), false);
        }
        if (!coupling.coupling().describe().equals(own.describe())) {
            throw new IllegalArgumentException("coupling: path " + path.name() + " is the Schrodinger bridge of "
                    + own.describe() + " (eps = 2 sigma^2); expected that coupling or none, got "
                    + coupling.coupling().describe());
        }
        return coupling;
    }

    /** What a resumed run must match: the configuration except the iteration count, the model and the data. */
    private Map<String, String> settings(InterpolationFlow flow, Batches batches) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("batchSize", Integer.toString(config.batchSize()));
        m.put("learningRate", Double.toString(config.learningRate()));
        m.put("pairing", coupling == null ? config.pairing().name() : coupling.describe());
        m.put("timeEpsilon", Double.toString(config.timeEpsilon()));
        m.put("seed", Long.toString(config.seed()));
        m.put("dimension", Integer.toString(flow.dimension()));
        m.put("schedule", flow.schedule().name());
        if (!flow.path().name().equals(flow.schedule().name())) {
            m.put("path", flow.path().name());
        }
        if (!flow.source().isStandardGaussian()) {
            m.put("source", flow.source().describe());
        }
        m.put("network", flow.parameters().stream().map(p -> p.name() + " " + p.value().shape())
                .collect(Collectors.joining(", ")));
        m.put("data", batches.describe());
        return m;
    }

    /** The trainer's part of a checkpoint after {@code done} iterations: the network, Adam and the losses. */
    private static void fill(TrainingCheckpoint ck, int done, double[] losses, List<Parameter> params, Adam adam) {
        ck.putParameters(params).putOptimizer("adam.", params, adam);
        if (done > 0) {
            ck.putTensor("losses", Tensor.wrap(done, 1, Arrays.copyOf(losses, done)));
        }
    }
}
