package dev.otto.ode;

import dev.otto.autodiff.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * One explicit Runge-Kutta step driven by a {@link ButcherTableau} (MATH.md section 3), the
 * solver part of the solver / step-size control / output split (as in Diffrax). Used by both
 * {@link FixedGrid} and {@link AdaptiveIntegrator}, and directly for manual stepping.
 *
 * <p>The step is written with {@link Tensor} operations only ({@code addScaled} for the stage
 * updates), so the same code records a differentiable graph inside {@code Tape.record()} and runs
 * the raw kernels inside {@code Tape.noGrad()}. Zero coefficients are skipped: they would add
 * nothing but work (and tape nodes).
 */
public final class RungeKuttaStepper {

    private final ButcherTableau tableau;

    public RungeKuttaStepper(ButcherTableau tableau) {
        if (tableau == null) {
            throw new IllegalArgumentException("tableau: expected a Butcher tableau, got null");
        }
        this.tableau = tableau;
    }

    public ButcherTableau tableau() {
        return tableau;
    }

    /**
     * The result of one step: the new state, the stage derivatives k_1..k_s (per component), and
     * the number of field evaluations spent.
     */
    public record Step(List<Tensor> state, List<List<Tensor>> stages, int evaluations) {

        /**
         * The derivative at the new state when the tableau is first-same-as-last (the last stage),
         * otherwise null.
         */
        public List<Tensor> lastDerivative(ButcherTableau tableau) {
            return tableau.firstSameAsLast() ? stages.get(stages.size() - 1) : null;
        }

        /**
         * The embedded pair's estimate of the local error on the primary component, row-major:
         * e = h sum_s (b_s - bHat_s) k_s = y_{n+1} - yHat_{n+1}, the difference between the propagated
         * solution and the embedded one of order {@link ButcherTableau#embeddedOrder()} (MATH.md
         * section 3, "adaptive step control"; Hairer, Norsett and Wanner, Solving ODEs I, II.4).
         *
         * @param tableau the tableau this step was taken with (it must have an embedded solution)
         * @param h the signed step size this step was taken with
         */
        public double[] errorEstimate(ButcherTableau tableau, double h) {
            double[] err = new double[stages.get(0).get(0).size()];
            for (int s = 0; s < stages.size(); s++) {
                double w = tableau.errorWeight(s);
                if (w == 0.0) {
                    continue;
                }
                double[] k = stages.get(s).get(0).toArray();
                double hw = h * w;
                for (int i = 0; i < err.length; i++) {
                    err[i] += hw * k[i];
                }
            }
            return err;
        }
    }

    /**
     * One step of size h (negative h steps backward in time) from (t, y).
     *
     * @param system the ODE system
     * @param t      the time at the start of the step
     * @param h      the signed step size
     * @param y      the state at t, one tensor per component
     * @param k1     the derivative at (t, y) when already known (first-same-as-last), or null
     */
    public Step step(OdeSystem system, double t, double h, List<Tensor> y, List<Tensor> k1) {
        int s = tableau.stages();
        List<List<Tensor>> k = new ArrayList<>(s);
        int evaluations = 0;
        if (k1 == null) {
            k1 = derivative(system, t, y);
            evaluations++;
        }
        k.add(k1);
        List<Tensor> lastStageInput = y;
        for (int i = 1; i < s; i++) {
            lastStageInput = combine(y, k, i, h, i);
            k.add(derivative(system, t + tableau.c(i) * h, lastStageInput));
            evaluations++;
        }
        List<Tensor> next = tableau.firstSameAsLast() ? lastStageInput : combine(y, k, s, h, -1);
        return new Step(next, k, evaluations);
    }

    /** y + h sum_{j < count} w_j k_j with w = row {@code row} of a, or b when row is -1. */
    private List<Tensor> combine(List<Tensor> y, List<List<Tensor>> k, int count, double h, int row) {
        List<Tensor> out = new ArrayList<>(y.size());
        for (int comp = 0; comp < y.size(); comp++) {
            Tensor acc = y.get(comp);
            for (int j = 0; j < count; j++) {
                double w = row < 0 ? tableau.b(j) : tableau.a(row, j);
                if (w != 0.0) {
                    acc = acc.addScaled(k.get(j).get(comp), h * w);
                }
            }
            out.add(acc);
        }
        return out;
    }

    private static List<Tensor> derivative(OdeSystem system, double t, List<Tensor> y) {
        List<Tensor> dy = system.derivative(t, y);
        if (dy == null || dy.size() != y.size()) {
            throw new IllegalArgumentException("system: expected " + y.size() + " derivative components, got "
                    + (dy == null ? "null" : dy.size()));
        }
        for (int comp = 0; comp < y.size(); comp++) {
            if (!dy.get(comp).sameShape(y.get(comp))) {
                throw new IllegalArgumentException("system: derivative of component " + comp + " has shape "
                        + dy.get(comp).shape() + ", expected the state's shape " + y.get(comp).shape());
            }
        }
        return dy;
    }
}
