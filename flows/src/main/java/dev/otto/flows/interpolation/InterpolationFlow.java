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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * A Gaussian interpolation flow with a learned velocity v_theta(t, x) (MATH.md section 5; seed
 * paper 3, the velocity V(t, x) = E[a' Z + b' X_1 | X_t = x] estimated by least squares): an MLP on
 * [x, t] trained by {@link InterpolationTrainer}. Generation integrates dx/dt = v_theta from
 * z ~ N(0, I) at t = 0 to t = 1 ({@link #fromNoise}); {@link #toNoise} integrates back from 1 to 0;
 * {@link #logDensity} integrates the CNF state [x, logdet, kinetic] of MATH.md section 3 from the
 * data point at t = 1 to t = 0 with the exact divergence (d reverse-mode products per step, so
 * O(d) passes) and returns log N(z; 0, I) + int_1^0 div v_theta dt.
 *
 * <p>Files: {@link #save} writes a {@link ModelFile} of kind {@value #KIND} with the network's
 * tensors and the configuration (dimension, hidden widths, activation, schedule name); {@link #load}
 * rebuilds the same network, so a loaded model gives bitwise the same samples for the same
 * generator state. Only built-in schedules can be saved (a custom schedule is code, not data).
 */
public final class InterpolationFlow implements Flow {

    /** The model-file kind. */
    public static final String KIND = "interpolation";

    private final Mlp net;
    private final int dimension;
    private final int[] hidden;
    private final Activation activation;
    private final Schedule schedule;
    private final Integration integration;

    private InterpolationFlow(Mlp net, int dimension, int[] hidden, Activation activation, Schedule schedule,
                              Integration integration) {
        this.net = net;
        this.dimension = dimension;
        this.hidden = hidden;
        this.activation = activation;
        this.schedule = schedule;
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
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension: expected a positive dimension, got " + dimension);
        }
        if (hidden == null || hidden.length == 0) {
            throw new IllegalArgumentException("hidden: expected at least one hidden width, got "
                    + (hidden == null ? "null" : "none"));
        }
        if (activation == null || schedule == null || integration == null || rng == null) {
            throw new IllegalArgumentException("activation, schedule, integration, rng: expected non-null, got a null");
        }
        Mlp net = Mlp.builder(dimension).hidden(hidden).output(dimension).activation(activation).timeInput(true)
                .name("velocity").build(rng);
        return new InterpolationFlow(net, dimension, hidden.clone(), activation, schedule, integration);
    }

    /** The same network (shared parameters) integrated another way. */
    public InterpolationFlow withIntegration(Integration other) {
        if (other == null) {
            throw new IllegalArgumentException("integration: expected an Integration, got null");
        }
        return new InterpolationFlow(net, dimension, hidden, activation, schedule, other);
    }

    public Schedule schedule() {
        return schedule;
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

    @Override
    public boolean hasDensity() {
        return true;
    }

    @Override
    public Tensor logDensity(Tensor x) {
        checkBatch("x", x);
        try (Tape.Scope none = Tape.noGrad()) {
            CnfSolution s = integration.solveCnf(field(), x, 1.0, 0.0, Trace.exact());
            return OnePassLikelihood.noiseLogDensity(s.x()).add(s.logDet());
        }
    }

    /**
     * Samples and log-densities in one CNF pass from noise ({@link OnePassLikelihood}), with the
     * integration of this flow and the divergence by {@code trace}.
     */
    @Override
    public DensitySamples sampleWithLogDensity(int n, RandomGenerator rng, TraceEstimator trace) {
        if (n <= 0) {
            throw new IllegalArgumentException("n: expected a positive sample count, got " + n);
        }
        return OnePassLikelihood.fromNoise(field(), integration, Tensor.randn(n, dimension, rng), trace);
    }

    /**
     * Writes the model atomically.
     *
     * @throws IllegalArgumentException if the schedule is custom (it cannot be stored by name)
     */
    public void save(Path file) throws IOException {
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
        ModelFile.save(file, KIND, config, net.parameters());
    }

    /** Reads a model written by {@link #save}; it integrates with {@code integration}. */
    public static InterpolationFlow load(Path file, Integration integration) throws IOException {
        ModelFile.Contents c = ModelFile.load(file, KIND);
        ModelConfig config = c.config();
        int d = config.integer("dimension");
        int[] hidden = config.integers("hidden");
        Activation act = Activation.parse(config.string("activation"));
        Schedule schedule = Schedule.byName(config.string("schedule"));
        // the initial weights are overwritten by the file, so any generator will do
        InterpolationFlow flow = create(d, hidden, act, schedule, integration, new java.util.SplittableRandom(0));
        c.loadInto(flow.parameters());
        return flow;
    }

    @Override
    public String toString() {
        return "InterpolationFlow[d=" + dimension + ", hidden=" + Arrays.toString(hidden) + ", " + activation.name()
                + ", " + schedule.name() + ", " + integration.describe() + "]";
    }
}
