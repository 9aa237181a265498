package dev.otto.flows.metrics;

import dev.otto.autodiff.Tensor;
import java.util.List;

/**
 * Kinetic energy of sampled paths x_0..x_K at times t_0 &lt; ... &lt; t_K (MATH.md sections 3, 6, 7):
 * KE = E sum_k |x_{k+1} - x_k|^2 / (2 (t_{k+1} - t_k)), the action of the piecewise-linear path
 * through the states, averaged over samples, reported with its standard error.
 *
 * <p>For forward-Euler paths x_{k+1} = x_k + dt v_k it equals the paper's
 * KE = E sum_k dt |v_k|^2 / 2 exactly (MATH.md section 6). For any continuous path through the
 * same states it is a lower bound of E integral |dx/dt|^2 / 2 dt (Cauchy-Schwarz on each step),
 * with equality for constant speed on each step.
 */
public final class KineticEnergy {

    /** The definition every measurement carries. */
    public static final String DEFINITION = "KE = E sum_k |x_{k+1} - x_k|^2 / (2 (t_{k+1} - t_k))"
            + " (discrete action; = E sum_k dt |v_k|^2/2 for Euler paths), +- its standard error";

    private KineticEnergy() {
    }

    /** {@value #DEFINITION}. */
    public static String definition() {
        return DEFINITION;
    }

    /** Paths on the uniform grid t_k = k T / K over [0, T]. */
    public static Measurement of(List<Tensor> states, double horizon) {
        if (!(horizon > 0) || !Double.isFinite(horizon)) {
            throw new IllegalArgumentException("horizon: expected a positive finite time T, got " + horizon);
        }
        int steps = states == null ? 0 : states.size() - 1;
        double[] t = new double[Math.max(steps + 1, 0)];
        for (int k = 0; k <= steps; k++) {
            t[k] = k * horizon / steps;
        }
        return of(states, t);
    }

    /** Paths with the given increasing times, one per state. */
    public static Measurement of(List<Tensor> states, double[] times) {
        double[][] x = Paths.states(states);
        if (times == null || times.length != x.length) {
            throw new IllegalArgumentException("times: expected " + x.length + " times (one per state), got "
                    + (times == null ? "null" : times.length));
        }
        for (int k = 0; k + 1 < times.length; k++) {
            if (!(times[k + 1] > times[k]) || !Double.isFinite(times[k + 1] - times[k])) {
                throw new IllegalArgumentException("times: expected strictly increasing finite times, got t_" + k
                        + " = " + times[k] + " and t_" + (k + 1) + " = " + times[k + 1]);
            }
        }
        int n = states.get(0).rows();
        int d = states.get(0).cols();
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k + 1 < x.length; k++) {
                double step = Paths.norm(x[k + 1], x[k], i * d, d);
                s += step * step / (2 * (times[k + 1] - times[k]));
            }
            e[i] = s;
        }
        return Measurement.mean("kinetic energy", e, DEFINITION);
    }
}
