package dev.otto.flows.jko;

import dev.otto.autodiff.Divergence;
import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Activation;
import dev.otto.autodiff.nn.Mlp;
import dev.otto.autodiff.nn.MlpTangents;
import dev.otto.autodiff.nn.Module;
import dev.otto.autodiff.nn.Parameter;
import dev.otto.ode.CnfSolution;
import dev.otto.ode.Integration;
import dev.otto.ode.Trace;
import dev.otto.ode.VectorField;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One block of a JKO flow (MATH.md section 4; seed paper 1, eq. (9)-(11)): a residual neural ODE
 * dx/dt = f(x) on t in [0, 1] whose time-1 map T_k is one step of the JKO scheme with step size h_k.
 * In training T_k is S classical RK4 steps, recorded so that the loss
 * <pre>
 *   L_k = E[ |x(1)|^2 / 2 - integral_0^1 div f(x(t)) dt + |x(1) - x(0)|^2 / (2 h_k) ]
 * </pre>
 * (the transport form of the JKO objective KL(rho | q) + W2^2(rho, p_k) / (2h), up to constants)
 * can be differentiated in the field's parameters. For evaluation the block is integrated
 * accurately (Dormand-Prince) forward, backward (the inverse map) or with the log-determinant.
 */
public final class JkoBlock implements Module {

    private final Mlp field;
    private final double h;
    private final int rkSteps;

    /** A freshly initialised block k (index from 0) for data of the given dimension. */
    public static JkoBlock create(int index, int dimension, JkoConfig config, RandomGenerator rng) {
        if (index < 0 || index >= config.blocks()) {
            throw new IllegalArgumentException("index: expected a block in [0, " + config.blocks() + "), got " + index);
        }
        return new JkoBlock(index, dimension, config, rng);
    }

    JkoBlock(int index, int dimension, JkoConfig config, RandomGenerator rng) {
        this(index, dimension, config, rng, config.steps()[index], config.rkSteps());
    }

    /**
     * Block k with its own JKO step size h and number S of RK4 training steps (a block retrained
     * because its training and sampling maps disagreed keeps the S or h it was retrained with).
     */
    JkoBlock(int index, int dimension, JkoConfig config, RandomGenerator rng, double h, int rkSteps) {
        if (!(h > 0) || !Double.isFinite(h)) {
            throw new IllegalArgumentException("h: expected a finite step size > 0, got " + h);
        }
        if (rkSteps <= 0) {
            throw new IllegalArgumentException("rkSteps: expected a positive number of RK4 steps, got " + rkSteps);
        }
        this.field = Mlp.builder(dimension).hidden(config.hidden()).output(dimension)
                .activation(Activation.parse(config.activation())).timeInput(config.timeInput())
                .name("block" + index).build(rng);
        this.h = h;
        this.rkSteps = rkSteps;
    }

    /** The loss terms of one evaluation: the total as a recorded tensor, the parts as numbers. */
    public record Loss(Tensor total, double potential, double negativeLogDet, double transport) {
    }

    /** The block's velocity field f(x) (or f(x, t) with a time input). */
    public VectorField velocity() {
        return field.hasTimeInput() ? (t, x) -> field.apply(x, t) : (t, x) -> field.apply(x);
    }

    /** The velocity field with its divergence by forward-mode tangents (exact or Hutchinson, as the trace asks). */
    VectorField trainingField() {
        return new VectorField() {
            @Override
            public Tensor apply(double t, Tensor x) {
                return velocity().apply(t, x);
            }

            @Override
            public Divergence.Result withDivergence(double t, Tensor x, Trace trace) {
                return trace.isExact() ? MlpTangents.exactDivergence(field, x, t)
                        : MlpTangents.hutchinson(field, x, t, trace.probe());
            }
        };
    }

    public Mlp network() {
        return field;
    }

    /** The JKO step size h_k of this block. */
    public double stepSize() {
        return h;
    }

    /** S, the number of classical RK4 steps of the training map. */
    public int rkSteps() {
        return rkSteps;
    }

    /** The training map's integration: S fixed classical RK4 steps on [0, 1]. */
    public Integration trainingIntegration() {
        return Integration.rk4(rkSteps);
    }

    /**
     * The per-block JKO loss on a batch x0 of samples of p_k (MATH.md section 4), integrated with
     * the training grid (S RK4 steps). Call inside a recording scope to differentiate it. The
     * divergence is taken by forward-mode tangents through the network ({@link MlpTangents}), so the
     * loss needs only a first-order backward pass.
     */
    public Loss loss(Tensor x0, Trace trace) {
        CnfSolution s = trainingIntegration().solveCnf(trainingField(), x0, 0.0, 1.0, trace);
        Tensor potential = s.x().square().rowSums().scale(0.5).mean();
        Tensor negLogDet = s.logDet().mean().neg();
        Tensor transport = s.x().sub(x0).square().rowSums().mean().scale(1.0 / (2 * h));
        Tensor total = potential.add(negLogDet).add(transport);
        return new Loss(total, potential.item(), negLogDet.item(), transport.item());
    }

    /** T_k as trained: S RK4 steps from t = 0 to 1, without recording. */
    public Tensor pushTraining(Tensor x) {
        return integrate(x, true, trainingIntegration());
    }

    /** The time-1 map integrated with the given accuracy (forward = true) or its inverse. */
    public Tensor integrate(Tensor x, boolean forward, Integration integration) {
        double t0 = forward ? 0.0 : 1.0;
        double t1 = forward ? 1.0 : 0.0;
        try (Tape.Scope s = Tape.noGrad()) {
            return integration.solve(velocity(), x, t0, t1).state();
        }
    }

    /** x(1) and log|det dT/dx| = integral div f along the path, with the exact trace. */
    public CnfSolution integrateWithLogDet(Tensor x, Integration integration) {
        try (Tape.Scope s = Tape.noGrad()) {
            return integration.solveCnf(velocity(), x, 0.0, 1.0, Trace.exact());
        }
    }

    /**
     * An upper bound on the Lipschitz constant of the field in x: the product of the layers'
     * spectral norms (MATH.md section 2). The time-1 map and its inverse are then e^L-Lipschitz
     * (seed paper 1, Lemma C.2).
     */
    public double fieldLipschitzBound() {
        return field.lipschitzBound();
    }

    @Override
    public List<Parameter> parameters() {
        return field.parameters();
    }
}
