package dev.otto.flows.interpolation;

import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import dev.otto.ode.AdaptiveIntegrator;
import dev.otto.ode.AdaptiveOptions;
import dev.otto.ode.ButcherTableau;
import dev.otto.ode.FixedGrid;
import dev.otto.ode.OdeSystem;
import dev.otto.ode.SaveAt;
import dev.otto.ode.Solution;
import dev.otto.ode.VectorField;
import java.util.List;

/**
 * How an interpolation flow integrates dx/dt = v(t, x) (MATH.md sections 3 and 5): a fixed grid of
 * any {@link ButcherTableau} (t_k = t0 + k (t1 - t0)/n) or adaptive Dormand-Prince 5(4) with
 * {@link AdaptiveOptions}. Sampling integrates from t = 0 to 1, {@code toNoise} from 1 to 0 (a
 * negative step), always in a no-grad scope so the tape does not grow.
 */
public final class Solver {

    private final ButcherTableau tableau;
    private final int steps;
    private final AdaptiveOptions adaptive;

    private Solver(ButcherTableau tableau, int steps, AdaptiveOptions adaptive) {
        this.tableau = tableau;
        this.steps = steps;
        this.adaptive = adaptive;
    }

    /**
     * {@code steps} fixed steps of {@code tableau} over [0, 1].
     *
     * @throws IllegalArgumentException if tableau is null or steps is not positive
     */
    public static Solver fixed(ButcherTableau tableau, int steps) {
        if (tableau == null) {
            throw new IllegalArgumentException("tableau: expected a Butcher tableau, got null");
        }
        if (steps <= 0) {
            throw new IllegalArgumentException("steps: expected a positive number of steps, got " + steps);
        }
        return new Solver(tableau, steps, null);
    }

    /** Adaptive steps with the given options (Dormand-Prince 5(4) and its PI controller by default). */
    public static Solver adaptive(AdaptiveOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("options: expected AdaptiveOptions, got null");
        }
        return new Solver(null, 0, options);
    }

    /** Adaptive Dormand-Prince with rtol = atol = {@code tolerance}. */
    public static Solver adaptive(double tolerance) {
        return adaptive(AdaptiveOptions.tolerances(tolerance, tolerance));
    }

    /**
     * The CNF solve of MATH.md section 3 (x, logdet = int div v, kinetic) from t0 to t1 with the
     * given trace, without recording (the exact trace records its own small tapes internally).
     */
    public dev.otto.ode.CnfSolution solveCnf(VectorField v, Tensor x0, double t0, double t1, dev.otto.ode.Trace trace) {
        try (Tape.Scope s = Tape.noGrad()) {
            if (adaptive != null) {
                return dev.otto.ode.Odeint.cnfAdaptive(v, x0, t0, t1, adaptive, trace);
            }
            return dev.otto.ode.Odeint.cnfFixed(v, x0, t0, t1, steps, tableau, trace);
        }
    }

    public boolean isAdaptive() {
        return adaptive != null;
    }

    /** Integrates dx/dt = v from t0 to t1 without recording, saving the states {@code saveAt} asks for. */
    public Solution solve(VectorField v, Tensor x0, double t0, double t1, SaveAt saveAt) {
        return solve(OdeSystem.of(v), List.of(x0), t0, t1, saveAt);
    }

    /** Integrates a system (primary state first) from t0 to t1 without recording. */
    public Solution solve(OdeSystem system, List<Tensor> y0, double t0, double t1, SaveAt saveAt) {
        try (Tape.Scope s = Tape.noGrad()) {
            if (adaptive != null) {
                return new AdaptiveIntegrator(adaptive).integrate(system, y0, t0, t1, saveAt);
            }
            return new FixedGrid(t0, t1, steps).integrate(system, y0, tableau, saveAt);
        }
    }

    /** A short description, e.g. "RK4 (classical) x 20" or "adaptive Dormand-Prince 5(4), rtol 1e-5, atol 1e-5". */
    public String describe() {
        return adaptive != null
                ? "adaptive " + adaptive.tableau().name() + ", rtol " + adaptive.rtol() + ", atol " + adaptive.atol()
                : tableau.name() + " x " + steps;
    }

    @Override
    public String toString() {
        return "Solver[" + describe() + "]";
    }
}
