package dev.otto.ode;

import dev.otto.autodiff.Tensor;
import java.util.List;

/**
 * One-call entry points for dx/dt = v(x, t) on a batch (MATH.md section 3). Whether the solve is
 * differentiable is decided by the caller's tape scope, not by a flag: inside
 * {@code Tape.record()} gradients flow through every step to x0 and to the field's parameters;
 * inside {@code Tape.noGrad()} (sampling, inversion) nothing is recorded and the tape does not grow.
 *
 * <pre>{@code
 * // training: 3 classical RK4 steps on [0, 1], backpropagated
 * Tensor x1 = Odeint.fixed(v, x0, 0.0, 1.0, 3, ButcherTableau.RK4).state();
 * // sampling: Dormand-Prince, backward in time
 * try (Tape.Scope s = Tape.noGrad()) {
 *     Tensor z = Odeint.adaptive(v, x, 1.0, 0.0, AdaptiveOptions.tolerances(1e-5, 1e-5)).state();
 * }
 * }</pre>
 */
public final class Odeint {

    private Odeint() {
    }

    /** {@code steps} fixed steps of {@code tableau} on the grid t_k = t0 + k (t1 - t0)/steps. */
    public static Solution fixed(VectorField v, Tensor x0, double t0, double t1, int steps, ButcherTableau tableau) {
        return fixed(v, x0, new FixedGrid(t0, t1, steps), tableau, SaveAt.end());
    }

    /** Fixed steps on a grid, with a choice of saved states. */
    public static Solution fixed(VectorField v, Tensor x0, FixedGrid grid, ButcherTableau tableau, SaveAt saveAt) {
        return grid.integrate(OdeSystem.of(v), List.of(requireX0(x0)), requireTableau(tableau), saveAt);
    }

    /** Adaptive integration (Dormand-Prince by default) from t0 to t1, final state only. */
    public static Solution adaptive(VectorField v, Tensor x0, double t0, double t1, AdaptiveOptions options) {
        return adaptive(v, x0, t0, t1, options, SaveAt.end());
    }

    /** Adaptive integration with a choice of saved states. */
    public static Solution adaptive(VectorField v, Tensor x0, double t0, double t1, AdaptiveOptions options,
                                    SaveAt saveAt) {
        return new AdaptiveIntegrator(options).integrate(OdeSystem.of(v), List.of(requireX0(x0)), t0, t1, saveAt);
    }

    /** CNF on a fixed grid: x, logdet = int div v, kinetic = int |v|^2/2 (see {@link CnfField}). */
    public static CnfSolution cnfFixed(VectorField v, Tensor x0, double t0, double t1, int steps,
                                       ButcherTableau tableau, Trace trace) {
        FixedGrid grid = new FixedGrid(t0, t1, steps);
        return CnfSolution.of(grid.integrate(new CnfField(v, trace), CnfField.initialState(requireX0(x0)),
                requireTableau(tableau), SaveAt.end()));
    }

    /** CNF with adaptive steps; error control on x only. */
    public static CnfSolution cnfAdaptive(VectorField v, Tensor x0, double t0, double t1, AdaptiveOptions options,
                                          Trace trace) {
        return CnfSolution.of(new AdaptiveIntegrator(options).integrate(new CnfField(v, trace),
                CnfField.initialState(requireX0(x0)), t0, t1, SaveAt.end()));
    }

    private static Tensor requireX0(Tensor x0) {
        if (x0 == null) {
            throw new IllegalArgumentException("x0: expected an n x d initial state, got null");
        }
        return x0;
    }

    private static ButcherTableau requireTableau(ButcherTableau tableau) {
        if (tableau == null) {
            throw new IllegalArgumentException("tableau: expected a Butcher tableau, got null");
        }
        return tableau;
    }
}
