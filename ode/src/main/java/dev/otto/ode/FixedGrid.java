package dev.otto.ode;

import dev.otto.autodiff.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A uniform time grid t_k = t0 + k (t1 - t0) / n, k = 0..n (MATH.md section 3), and fixed-step
 * integration on it. Each t_k is computed from k directly, never as an accumulated sum, so the
 * last grid point is t1 exactly and no rounding drift can add or drop a step (torchdiffeq issues
 * 138 and 82). The step from t_k to t_{k+1} has the signed size t_{k+1} - t_k: with t1 &lt; t0
 * the integration runs backward in time, and integrating backward on the grid of a forward solve
 * visits the same times in reverse (what cycle consistency needs). t0 == t1 is the identity map.
 */
public record FixedGrid(double t0, double t1, int steps) {

    public FixedGrid {
        States.checkTime("t0", t0);
        States.checkTime("t1", t1);
        if (steps <= 0) {
            throw new IllegalArgumentException("steps: expected a positive number of steps, got " + steps);
        }
    }

    /** The grid point t_k = t0 + k (t1 - t0) / n, with t_n = t1 exactly. */
    public double time(int k) {
        if (k < 0 || k > steps) {
            throw new IndexOutOfBoundsException("k: expected 0.." + steps + ", got " + k);
        }
        return k == steps ? t1 : t0 + (t1 - t0) * k / steps;
    }

    /** The nominal signed step (t1 - t0) / n. */
    public double step() {
        return (t1 - t0) / steps;
    }

    /** The same grid traversed from t1 to t0. */
    public FixedGrid reversed() {
        return new FixedGrid(t1, t0, steps);
    }

    /**
     * Integrates {@code system} from y0 at t0 to t1 with the given tableau.
     *
     * @throws NonFiniteStateException when a step produces a NaN or infinite value
     */
    public Solution integrate(OdeSystem system, List<Tensor> y0, ButcherTableau tableau, SaveAt saveAt) {
        if (system == null) {
            throw new IllegalArgumentException("system: expected an ODE system, got null");
        }
        if (saveAt == null) {
            throw new IllegalArgumentException("saveAt: expected an output choice, got null");
        }
        States.checkInitial(y0);
        saveAt.checkWithin(t0, t1);
        boolean[] saveAtIndex = saveMask(saveAt);
        List<Double> times = new ArrayList<>();
        List<List<Tensor>> saved = new ArrayList<>();
        if (saveAtIndex[0]) {
            times.add(t0);
            saved.add(List.copyOf(y0));
        }
        if (t0 == t1) {
            // identity: no evaluation, every requested time is t0
            for (int k = 1; k <= steps; k++) {
                if (saveAtIndex[k]) {
                    times.add(t1);
                    saved.add(List.copyOf(y0));
                }
            }
            return finish(y0, times, saved, saveAt, 0, 0);
        }
        RungeKuttaStepper stepper = new RungeKuttaStepper(tableau);
        List<Tensor> y = y0;
        int evaluations = 0;
        double t = t0;
        for (int k = 0; k < steps; k++) {
            double next = time(k + 1);
            RungeKuttaStepper.Step step = stepper.step(system, t, next - t, y, null);
            evaluations += step.evaluations();
            y = step.state();
            int bad = States.firstNonFinite(y);
            if (bad >= 0) {
                throw new NonFiniteStateException(k, t, next, bad);
            }
            t = next;
            if (saveAtIndex[k + 1]) {
                times.add(t);
                saved.add(y);
            }
        }
        return finish(y, times, saved, saveAt, evaluations, steps);
    }

    private Solution finish(List<Tensor> y, List<Double> times, List<List<Tensor>> saved, SaveAt saveAt,
                            int evaluations, int accepted) {
        if (saveAt.kind() == SaveAt.Kind.END) {
            times.clear();
            saved.clear();
            times.add(t1);
            saved.add(List.copyOf(y));
        }
        double[] ts = new double[times.size()];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = times.get(i);
        }
        return new Solution(y, ts, saved, evaluations, accepted, 0);
    }

    /** Which grid indices to save; save times must be grid points (within 1e-9 of a step). */
    private boolean[] saveMask(SaveAt saveAt) {
        boolean[] mask = new boolean[steps + 1];
        switch (saveAt.kind()) {
            case END -> { }
            case STEPS -> java.util.Arrays.fill(mask, true);
            case TIMES -> {
                for (double s : saveAt.requestedTimes()) {
                    double pos = t0 == t1 ? 0 : (s - t0) / (t1 - t0) * steps;
                    long k = Math.round(pos);
                    if (Math.abs(pos - k) > 1e-9 || k < 0 || k > steps) {
                        throw new IllegalArgumentException("saveAt: time " + s + " is not a point of the grid t_k = "
                                + t0 + " + k (" + t1 + " - " + t0 + ") / " + steps);
                    }
                    mask[(int) k] = true;
                }
            }
            default -> throw new AssertionError(saveAt.kind());
        }
        return mask;
    }
}
