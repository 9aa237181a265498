package dev.otto.flows.metrics;

import dev.otto.autodiff.Tensor;
import java.util.function.Function;

/**
 * Monte Carlo estimate of KL(p | p^) = E_{x~p}[log p(x) - log p^(x)] when the data density p is
 * known (Gaussian mixtures) and the model p^ has a log-density (MATH.md section 7):
 * KL^ = (1/n) sum_i (log p(x_i) - log p^(x_i)), x_i ~ p, reported with its standard error. Unbiased;
 * a single estimate can be negative.
 */
public final class KlDivergence {

    /** The definition every measurement carries. */
    public static final String DEFINITION = "KL(p|p^) = E_{x~p}[log p(x) - log p^(x)], Monte Carlo mean over samples of p"
            + " (nats), +- its standard error";

    private KlDivergence() {
    }

    /** {@value #DEFINITION}. */
    public static String definition() {
        return DEFINITION;
    }

    /**
     * The estimate from samples of p.
     *
     * @param logP the known log-density of p (n x d -> n x 1)
     * @param logModel the model's log-density (n x d -> n x 1)
     * @param samplesFromP x_1..x_n ~ p (n x d)
     * @throws IllegalArgumentException if a log-density returns the wrong shape or a non-finite value
     *     (naming which one and the first bad row)
     */
    public static Measurement estimate(Function<Tensor, Tensor> logP, Function<Tensor, Tensor> logModel,
                                       Tensor samplesFromP) {
        if (logP == null || logModel == null || samplesFromP == null) {
            throw new IllegalArgumentException("logP, logModel, samplesFromP: expected non-null arguments");
        }
        double[] a = column("logP", logP.apply(samplesFromP), samplesFromP.rows());
        double[] b = column("logModel", logModel.apply(samplesFromP), samplesFromP.rows());
        double[] diff = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            diff[i] = a[i] - b[i];
        }
        return Measurement.mean("KL", diff, DEFINITION);
    }

    static double[] column(String name, Tensor t, int n) {
        if (t == null || t.rows() != n || t.cols() != 1) {
            throw new IllegalArgumentException(name + ": expected an " + n + "x1 tensor of log-densities, got "
                    + (t == null ? "null" : t.shape()));
        }
        double[] v = t.toArray();
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(name + ": expected finite log-densities, got " + v[i] + " at row " + i);
            }
        }
        return v;
    }
}
