package dev.otto.flows.interpolation;

import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import dev.otto.flows.DensitySamples;
import dev.otto.flows.Flow;
import dev.otto.flows.OnePassLikelihood;
import dev.otto.flows.TraceEstimator;
import dev.otto.flows.data.GaussianMixture;
import dev.otto.ode.Integration;
import dev.otto.ode.SaveAt;
import dev.otto.ode.Solution;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The Gaussian interpolation flow to a Gaussian-mixture target driven by its exact velocity
 * (MATH.md section 5; seed paper 3, the flow dx/dt = V(t, x) from N(0, I) at t = 0 to nu at t = 1):
 * {@link #fromNoise} integrates the closed form of {@link GaussianMixtureVelocity} from 0 to 1,
 * {@link #toNoise} from 1 to 0, both with the chosen {@link Integration}. So its only error is the
 * integrator's: it is the oracle the learned {@link InterpolationFlow} is measured against.
 *
 * <p>{@link #logDensity} is the CNF bookkeeping of MATH.md section 3 with the exact trace taken from
 * the closed-form Jacobian: the state [x, logdet, kinetic] is integrated from the data point at t = 1
 * back to t = 0 and log p_1(x) = log N(z; 0, I) + logdet, where logdet = int_1^0 div v dt. It equals
 * the exact {@link #targetLogDensity} up to the integrator's error.
 */
public final class ExactInterpolationFlow implements Flow {

    private final GaussianMixtureVelocity velocity;
    private final Integration integration;

    /** The exact flow for {@code velocity} integrated by {@code integration}. */
    public ExactInterpolationFlow(GaussianMixtureVelocity velocity, Integration integration) {
        if (velocity == null) {
            throw new IllegalArgumentException("velocity: expected a GaussianMixtureVelocity, got null");
        }
        if (integration == null) {
            throw new IllegalArgumentException("integration: expected an Integration, got null");
        }
        this.velocity = velocity;
        this.integration = integration;
    }

    /** The exact flow to {@code target} under {@code schedule}. */
    public static ExactInterpolationFlow of(GaussianMixture target, Schedule schedule, Integration integration) {
        return new ExactInterpolationFlow(GaussianMixtureVelocity.of(target, schedule), integration);
    }

    public GaussianMixtureVelocity velocity() {
        return velocity;
    }

    public Integration integration() {
        return integration;
    }

    /** The same exact field integrated another way. */
    public ExactInterpolationFlow withIntegration(Integration other) {
        return new ExactInterpolationFlow(velocity, other);
    }

    @Override
    public int dimension() {
        return velocity.dimension();
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
            return integration.solve(velocity.field(), x, 1.0, 0.0).state();
        }
    }

    /** The solution from t = 0 to 1 with its statistics and the states {@code saveAt} asks for. */
    public Solution trajectories(Tensor z, SaveAt saveAt) {
        checkBatch("z", z);
        try (Tape.Scope s = Tape.noGrad()) {
            return integration.solve(velocity.field(), z, 0.0, 1.0, saveAt);
        }
    }

    @Override
    public boolean hasDensity() {
        return true;
    }

    @Override
    public Tensor logDensity(Tensor x) {
        checkBatch("x", x);
        List<Tensor> end = augmented(x, 1.0, 0.0);
        return OnePassLikelihood.noiseLogDensity(end.get(0)).add(end.get(1));
    }

    /**
     * Samples and log-densities in one pass from noise: [x, logdet] from z at t = 0 to t = 1 with the
     * closed-form divergence, log p_1(x(1)) = log N(z; 0, I) - logdet. The trace is exact whatever
     * {@code trace} asks (the closed form costs no more than an estimate).
     */
    @Override
    public DensitySamples sampleWithLogDensity(int n, RandomGenerator rng, TraceEstimator trace) {
        if (n <= 0) {
            throw new IllegalArgumentException("n: expected a positive sample count, got " + n);
        }
        Tensor z = Tensor.randn(n, dimension(), rng);
        List<Tensor> end = augmented(z, 0.0, 1.0);
        return DensitySamples.exact(end.get(0), OnePassLikelihood.noiseLogDensity(z).sub(end.get(1)));
    }

    /** [x, int div v dt, int |v|^2/2 dt] at t1 from [x0, 0, 0] at t0 (MATH.md section 3's CNF state). */
    private List<Tensor> augmented(Tensor x0, double t0, double t1) {
        try (Tape.Scope none = Tape.noGrad()) {
            return integration.solve((t, y) -> {
                Tensor v = velocity.velocity(t, y.get(0));
                return List.of(v, velocity.divergence(t, y.get(0)), v.square().rowSums().scale(0.5));
            }, List.of(x0, Tensor.zeros(x0.rows(), 1), Tensor.zeros(x0.rows(), 1)), t0, t1, SaveAt.end()).components();
        }
    }

    /** The exact log p_1 = log nu of the mixture target (no integration). */
    public Tensor targetLogDensity(Tensor x) {
        checkBatch("x", x);
        return velocity.logDensity(1.0, x);
    }

    /** log N(z; 0, I) per row (n x 1). */
    static Tensor standardNormalLogDensity(Tensor z) {
        return OnePassLikelihood.noiseLogDensity(z);
    }
}
