package dev.otto.flows.interpolation;

import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Activation;
import dev.otto.autodiff.nn.Mlp;
import dev.otto.autodiff.nn.Parameter;
import dev.otto.flows.DensitySamples;
import dev.otto.flows.Flow;
import dev.otto.flows.OnePassLikelihood;
import dev.otto.flows.TraceEstimator;
import dev.otto.flows.io.ModelConfig;
import dev.otto.flows.io.ModelFile;
import dev.otto.ode.CnfSolution;
import dev.otto.ode.Integration;
import dev.otto.ode.SaveAt;
import dev.otto.ode.Solution;
import dev.otto.ode.Trace;
import dev.otto.ode.VectorField;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * A Gaussian interpolation flow with a learned velocity v_theta(t, x) (MATH.md section 5; seed
 * paper 3, the velocity V(t, x) = E[a' Z + b' X_1 | X_t = x] estimated by least squares): an MLP on
 * [x, t] trained by {@link InterpolationTrainer} along its {@link ConditionalPath} (the interpolant
 * of a {@link Schedule} by default). Generation draws x_0 from the {@link Source} (N(0, I) unless
 * {@link #withSource} says otherwise) and integrates dx/dt = v_theta from t = 0 to t = 1
 * ({@link #fromNoise}, "noise" being the source); {@link #toNoise} integrates back from 1 to 0;
 * {@link #logDensity} integrates the CNF state [x, logdet, kinetic] of MATH.md section 3 from the
 * data point at t = 1 to t = 0 with the exact divergence (d reverse-mode products per step, so
 * O(d) passes) and returns log p_0(x_0) + int_1^0 div v_theta dt: only for a source with a density.
 *
 * <p>A source other than N(0, I) is refused with schedules whose a'(1) is infinite (Follmer, VP(p)):
 * their velocity is finite at t = 1 only through the Gaussian score identity E[Z | X_t = x] =
 * -a(t) grad log p_t(x) (MATH.md section 5, "Sources other than N(0, I)").
 *
 * <p>Files: {@link #save} writes a {@link ModelFile} of kind {@value #KIND} with the network's
 * tensors and the configuration (dimension, hidden widths, activation, schedule and path names, the
 * source: "gaussian", "dataset:NAME", or "rows:NAME" with the rows as the tensor
 * {@value #SOURCE_ROWS}); {@link #load} rebuilds the same flow, so a loaded model gives bitwise the
 * same samples for the same generator state. Only built-in schedules can be saved (a custom schedule
 * is code, not data), and only sources of those three kinds.
 */
public final class InterpolationFlow implements Flow {

    /** The model-file kind. */
    public static final String KIND = "interpolation";

    /** The model-file tensor holding the rows of a data-set source. */
    public static final String SOURCE_ROWS = "source.rows";

    private final Mlp net;
    private final int dimension;
    private final int[] hidden;
    private final Activation activation;
    private final ConditionalPath path;
    private final Source source;
    private final Integration integration;

    private InterpolationFlow(Mlp net, int dimension, int[] hidden, Activation activation, ConditionalPath path,
                              Source source, Integration integration) {
        this.net = net;
        this.dimension = dimension;
        this.hidden = hidden;
        this.activation = activation;
        this.path = path;
        this.source = source;
        this.integration = integration;
    }

    /**
     * A freshly initialised flow: MLP [x, t] -> hidden... -> d with the activation between layers
     * (weights from {@code rng}, see {@code dev.otto.autodiff.nn.Linear}).
     *
     * @throws IllegalArgumentException naming the argument, the expected and the actual value
     */
    public static InterpolationFlow create(int dimension, int[] hidden, Activation activation, Schedule schedule,
                                           Integration integration, RandomGenerator rng) {
        if (schedule == null) {
            throw new IllegalArgumentException("schedule: expected a Schedule, got null");
        }
        return create(dimension, hidden, activation, ConditionalPath.interpolant(schedule), integration, rng);
    }

    /**
     * A freshly initialised flow trained along {@code path}, from the source N(0, I_d) (change it with
     * {@link #withSource}).
     *
     * @throws IllegalArgumentException naming the argument, the expected and the actual value
     */
    public static InterpolationFlow create(int dimension, int[] hidden, Activation activation, ConditionalPath path,
                                           Integration integration, RandomGenerator rng) {
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension: expected a positive dimension, got " + dimension);
        }
        if (hidden == null || hidden.length == 0) {
            throw new IllegalArgumentException("hidden: expected at least one hidden width, got "
                    + (hidden == null ? "null" : "none"));
        }
        if (activation == null || path == null || integration == null || rng == null) {
            throw new IllegalArgumentException("activation, path, integration, rng: expected non-null, got a null");
        }
        Mlp net = Mlp.builder(dimension).hidden(hidden).output(dimension).activation(activation).timeInput(true)
                .name("velocity").build(rng);
        return new InterpolationFlow(net, dimension, hidden.clone(), activation, path,
                Source.standardGaussian(dimension), integration);
    }

    /**
     * The same network (shared parameters) started from {@code other}: X_0 ~ other in training and
     * sampling.
     *
     * @throws IllegalArgumentException if the dimensions differ, or the source is not N(0, I) and the
     *     schedule's a'(1) is infinite (MATH.md section 5, "Sources other than N(0, I)")
     */
    public InterpolationFlow withSource(Source other) {
        if (other == null) {
            throw new IllegalArgumentException("source: expected a Source, got null");
        }
        if (other.dimension() != dimension) {
            throw new IllegalArgumentException("source: expected samples of dimension " + dimension + ", got '"
                    + other.name() + "' of dimension " + other.dimension());
        }
        Schedule s = path.schedule();
        if (!other.isStandardGaussian() && !Double.isFinite(s.aPrime(1))) {
            throw new IllegalArgumentException("source: schedule " + s.name() + " has a'(1) = -infinity; its"
                    + " velocity stays finite at t = 1 only through the Gaussian score identity"
                    + " E[Z | X_t = x] = -a(t) grad log p_t(x), so it needs the source N(0, I); expected the linear or"
                    + " trigonometric schedule (or path) with source '" + other.name() + "'");
        }
        return new InterpolationFlow(net, dimension, hidden, activation, path, other, integration);
    }

    /** The same network (shared parameters) integrated another way. */
    public InterpolationFlow withIntegration(Integration other) {
        if (other == null) {
            throw new IllegalArgumentException("integration: expected an Integration, got null");
        }
        return new InterpolationFlow(net, dimension, hidden, activation, path, source, other);
    }

    /** a(t), b(t) of the path's mean (the schedule of a noise-free interpolant). */
    public Schedule schedule() {
        return path.schedule();
    }

    /** The conditional path the velocity is regressed along. */
    public ConditionalPath path() {
        return path;
    }

    /** The law of x_0 that training and sampling start from. */
    public Source source() {
        return source;
    }

    /** How sampling, {@link #toNoise} and {@link #logDensity} integrate the learned field. */
    public Integration integration() {
        return integration;
    }

    public Mlp network() {
        return net;
    }

    /** The trainable parameters (shared with every {@link #withIntegration} copy). */
    public List<Parameter> parameters() {
        return net.parameters();
    }

    /** v_theta(t, x) with one t for the batch (recorded when called inside a recording scope). */
    public Tensor velocity(double t, Tensor x) {
        return net.apply(x, t);
    }

    /** v_theta(t_i, x_i) with a time per row (t is n x 1). */
    public Tensor velocity(Tensor t, Tensor x) {
        return net.apply(x, t);
    }

    /** The learned field as an ode vector field. */
    public VectorField field() {
        return (t, x) -> net.apply(x, t);
    }

    @Override
    public int dimension() {
        return dimension;
    }

    /** n draws x_0 of the {@link #source()} pushed to t = 1 ({@code fromNoise(source().sample(n, rng))}). */
    @Override
    public Tensor sample(int n, RandomGenerator rng) {
        if (n <= 0) {
            throw new IllegalArgumentException("n: expected a positive sample count, got " + n);
        }
        return fromNoise(source.sample(n, rng));
    }

    @Override
    public Tensor fromNoise(Tensor z) {
        checkBatch("z", z);
        return trajectories(z, SaveAt.end()).state();
    }

    @Override
    public Tensor toNoise(Tensor x) {
        checkBatch("x", x);
        try (Tape.Scope s = Tape.noGrad()) {
            return integration.solve(field(), x, 1.0, 0.0).state();
        }
    }

    /** The solve from t = 0 to 1 with its statistics and the states {@code saveAt} asks for. */
    public Solution trajectories(Tensor z, SaveAt saveAt) {
        checkBatch("z", z);
        try (Tape.Scope s = Tape.noGrad()) {
            return integration.solve(field(), z, 0.0, 1.0, saveAt);
        }
    }

    /** True when the source has a density (N(0, I), a Gaussian mixture, {@link Source#withDensity}). */
    @Override
    public boolean hasDensity() {
        return source.hasDensity();
    }

    /**
     * log p_0(x_0) + int_1^0 div v_theta dt along the path from x back to x_0 (MATH.md section 3).
     *
     * @throws UnsupportedOperationException if the source has no density (a data set)
     */
    @Override
    public Tensor logDensity(Tensor x) {
        checkBatch("x", x);
        requireDensity();
        try (Tape.Scope none = Tape.noGrad()) {
            CnfSolution s = integration.solveCnf(field(), x, 1.0, 0.0, Trace.exact());
            return source.logDensity(s.x()).add(s.logDet());
        }
    }

    /**
     * Samples and log-densities in one CNF pass from the source ({@link OnePassLikelihood}), with the
     * integration of this flow and the divergence by {@code trace}.
     *
     * @throws UnsupportedOperationException if the source has no density (a data set)
     */
    @Override
    public DensitySamples sampleWithLogDensity(int n, RandomGenerator rng, TraceEstimator trace) {
        if (n <= 0) {
            throw new IllegalArgumentException("n: expected a positive sample count, got " + n);
        }
        requireDensity();
        return OnePassLikelihood.fromStart(field(), integration, source.sample(n, rng), trace, source::logDensity);
    }

    private void requireDensity() {
        if (!source.hasDensity()) {
            throw new UnsupportedOperationException("log-density: this flow starts from the source '" + source.name()
                    + "', which has no density, so the model defines none (log p = log p_0(x_0) + int div v);"
                    + " compare samples instead (MMD, W2)");
        }
    }

    /**
     * Writes the model atomically.
     *
     * @throws IllegalArgumentException if the schedule is custom (it cannot be stored by name), or the
     *     source is a sampler that is neither N(0, I), a built-in data set nor a data set of rows
     */
    public void save(Path file) throws IOException {
        Schedule schedule = path.schedule();
        if (!schedule.isBuiltIn()) {
            throw new IllegalArgumentException("schedule: expected a built-in schedule to save, got custom '"
                    + schedule.name() + "'");
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("dimension", dimension);
        config.put("hidden", hidden);
        config.put("activation", activation.name());
        config.put("schedule", schedule.name());
        config.put("timeInput", true);
        config.put("path", path.name());
        List<Parameter> tensors = new ArrayList<>(net.parameters());
        switch (source.kind()) {
            case GAUSSIAN -> config.put("source", "gaussian");
            case DATASET -> config.put("source", "dataset:" + source.name());
            case ROWS -> {
                config.put("source", "rows:" + source.name());
                tensors.add(new Parameter(SOURCE_ROWS, source.rowsOrNull()));
            }
            default -> throw new IllegalArgumentException("source: expected N(0, I), a built-in data set or a data"
                    + " set of rows to save, got the sampler '" + source.name() + "'");
        }
        ModelFile.save(file, KIND, config, tensors);
    }

    /** Reads a model written by {@link #save}; it integrates with {@code integration}. */
    public static InterpolationFlow load(Path file, Integration integration) throws IOException {
        ModelFile.Contents c = ModelFile.load(file, KIND);
        ModelConfig config = c.config();
        int d = config.integer("dimension");
        int[] hidden = config.integers("hidden");
        Activation act = Activation.parse(config.string("activation"));
        Schedule schedule = Schedule.byName(config.string("schedule"));
        // "path" and "source" are absent in files written before paths and sources had names
        ConditionalPath path = config.has("path") ? ConditionalPath.byName(config.string("path"))
                : ConditionalPath.interpolant(schedule);
        // the initial weights are overwritten by the file, so any generator will do
        InterpolationFlow flow = create(d, hidden, act, path, integration, new java.util.SplittableRandom(0));
        c.loadInto(flow.parameters());
        String source = config.has("source") ? config.string("source") : "gaussian";
        if (source.startsWith("dataset:")) {
            return flow.withSource(Source.dataset(source.substring("dataset:".length())));
        }
        if (source.startsWith("rows:")) {
            Tensor rows = c.tensors().get(SOURCE_ROWS);
            if (rows == null) {
                throw new IllegalArgumentException(file + ": source '" + source + "' but no tensor " + SOURCE_ROWS);
            }
            return flow.withSource(Source.rows(source.substring("rows:".length()), rows));
        }
        if (!source.equals("gaussian")) {
            throw new IllegalArgumentException(file + ": source: expected gaussian, dataset:NAME or rows:NAME, got '"
                    + source + "'");
        }
        return flow;
    }

    @Override
    public String toString() {
        return "InterpolationFlow[d=" + dimension + ", hidden=" + Arrays.toString(hidden) + ", " + activation.name()
                + ", " + path.name() + ", source " + source.name() + ", " + integration.describe() + "]";
    }
}
