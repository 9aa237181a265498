package dev.otto.flows.metrics;

import dev.otto.autodiff.Tensor;
import java.util.List;

/**
 * Straightness of sampled paths x_0..x_K (MATH.md sections 6, 7):
 * S = |x(T) - x(0)| / integral_0^T |dx/dt| dt, with the length of each path measured as the length
 * of the polygon through its states, sum_k |x_{k+1} - x_k|; averaged over samples with its standard
 * error. S = 1 exactly for a path along a straight segment traversed in one direction (at any
 * speed), and S is in [0, 1] by the triangle inequality (0 for a path that returns to its start).
 * A path that never moves (length 0) counts as straight, S = 1.
 */
public final class Straightness {

    /** The definition every measurement carries. */
    public static final String DEFINITION = "straightness = E[ |x_K - x_0| / sum_k |x_{k+1} - x_k| ]"
            + " (polygonal length; 1 for straight paths, 1 for stationary ones), +- its standard error";

    private Straightness() {
    }

    /** {@value #DEFINITION}. */
    public static String definition() {
        return DEFINITION;
    }

    /** The mean straightness of the n paths (states each n x d). */
    public static Measurement of(List<Tensor> states) {
        return Measurement.mean("straightness", perPath(states), DEFINITION);
    }

    /** The straightness of each path. */
    public static double[] perPath(List<Tensor> states) {
        double[][] x = Paths.states(states);
        int n = states.get(0).rows();
        int d = states.get(0).cols();
        double[] out = new double[n];
        int last = x.length - 1;
        for (int i = 0; i < n; i++) {
            double length = 0;
            for (int k = 0; k < last; k++) {
                length += Paths.norm(x[k + 1], x[k], i * d, d);
            }
            double chord = Paths.norm(x[last], x[0], i * d, d);
            // rounding can put the chord a few ulps above the summed length of a straight path
            out[i] = length == 0 ? 1.0 : Math.min(1.0, chord / length);
        }
        return out;
    }
}
