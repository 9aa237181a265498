package dev.otto.flows.metrics;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.Flow;

/**
 * The inversion error of a numerically integrated flow (MATH.md sections 3 and 7):
 * eps_inv = E |S(T(x)) - x|^2 = (1/n) sum_i |S(T(x_i)) - x_i|^2, the squared Euclidean norm summed
 * over coordinates and averaged over samples, with no factor 1/2 (JKO-iFlow reports half of this;
 * OT-Flow the mean unsquared norm). Reported with its standard error.
 */
public final class InversionError {

    /** The definition every measurement carries. */
    public static final String DEFINITION = "eps_inv = E|S(T(x)) - x|^2 = (1/n) sum_i |S(T(x_i)) - x_i|^2"
            + " (squared norm, no 1/2), +- its standard error";

    private InversionError() {
    }

    /** {@value #DEFINITION}. */
    public static String definition() {
        return DEFINITION;
    }

    /** From the points x and their round trips S(T(x)), both n x d. */
    public static Measurement of(Tensor x, Tensor roundTrip) {
        if (x == null || roundTrip == null) {
            throw new IllegalArgumentException("x, roundTrip: expected tensors, got null");
        }
        if (!x.sameShape(roundTrip)) {
            throw new IllegalArgumentException("roundTrip: expected " + x.shape() + " (the shape of x), got "
                    + roundTrip.shape());
        }
        int d = x.cols();
        double[] a = x.toArray();
        double[] b = roundTrip.toArray();
        double[] v = new double[x.rows()];
        for (int i = 0; i < v.length; i++) {
            double s = 0;
            for (int k = 0; k < d; k++) {
                double t = b[i * d + k] - a[i * d + k];
                s += t * t;
            }
            v[i] = s;
        }
        return Measurement.mean("inversion error", v, DEFINITION);
    }

    /** The round trip x -> fromNoise(toNoise(x)) of a flow. */
    public static Measurement of(Flow flow, Tensor x) {
        if (flow == null) {
            throw new IllegalArgumentException("flow: expected a Flow, got null");
        }
        return of(x, flow.fromNoise(flow.toNoise(x)));
    }
}
