package dev.otto.flows.metrics;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.Flow;

/**
 * Negative log-likelihood of test data under a model with a density (MATH.md section 7): for an
 * invertible flow T with reference q = N(0, I_d),
 * NLL = (1/n) sum_i [ -log q(T(x_i)) - log|det grad T(x_i)| ], in nats, reported with its standard
 * error; -log q(z) = |z|^2/2 + (d/2) log(2 pi).
 */
public final class NegativeLogLikelihood {

    /** The definition every measurement carries. */
    public static final String DEFINITION = "NLL = -(1/n) sum_i log p^(x_i) = (1/n) sum_i [-log q(T(x_i))"
            + " - log|det grad T(x_i)|], q = N(0,I), nats, +- its standard error";

    private NegativeLogLikelihood() {
    }

    /** {@value #DEFINITION}. */
    public static String definition() {
        return DEFINITION;
    }

    /** From the model's log-densities of the test points (n x 1). */
    public static Measurement fromLogDensities(Tensor logDensities) {
        if (logDensities == null) {
            throw new IllegalArgumentException("logDensities: expected an n x 1 tensor, got null");
        }
        double[] v = KlDivergence.column("logDensities", logDensities, logDensities.rows());
        for (int i = 0; i < v.length; i++) {
            v[i] = -v[i];
        }
        return Measurement.mean("NLL", v, DEFINITION);
    }

    /**
     * From the transported points z = T(x) (n x d) and log|det grad T(x)| (n x 1).
     */
    public static Measurement fromTransport(Tensor z, Tensor logDet) {
        if (z == null || logDet == null) {
            throw new IllegalArgumentException("z, logDet: expected tensors, got null");
        }
        double[] ld = KlDivergence.column("logDet", logDet, z.rows());
        int d = z.cols();
        double[] zs = z.toArray();
        double c = 0.5 * d * Math.log(2 * Math.PI);
        double[] v = new double[z.rows()];
        for (int i = 0; i < v.length; i++) {
            double sq = 0;
            for (int k = 0; k < d; k++) {
                sq += zs[i * d + k] * zs[i * d + k];
            }
            v[i] = 0.5 * sq + c - ld[i];
        }
        return Measurement.mean("NLL", v, DEFINITION);
    }

    /**
     * From a flow with a density.
     *
     * @throws IllegalArgumentException if the flow defines no density ({@link Flow#hasDensity()})
     */
    public static Measurement of(Flow flow, Tensor x) {
        if (flow == null || !flow.hasDensity()) {
            throw new IllegalArgumentException("flow: expected a flow with a density (hasDensity() true), got "
                    + (flow == null ? "null" : flow.getClass().getName() + " without one"));
        }
        return fromLogDensities(flow.logDensity(x));
    }
}
