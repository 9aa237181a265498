package dev.otto.flows.proximal;

import dev.otto.autodiff.Gradients;
import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The proximal generator, discretise-then-optimise (MATH.md section 6; seed paper 2, Algorithm 1
 * and eq. (3.1)): K forward-Euler steps of size dt = T/K from z ~ N(0, I),
 * x_{k+1} = x_k - dt grad_x phi(x_k, t_k), t_k = k T / K (computed as k T / K, never accumulated),
 * with kinetic energy KE = E sum_k dt |grad_x phi(x_k, t_k)|^2 / 2.
 *
 * <p>The Euler steps are written here with tensor operations instead of going through
 * {@code dev.otto.ode.Odeint}: each step needs the same gradient grad_x phi twice, once for the
 * update and once for the kinetic energy, and inside the generator loss that gradient must be taken
 * with {@code createGraph = true} so the loss differentiates through it (double backward); a
 * {@code VectorField} would recompute it for the energy and hide the createGraph choice.
 */
public final class PotentialGenerator {

    private final Potential potential;
    private final double horizon;
    private final int steps;

    /**
     * @param potential phi
     * @param horizon T &gt; 0
     * @param steps K &gt;= 1
     * @throws IllegalArgumentException on a non-positive T or K
     */
    public PotentialGenerator(Potential potential, double horizon, int steps) {
        if (potential == null) {
            throw new IllegalArgumentException("potential: expected a Potential, got null");
        }
        if (!(horizon > 0) || Double.isInfinite(horizon)) {
            throw new IllegalArgumentException("horizon: expected a finite T > 0, got " + horizon);
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps: expected K >= 1, got " + steps);
        }
        this.potential = potential;
        this.horizon = horizon;
        this.steps = steps;
    }

    public Potential potential() {
        return potential;
    }

    public double horizon() {
        return horizon;
    }

    public int steps() {
        return steps;
    }

    /** t_k = k T / K for k = 0..K (K = {@code steps}). */
    public static double[] grid(double horizon, int steps) {
        double[] t = new double[steps + 1];
        for (int k = 0; k <= steps; k++) {
            t[k] = k * horizon / steps;
        }
        t[steps] = horizon;
        return t;
    }

    /**
     * grad_x phi(x, t) (n x d). With {@code createGraph} (inside a recording scope) the result is
     * differentiable in phi's parameters and in x; otherwise a constant.
     */
    public Tensor gradient(Tensor x, double t, boolean createGraph) {
        if (createGraph) {
            Tensor phi = potential.value(x, Tensor.filled(x.rows(), 1, t));
            // the general form: the single-output overload rejects a null gradOutput (List.of(null))
            return Gradients.grad(List.of(phi), List.of(x), null, true).get(0);
        }
        try (Tape.Scope outer = Tape.noGrad(); Tape.Scope scope = Tape.record()) {
            Tensor xi = x.detach();
            Tensor phi = potential.value(xi, Tensor.filled(x.rows(), 1, t));
            return Gradients.grad(phi, xi).detach();
        }
    }

    /**
     * The recorded rollout from z with this generator's K: call inside a recording scope; the
     * terminal state and the kinetic energy are differentiable in phi's parameters through every
     * step (the full discrete objective, not the authors' stop-gradient on x in the energy).
     *
     * @throws IllegalStateException outside a recording scope
     */
    public Rollout rolloutRecorded(Tensor z) {
        if (!Tape.isRecording()) {
            throw new IllegalStateException("rolloutRecorded: call inside try (Tape.Scope s = Tape.record()) { ... }");
        }
        return rollout(z, steps, true);
    }

    /**
     * The authors' energy estimate ({@link KineticEnergyEstimate#DETACHED_LAGGED}):
     * E sum_k dt |grad phi(sg(x_{k+1}), t_k)|^2 / 2 for k = 0..K-1, differentiable in phi's
     * parameters only (each state enters as a constant). Call inside the recording scope of
     * {@code recorded}.
     *
     * @throws IllegalStateException outside a recording scope
     */
    public Tensor detachedLaggedEnergy(Rollout recorded) {
        if (!Tape.isRecording()) {
            throw new IllegalStateException("detachedLaggedEnergy: call inside a recording scope");
        }
        List<Tensor> x = recorded.states();
        double[] t = recorded.times();
        int n = x.get(0).rows();
        Tensor energy = null;
        for (int k = 0; k + 1 < x.size(); k++) {
            Tensor g = gradient(x.get(k + 1).detach(), t[k], true);
            Tensor term = g.square().sum().scale((t[k + 1] - t[k]) / (2.0 * n));
            energy = energy == null ? term : energy.add(term);
        }
        return energy;
    }

    /** A constant rollout from z with this generator's K (nothing stays on any tape). */
    public Rollout rollout(Tensor z) {
        return rollout(z, steps, false);
    }

    /**
     * A constant rollout from z with {@code k} Euler steps over the same [0, T] (k = 2K gives the
     * discretisation-invariance check).
     */
    public Rollout rollout(Tensor z, int k) {
        return rollout(z, k, false);
    }

    private Rollout rollout(Tensor z, int k, boolean recorded) {
        if (k < 1) {
            throw new IllegalArgumentException("k: expected at least one step, got " + k);
        }
        if (!recorded) {
            try (Tape.Scope none = Tape.noGrad()) {
                return unrolled(z, k, false);
            }
        }
        return unrolled(z, k, true);
    }

    private Rollout unrolled(Tensor z, int k, boolean recorded) {
        double[] t = grid(horizon, k);
        List<Tensor> states = new ArrayList<>(k + 1);
        Tensor x = recorded ? z : z.detach();
        states.add(x);
        Tensor energy = null;
        double ke = 0;
        int n = z.rows();
        for (int i = 0; i < k; i++) {
            double dt = t[i + 1] - t[i];
            Tensor g = gradient(x, t[i], recorded);
            if (recorded) {
                Tensor term = g.square().sum().scale(dt / (2.0 * n));
                energy = energy == null ? term : energy.add(term);
            } else {
                ke += sumSquares(g) * dt / (2.0 * n);
            }
            x = x.addScaled(g, -dt);
            states.add(x);
        }
        return new Rollout(states, t, recorded ? energy : Tensor.scalar(ke));
    }

    private static double sumSquares(Tensor g) {
        double s = 0;
        for (double v : g.toArray()) {
            s += v * v;
        }
        return s;
    }
}
