package dev.otto.flows.proximal;

import dev.otto.autodiff.Gradients;
import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Activation;
import dev.otto.autodiff.nn.Initialisation;
import dev.otto.autodiff.nn.Mlp;
import dev.otto.autodiff.nn.Parameter;
import dev.otto.autodiff.optim.Adam;
import dev.otto.autodiff.optim.LearningRateSchedule;
import dev.otto.autodiff.random.SplitMix64;
import dev.otto.flows.CheckpointedLoop;
import dev.otto.flows.DivergenceGuard;
import dev.otto.flows.DivergencePolicy;
import dev.otto.flows.Rollback;
import dev.otto.flows.TrainingDivergedException;
import dev.otto.flows.TrainingListener;
import dev.otto.flows.TrainingProgress;
import dev.otto.flows.data.Sampler;
import dev.otto.flows.io.TrainingCheckpoint;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Trains a W1/W2 proximal generative flow (MATH.md section 6; seed paper 2, Algorithm 1).
 * Each iteration makes n_D Adam ascent steps of the discriminator on
 * E_gen[g] - E_data[f*(g)] - mu E_xhat[max(0, |grad g(xhat)|^2 - L^2)] (the data term in
 * Donsker-Varadhan form for KL; fresh data, noise and interpolates each step), then one Adam
 * descent step of the generator on lambda KE + E_gen[g(x_K)], differentiated through all K Euler
 * steps and through grad phi (double backward). lambda and mu are switched on by the
 * {@link ProximalCase}.
 *
 * <p>Progress: every iteration is reported to the listener as a {@link TrainingProgress} with the
 * loss parts "D objective" (E_gen g - data term), "GP", "KE", "E_gen g", "G loss" and the latest
 * indicators "HJ", "terminal", "straightness", "K/2K gap" (evaluated every
 * {@code indicatorEvery} iterations on a fixed noise batch, NaN before the first evaluation).
 *
 * <p>Divergence: after every step the loss, the gradients and the new parameters are checked;
 * a non-finite value (or a {@link ArithmeticException} from the tape's anomaly mode), or a
 * discriminator objective above the ceiling ({@link #withObjectiveCeiling}), is a bad iteration.
 * The shared {@link DivergencePolicy} ({@link #withDivergencePolicy}) rolls both networks, both Adam
 * states and the weight average back to the start of that iteration, lowers both learning rates and
 * retries it with fresh samples, reporting each {@link Rollback} to the listener and in the result;
 * once its retries are used up training stops cleanly with the last good state, and the result says
 * diverged = true with the reason and iteration. Nothing non-finite is ever returned or saved.
 * The ceiling exists because the objective of an unpenalised divergence between mutually singular
 * measures (the W2-only and unregularised cases on manifold data) grows
 * without bound, yet in double precision and the log-sum-exp form it stays finite for thousands
 * of iterations; the default ceiling {@value #DEFAULT_OBJECTIVE_CEILING} is ln(Float.MAX_VALUE),
 * where exp(g) overflows in single precision, the point at which the authors' code (float32,
 * plain log E e^g) turns NaN, which is what seed paper 2 reports as divergence. A penalised
 * objective is at most L W1(P, Q) (MATH.md section 6), far below it on data of moderate scale.
 *
 * <p>Monitoring: {@link #withMonitor} hands the current flow to a callback every N iterations
 * (to measure sample quality during a long run; the callback must not change the flow).
 *
 * <p>Randomness: the networks are initialised from the seed (Glorot normal with zero biases, as in
 * the authors' code, unless {@link #withInitialisation} says otherwise), and one {@link SplitMix64} generator
 * (the stream of {@code new SplittableRandom(seed ^ 0x9E3779B97F4A7C15)}) draws all data, noise and
 * interpolates; the indicators use a fixed noise batch drawn from {@code seed + 17}. The n_D
 * discriminator steps' samples are drawn before the first step, in the order the steps use them,
 * and their generated batches come from one rollout of the stacked noise
 * ({@code DiscriminatorDraws}: the same bits as one rollout per step); so an iteration that fails
 * has drawn all of its steps' samples, and its retry starts after them.
 *
 * <p>Checkpoints: with {@link #withCheckpoint(Path, int)} the trainer writes both networks, both
 * Adam states, the iteration count, the generator state, the last loss parts and indicators, the
 * settings and the wall time atomically every N iterations and when the run completes or stops on
 * request; {@link #resume} continues from it, and the result is bit for bit that of an
 * uninterrupted run. A diverged iteration writes nothing: the last checkpoint, taken after a
 * finite iteration, stays (resuming from it diverges again at the same iteration).
 * {@link #withStopRequested} ends a run cleanly after the current iteration.
 *
 * <pre>{@code
 * ProximalTrainer t = new ProximalTrainer(ProximalConfig.forDimension(2)).withCheckpoint(file, 200);
 * ProximalResult r = t.train(Datasets.byName("pinwheel"), null);     // interrupted? then later:
 * ProximalResult same = t.resume(Datasets.byName("pinwheel"), null); // continues to config.iterations()
 * }</pre>
 */
public final class ProximalTrainer {

    /** The kind recorded in this trainer's checkpoints. */
    public static final String CHECKPOINT_KIND = "proximal";

    /** ln(Float.MAX_VALUE): the default ceiling of the discriminator objective (see the class documentation). */
    public static final double DEFAULT_OBJECTIVE_CEILING = 88.72283905206835;

    /** Checkpoint tensor-name prefix of the generator's weight average. */
    private static final String AVERAGE_PREFIX = "average.";

    private static final String[] PARTS = {"D objective", "GP", "KE", "E_gen g", "G loss", "HJ", "terminal",
        "straightness", "K/2K gap"};

    private final ProximalConfig config;
    private final Options options;
    private final Path checkpoint;
    private final int checkpointEvery;
    private final BooleanSupplier stopRequested;
    private final double objectiveCeiling;
    private final int monitorEvery;
    private final Consumer<ProximalFlow> monitor;
    private final double averaging;
    private final KineticEnergyEstimate energy;
    private final Initialisation init;
    private final double decayTo;

    public ProximalTrainer(ProximalConfig config) {
        this(requireConfig(config), new Options());
    }

    private ProximalTrainer(ProximalConfig config, Options o) {
        this.config = config;
        this.options = o;
        this.checkpoint = o.checkpoint;
        this.checkpointEvery = o.checkpointEvery;
        this.stopRequested = o.stopRequested;
        this.objectiveCeiling = o.objectiveCeiling;
        this.monitorEvery = o.monitorEvery;
        this.monitor = o.monitor;
        this.averaging = o.averaging;
        this.energy = o.energy;
        this.init = o.init;
        this.decayTo = o.decayTo;
    }

    /** The trainer's options besides the configuration; each with* method changes a copy. */
    private static final class Options implements Cloneable {
        Path checkpoint;
        int checkpointEvery;
        BooleanSupplier stopRequested = () -> false;
        double objectiveCeiling = DEFAULT_OBJECTIVE_CEILING;
        int monitorEvery;
        Consumer<ProximalFlow> monitor;
        double averaging;
        KineticEnergyEstimate energy = KineticEnergyEstimate.PATH;
        Initialisation init = Initialisation.GLOROT_NORMAL;
        double decayTo = 1.0;
        DivergencePolicy policy = DivergencePolicy.defaults();

        Options copy() {
            try {
                return (Options) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** A trainer with the same configuration and the options changed by {@code change}. */
    private ProximalTrainer with(Consumer<Options> change) {
        Options o = options.copy();
        change.accept(o);
        return new ProximalTrainer(config, o);
    }

    private static ProximalConfig requireConfig(ProximalConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config: expected a ProximalConfig, got null");
        }
        return config;
    }

    public ProximalConfig config() {
        return config;
    }

    /**
     * Writes a checkpoint to {@code file} (atomically) every {@code every} iterations, and once more
     * when training completes or stops on request (never after a divergence); {@link #resume} reads it.
     */
    public ProximalTrainer withCheckpoint(Path file, int every) {
        if (file == null) {
            throw new IllegalArgumentException("file: expected a checkpoint path, got null");
        }
        if (every <= 0) {
            throw new IllegalArgumentException("every: expected a positive number of iterations, got " + every);
        }
        return with(o -> {
            o.checkpoint = file;
            o.checkpointEvery = every;
        });
    }

    /**
     * Asks {@code stop} after every iteration; once it returns true the trainer writes its
     * checkpoint (if it has one) and returns, with diverged = false and a reason that says it was stopped.
     */
    public ProximalTrainer withStopRequested(BooleanSupplier stop) {
        if (stop == null) {
            throw new IllegalArgumentException("stop: expected a BooleanSupplier, got null");
        }
        return with(o -> o.stopRequested = stop);
    }

    /**
     * Stops the run as diverged when the discriminator objective exceeds {@code ceiling}
     * (default {@value #DEFAULT_OBJECTIVE_CEILING}; {@code Double.POSITIVE_INFINITY} stops only on
     * non-finite values).
     */
    public ProximalTrainer withObjectiveCeiling(double ceiling) {
        if (!(ceiling > 0)) {
            throw new IllegalArgumentException("ceiling: expected a value > 0 (or infinity), got " + ceiling);
        }
        return with(o -> o.objectiveCeiling = ceiling);
    }

    /**
     * Calls {@code monitor} with the current flow after every {@code every}-th iteration and after
     * the last one (the flow is the trainer's own: read it, sample from it, do not train it).
     */
    public ProximalTrainer withMonitor(int every, Consumer<ProximalFlow> monitor) {
        if (every <= 0) {
            throw new IllegalArgumentException("every: expected a positive number of iterations, got " + every);
        }
        if (monitor == null) {
            throw new IllegalArgumentException("monitor: expected a callback, got null");
        }
        return with(o -> {
            o.monitorEvery = every;
            o.monitor = monitor;
        });
    }

    /**
     * Returns the exponential moving average of the potential's weights instead of the last ones:
     * after every generator step, avg = decay avg + (1 - decay) theta (avg starts at the initial
     * weights). Training itself is unchanged (the discriminator plays against the current weights);
     * only the returned flow, the monitor's flow and the final indicators use the average. Adversarial
     * training oscillates around its equilibrium, and the average of the iterates sits closer to it
     * (Yazici et al., "The unusual effectiveness of averaging in GAN training", ICLR 2019). Not part of
     * seed paper 2's algorithm: off (decay 0) unless asked for. The average is checkpointed, so a
     * resumed run still ends bit for bit where an uninterrupted one does.
     *
     * @param decay in [0, 1); 0 switches averaging off
     */
    public ProximalTrainer withGeneratorAveraging(double decay) {
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("decay: expected a value in [0, 1), got " + decay);
        }
        return with(o -> o.averaging = decay);
    }

    /**
     * Which kinetic energy the generator's loss penalises: {@link KineticEnergyEstimate#PATH} (the
     * default, the discrete objective) or {@link KineticEnergyEstimate#DETACHED_LAGGED} (the authors'
     * stop-gradient form, to reproduce their training). The logged "KE" is always the path's energy.
     */
    public ProximalTrainer withKineticEnergy(KineticEnergyEstimate estimate) {
        if (estimate == null) {
            throw new IllegalArgumentException("estimate: expected a KineticEnergyEstimate, got null");
        }
        return with(o -> o.energy = estimate);
    }

    /**
     * How both networks draw their initial weights: {@link Initialisation#GLOROT_NORMAL} (the
     * default: the authors' TensorFlow code's) or {@link Initialisation#UNIFORM_FAN_IN} (PyTorch's,
     * the default of Otto's other trainers). The choice matters: on
     * the pinwheel in R^7 and R^12 (25000 iterations, seed 0) Glorot reached S_eps 0.017 and 0.030
     * where the uniform draw, whose weights are 1.7x (hidden) to 2.4x (output) smaller, reached 0.142
     * and 0.136 (bench/results/proximal.md). Only a fresh run draws weights: a resumed run loads them.
     */
    public ProximalTrainer withInitialisation(Initialisation initialisation) {
        if (initialisation == null) {
            throw new IllegalArgumentException("initialisation: expected an Initialisation, got null");
        }
        return with(o -> o.init = initialisation);
    }

    /**
     * Anneals both learning rates from their configured values to {@code finalFraction} times them
     * by a cosine over the run (the generator's over {@code iterations} steps, the discriminator's
     * over {@code iterations * n_D}; {@link LearningRateSchedule#cosine}). The game's iterates then
     * settle instead of circling the equilibrium at a constant step. Not part of seed paper 2's
     * algorithm: off (1) unless asked for. A resumed run must keep the iteration count, since the
     * schedule depends on it.
     *
     * @param finalFraction in [0, 1]; 1 switches the decay off
     */
    public ProximalTrainer withLearningRateDecay(double finalFraction) {
        if (!(finalFraction >= 0 && finalFraction <= 1)) {
            throw new IllegalArgumentException("finalFraction: expected a value in [0, 1], got " + finalFraction);
        }
        return with(o -> o.decayTo = finalFraction);
    }

    /** What to do on a bad iteration ({@link DivergencePolicy#defaults()} unless set; its explosion factor is not used). */
    public ProximalTrainer withDivergencePolicy(DivergencePolicy policy) {
        if (policy == null) {
            throw new IllegalArgumentException("policy: expected a DivergencePolicy, got null");
        }
        return with(o -> o.policy = policy);
    }

    /** Trains on samples of {@code data} (its dimension sets d). */
    public ProximalResult train(Sampler data, TrainingListener listener) {
        return run(data, listener, false);
    }

    /**
     * Continues the run saved in the checkpoint file on the same data: restores both networks, both
     * Adam states, the generator, the loss parts and indicators, and trains on to
     * {@link ProximalConfig#iterations()}. The settings must equal the saved run's except the
     * iteration count, which may grow.
     *
     * @throws IllegalStateException if no checkpoint file was set with {@link #withCheckpoint}
     * @throws IllegalArgumentException naming the file and every setting that differs from the saved run's
     * @throws UncheckedIOException naming the file if it is missing, unreadable or corrupt
     */
    public ProximalResult resume(Sampler data, TrainingListener listener) {
        return run(data, listener, true);
    }

    private ProximalResult run(Sampler data, TrainingListener listener, boolean resume) {
        if (data == null) {
            throw new IllegalArgumentException("data: expected a Sampler, got null");
        }
        TrainingListener out = listener == null ? TrainingListener.none() : listener;
        int d = data.dimension();
        SplitMix64 weights = new SplitMix64(config.seed());
        Mlp phiNet = Mlp.builder(d).hidden(config.potentialHidden()).output(1).activation(Activation.tanh())
                .timeInput(true).initialisation(init).name("phi").build(weights);
        Discriminator g = Discriminator.create(d, config.discriminatorHidden(), Activation.relu(), config.divergence(),
                init, weights);
        ProximalFlow flow = new ProximalFlow(phiNet, config.potentialScale(), config.horizon(), config.steps());
        PotentialGenerator gen = flow.generator();
        // the average has the trained network's parameter names, so it saves and loads as any flow
        ProximalFlow averaged = averaging > 0 ? copy(flow) : flow;
        List<Parameter> pAvg = averaged.parameters();
        Tensor indicatorNoise = Tensor.randn(config.batch(), d, new SplitMix64(config.seed() + 17));
        Adam adamD = adam(config.discriminatorLearningRate(), config.iterations() * config.discriminatorSteps());
        Adam adamG = adam(config.generatorLearningRate(), config.iterations());
        List<Parameter> pD = g.parameters();
        List<Parameter> pG = phiNet.parameters();
        double lambda = config.effectiveLambda();
        double mu = config.effectiveMu();
        int n = config.batch();

        Map<String, Double> parts = new LinkedHashMap<>();
        for (String k : PARTS) {
            parts.put(k, Double.NaN);
        }
        CheckpointedLoop loop = new CheckpointedLoop(CHECKPOINT_KIND, checkpoint, checkpointEvery, config.iterations(),
                stopRequested, checkpoint == null ? null : settings(data));
        DivergenceGuard guard = new DivergenceGuard(options.policy, out);
        CheckpointedLoop.Start begin = !resume ? new CheckpointedLoop.Start(0, 0L, 0.0, 0)
                : loop.resume((ck, done) -> {
                    for (String k : PARTS) {
                        parts.put(k, ck.requireDouble("part." + k));
                    }
                    ck.restoreOptimizer("adamD.", pD, adamD);
                    ck.restoreOptimizer("adamG.", pG, adamG);
                    ck.loadParameters(pD);
                    ck.loadParameters(pG);
                    for (Parameter p : averaging > 0 ? pAvg : List.<Parameter>of()) {
                        p.set(ck.requireTensor(AVERAGE_PREFIX + p.name()));
                    }
                });
        SplitMix64 rng = resume ? SplitMix64.fromState(begin.rngState())
                : new SplitMix64(config.seed() ^ 0x9E3779B97F4A7C15L);
        int first = begin.first();
        double secondsBefore = begin.secondsBefore();
        guard.afterRollbacks(begin.rollbacks());
        guard.watch(pD, adamD).watch(pG, adamG);
        if (averaging > 0) {
            guard.watch(pAvg, null);
        }
        long start = System.nanoTime();
        String reason = "completed";
        boolean diverged = false;
        int done = first;
        for (int it = first; it < config.iterations(); it++) {
            String failure;
            try {
                failure = iteration(it, data, g, gen, pD, pG, adamD, adamG, lambda, mu, n, rng, parts);
            } catch (ArithmeticException e) {
                failure = "non-finite value at iteration " + it + ": " + e.getMessage();
            }
            if (failure == null && averaging > 0) {
                average(pAvg, pG, averaging);
            }
            if (failure != null) {
                try {
                    guard.rollBack(0, it, failure);
                } catch (TrainingDivergedException e) {
                    diverged = true;
                    reason = failure + (guard.rollbackCount() == 0 ? "" : " (after " + guard.rollbackCount()
                            + " rollbacks)");
                    break;
                }
                it--; // the same iteration again, with fresh samples
                continue;
            }
            guard.remember();
            done = it + 1;
            if (it % config.indicatorEvery() == 0 || it == config.iterations() - 1) {
                Indicators ind = Indicators.evaluate(gen, g, lambda, indicatorNoise);
                parts.put("HJ", ind.hamiltonJacobi());
                parts.put("terminal", ind.terminal());
                parts.put("straightness", ind.straightness());
                parts.put("K/2K gap", ind.discretisationGap());
            }
            out.onProgress(new TrainingProgress(0, 1, it, config.iterations(), parts,
                    secondsBefore + seconds(start)));
            if (monitor != null && (done % monitorEvery == 0 || done == config.iterations())) {
                monitor.accept(averaged);
            }
            if (loop.afterIteration(done, secondsBefore + seconds(start), rng.state(), guard.rollbackCount(),
                    (ck, k) -> fill(ck, pD, pG, pAvg, adamD, adamG, parts))) {
                reason = "stopped on request after " + done + " of " + config.iterations() + " iterations";
                break;
            }
        }
        double elapsed = secondsBefore + seconds(start);
        if (!diverged) {
            loop.finish(done, elapsed, rng.state(), guard.rollbackCount(),
                    (ck, k) -> fill(ck, pD, pG, pAvg, adamD, adamG, parts));
        }
        Indicators fin = Indicators.evaluate(averaged.generator(), g, lambda, indicatorNoise);
        return new ProximalResult(averaged, g, diverged, reason, done, fin, Collections.unmodifiableMap(withoutNull(parts)),
                elapsed, guard.rollbacks());
    }

    /** Adam(beta1, beta2) at a constant rate, or cosine-annealed over {@code steps} with the decay on. */
    private Adam adam(double lr, int steps) {
        LearningRateSchedule schedule = decayTo < 1 && steps > 0
                ? LearningRateSchedule.cosine(lr, steps, decayTo * lr) : LearningRateSchedule.constant(lr);
        return new Adam(schedule, config.beta1(), config.beta2(), 1e-8, 0.0, false);
    }

    /**
     * What a resumed run must match: every setting except the iteration count (unless the learning
     * rates decay over it), and the data.
     */
    private Map<String, String> settings(Sampler data) {
        Map<String, String> m = new LinkedHashMap<>();
        config.describe().forEach((k, v) -> m.put(k, String.valueOf(v)));
        m.remove("iterations");
        m.put("beta1", Double.toString(config.beta1()));
        m.put("beta2", Double.toString(config.beta2()));
        m.put("indicatorEvery", Integer.toString(config.indicatorEvery()));
        m.put("generatorAveraging", Double.toString(averaging));
        if (decayTo < 1) {
            m.put("learningRateDecay", Double.toString(decayTo));
            m.put("decayIterations", Integer.toString(config.iterations()));
        }
        if (energy != KineticEnergyEstimate.PATH) {
            m.put("kineticEnergy", energy.name()); // absent for the default: older checkpoints still resume
        }
        m.put("dimension", Integer.toString(data.dimension()));
        m.put("data", data.name());
        return m;
    }

    /**
     * The trainer's part of a checkpoint: both networks, both Adam states, the loss parts and the
     * weight average. It is only written after an iteration that passed every finiteness check, and
     * {@link TrainingCheckpoint#write} refuses non-finite tensors besides, so a checkpoint never holds
     * a diverged state.
     */
    private void fill(TrainingCheckpoint ck, List<Parameter> pD, List<Parameter> pG, List<Parameter> pAvg, Adam adamD,
                      Adam adamG, Map<String, Double> parts) {
        for (String k : PARTS) {
            ck.putState("part." + k, parts.get(k));
        }
        ck.putParameters(pG).putParameters(pD).putOptimizer("adamG.", pG, adamG).putOptimizer("adamD.", pD, adamD);
        for (Parameter p : averaging > 0 ? pAvg : List.<Parameter>of()) {
            ck.putTensor(AVERAGE_PREFIX + p.name(), p.value());
        }
    }

    /** One iteration; returns null on success or the reason of a non-finite value. */
    private String iteration(int it, Sampler data, Discriminator g, PotentialGenerator gen, List<Parameter> pD,
                             List<Parameter> pG, Adam adamD, Adam adamG, double lambda, double mu, int n,
                             SplitMix64 rng, Map<String, Double> parts) {
        int d = data.dimension();
        FDivergence f = config.divergence();
        DiscriminatorDraws draws = DiscriminatorDraws.draw(data, n, config.discriminatorSteps(), mu > 0, rng);
        List<Tensor> generated = draws.generated(gen);
        for (int j = 0; j < generated.size(); j++) {
            if (!generated.get(j).isFinite()) {
                return "non-finite generated samples at iteration " + it + " (discriminator step " + j + ")";
            }
        }
        for (int j = 0; j < config.discriminatorSteps(); j++) {
            DiscriminatorDraws.Step step = draws.steps().get(j);
            Tensor y = step.data();
            Tensor x = generated.get(j);
            try (Tape.Scope s = Tape.record()) {
                Tensor xhat = mu > 0 ? GradientPenalty.interpolates(y, x, step.weights()) : null;
                ProximalLosses.DiscriminatorLoss assembled = ProximalLosses.discriminator(f, g, x, y, xhat, mu,
                        config.lipschitz());
                Tensor objective = assembled.objective();
                Tensor loss = assembled.loss();
                double gp = assembled.penalty();
                if (!loss.isFinite()) {
                    return "non-finite discriminator loss at iteration " + it + " (step " + j + "): objective "
                            + objective.item() + ", penalty " + gp;
                }
                if (objective.item() > objectiveCeiling) {
                    return "discriminator objective " + objective.item() + " above the ceiling " + objectiveCeiling
                            + " at iteration " + it + " (step " + j + "): the divergence estimate grows without bound"
                            + " (raise the ceiling if data of a large scale make such values legitimate)";
                }
                List<Tensor> grads = Gradients.grad(loss, values(pD));
                String bad = firstNonFinite(grads, pD, "discriminator gradient", it);
                if (bad != null) {
                    return bad;
                }
                adamD.step(pD, grads);
                parts.put("D objective", objective.item());
                parts.put("GP", gp);
            }
            String bad = firstNonFinite(values(pD), pD, "discriminator parameter", it);
            if (bad != null) {
                return bad;
            }
        }
        try (Tape.Scope s = Tape.record()) {
            Rollout r = gen.rolloutRecorded(Tensor.randn(n, d, rng));
            Tensor eg = g.apply(r.terminal()).mean();
            Tensor loss = ProximalLosses.generator(eg, lambda > 0 ? energy.of(gen, r) : null, lambda);
            if (!loss.isFinite() || !r.kineticEnergy().isFinite()) {
                return "non-finite generator loss at iteration " + it + ": E_gen g = " + eg.item() + ", KE = "
                        + r.kineticEnergy().item();
            }
            List<Tensor> grads = Gradients.grad(loss, values(pG));
            String bad = firstNonFinite(grads, pG, "generator gradient", it);
            if (bad != null) {
                return bad;
            }
            adamG.step(pG, grads);
            parts.put("KE", r.kineticEnergy().item());
            parts.put("E_gen g", eg.item());
            parts.put("G loss", loss.item());
        }
        return firstNonFinite(values(pG), pG, "generator parameter", it);
    }

    private static String firstNonFinite(List<Tensor> ts, List<Parameter> ps, String what, int it) {
        for (int i = 0; i < ts.size(); i++) {
            if (!ts.get(i).isFinite()) {
                return "non-finite " + what + " " + ps.get(i).name() + " at iteration " + it;
            }
        }
        return null;
    }

    private static List<Tensor> values(List<Parameter> ps) {
        List<Tensor> v = new ArrayList<>(ps.size());
        for (Parameter p : ps) {
            v.add(p.value());
        }
        return v;
    }

    private static void restore(List<Parameter> ps, List<Tensor> vs) {
        for (int i = 0; i < ps.size(); i++) {
            ps.get(i).set(vs.get(i));
        }
    }

    /** A flow like {@code flow} with a copy of its network (same parameter names). */
    private static ProximalFlow copy(ProximalFlow flow) {
        Mlp net = flow.potentialNetwork();
        int[] w = net.widths();
        Mlp twin = ProximalFlow.newPotential(net.inputDim(), Arrays.copyOfRange(w, 1, w.length - 1), net.activation(), 0L);
        restore(twin.parameters(), values(net.parameters()));
        return new ProximalFlow(twin, flow.potentialScale(), flow.generator().horizon(), flow.generator().steps());
    }

    /** avg = decay avg + (1 - decay) theta, parameter by parameter (nothing recorded). */
    private static void average(List<Parameter> avg, List<Parameter> theta, double decay) {
        try (Tape.Scope none = Tape.noGrad()) {
            for (int i = 0; i < avg.size(); i++) {
                avg.get(i).set(avg.get(i).value().scale(decay).addScaled(theta.get(i).value(), 1 - decay));
            }
        }
    }

    private static Map<String, Double> withoutNull(Map<String, Double> m) {
        return new LinkedHashMap<>(m);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
