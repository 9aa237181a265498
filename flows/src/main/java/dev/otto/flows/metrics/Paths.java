package dev.otto.flows.metrics;

import dev.otto.autodiff.Tensor;
import java.util.List;

/** Checks shared by the path metrics: states x_0..x_K, each n x d. */
final class Paths {

    private Paths() {
    }

    static double[][] states(List<Tensor> states) {
        if (states == null || states.size() < 2) {
            throw new IllegalArgumentException("states: expected at least 2 states x_0..x_K, got "
                    + (states == null ? "null" : states.size()));
        }
        Tensor first = states.get(0);
        if (first == null) {
            throw new IllegalArgumentException("states[0]: expected an n x d tensor, got null");
        }
        double[][] out = new double[states.size()][];
        for (int k = 0; k < states.size(); k++) {
            Tensor t = states.get(k);
            if (t == null || !t.sameShape(first)) {
                throw new IllegalArgumentException("states[" + k + "]: expected " + first.shape() + " (the shape of"
                        + " states[0]), got " + (t == null ? "null" : t.shape()));
            }
            if (!t.isFinite()) {
                throw new IllegalArgumentException("states[" + k + "]: expected finite values, got a non-finite entry");
            }
            out[k] = t.toArray();
        }
        return out;
    }

    static double norm(double[] a, double[] b, int off, int d) {
        double s = 0;
        for (int k = 0; k < d; k++) {
            double t = a[off + k] - b[off + k];
            s += t * t;
        }
        return Math.sqrt(s);
    }
}
