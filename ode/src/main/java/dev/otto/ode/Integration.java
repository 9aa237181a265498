package dev.otto.ode;

import dev.otto.autodiff.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * How to integrate dx/dt = v(t, x) (MATH.md section 3), as one immutable value: either a fixed grid
 * of n steps of a {@link ButcherTableau} (t_k = t0 + k (t1 - t0)/n, {@link FixedGrid}), or adaptive
 * steps of an embedded pair with {@link AdaptiveOptions} (Dormand-Prince 5(4) by default). It is
 * Diffrax's (solver, stepsize controller) pair folded into one value, so that training, sampling,
 * density and checks of a model all name the same integration instead of each family keeping its
 * own copy.
 *
 * <p>Like {@link Odeint}, a solve is differentiable or not according to the caller's tape scope:
 * inside {@code Tape.record()} gradients flow through every step, inside {@code Tape.noGrad()}
 * nothing is recorded.
 *
 * <pre>{@code
 * Integration training = Integration.fixed(ButcherTableau.RK4, 3);       // JKO training grid
 * Integration sampling = Integration.dormandPrince(1e-5, 1e-5);          // evaluation default
 * Tensor x1 = sampling.solve(v, x0, 0.0, 1.0).state();
 * }</pre>
 */
public final class Integration {

    private final ButcherTableau tableau;
    private final int steps;
    private final AdaptiveOptions adaptive;

    private Integration(ButcherTableau tableau, int steps, AdaptiveOptions adaptive) {
        this.tableau = tableau;
        this.steps = steps;
        this.adaptive = adaptive;
    }

    /**
     * {@code steps} fixed steps of {@code tableau} over the interval of each solve.
     *
     * @throws IllegalArgumentException if tableau is null or steps is not positive
     */
    public static Integration fixed(ButcherTableau tableau, int steps) {
        if (tableau == null) {
            throw new IllegalArgumentException("tableau: expected a Butcher tableau, got null");
        }
        if (steps <= 0) {
            throw new IllegalArgumentException("steps: expected a positive number of steps, got " + steps);
        }
        return new Integration(tableau, steps, null);
    }

    /** {@code steps} fixed steps of the classical RK4 tableau. */
    public static Integration rk4(int steps) {
        return fixed(ButcherTableau.RK4, steps);
    }

    /** Adaptive steps with the given options (tableau, tolerances, controller, step limits). */
    public static Integration adaptive(AdaptiveOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("options: expected AdaptiveOptions, got null");
        }
        return new Integration(null, 0, options);
    }

    /** Adaptive Dormand-Prince 5(4) with rtol = atol = {@code tolerance}. */
    public static Integration adaptive(double tolerance) {
        return dormandPrince(tolerance, tolerance);
    }

    /** Adaptive Dormand-Prince 5(4) with the given tolerances and the standard PI controller. */
    public static Integration dormandPrince(double rtol, double atol) {
        return adaptive(AdaptiveOptions.tolerances(rtol, atol));
    }

    public boolean isAdaptive() {
        return adaptive != null;
    }

    /** The tableau: the fixed grid's, or the adaptive pair's. */
    public ButcherTableau tableau() {
        return adaptive != null ? adaptive.tableau() : tableau;
    }

    /**
     * The number of fixed steps.
     *
     * @throws IllegalStateException for an adaptive integration
     */
    public int steps() {
        if (adaptive != null) {
            throw new IllegalStateException("steps: an adaptive integration has no fixed number of steps");
        }
        return steps;
    }

    /**
     * The adaptive options.
     *
     * @throws IllegalStateException for a fixed grid
     */
    public AdaptiveOptions adaptiveOptions() {
        if (adaptive == null) {
            throw new IllegalStateException("adaptiveOptions: a fixed grid has no adaptive options");
        }
        return adaptive;
    }

    /** Integrates dx/dt = v from t0 to t1, final state only. */
    public Solution solve(VectorField v, Tensor x0, double t0, double t1) {
        return solve(v, x0, t0, t1, SaveAt.end());
    }

    /** Integrates dx/dt = v from t0 to t1, saving the states {@code saveAt} asks for. */
    public Solution solve(VectorField v, Tensor x0, double t0, double t1, SaveAt saveAt) {
        if (x0 == null) {
            throw new IllegalArgumentException("x0: expected an n x d initial state, got null");
        }
        return solve(OdeSystem.of(v), List.of(x0), t0, t1, saveAt);
    }

    /** Integrates a system (primary state first) from t0 to t1. */
    public Solution solve(OdeSystem system, List<Tensor> y0, double t0, double t1, SaveAt saveAt) {
        if (adaptive != null) {
            return new AdaptiveIntegrator(adaptive).integrate(system, y0, t0, t1, saveAt);
        }
        return new FixedGrid(t0, t1, steps).integrate(system, y0, tableau, saveAt);
    }

    /**
     * The CNF solve of MATH.md section 3: x, logdet = integral of div v (by {@code trace}) and the
     * kinetic energy, from t0 to t1 (error control, if adaptive, on x only).
     */
    public CnfSolution solveCnf(VectorField v, Tensor x0, double t0, double t1, Trace trace) {
        if (adaptive != null) {
            return Odeint.cnfAdaptive(v, x0, t0, t1, adaptive, trace);
        }
        return Odeint.cnfFixed(v, x0, t0, t1, steps, tableau, trace);
    }

    /** A short description, e.g. "RK4 (classical) x 20" or "adaptive Dormand-Prince 5(4), rtol 1e-5, atol 1e-5". */
    public String describe() {
        return adaptive != null
                ? "adaptive " + adaptive.tableau().name() + ", rtol " + adaptive.rtol() + ", atol " + adaptive.atol()
                : tableau.name() + " x " + steps;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Integration other && steps == other.steps && Objects.equals(tableau, other.tableau)
                && Objects.equals(adaptive, other.adaptive);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tableau, steps, adaptive);
    }

    @Override
    public String toString() {
        return "Integration[" + describe() + "]";
    }
}
