package dev.otto.cli.eval;

import dev.otto.autodiff.Tensor;
import dev.otto.cli.RunFailedException;
import dev.otto.cli.io.DataSource;
import dev.otto.flows.Flow;
import dev.otto.flows.data.GaussianMixture;
import dev.otto.flows.metrics.InversionError;
import dev.otto.flows.metrics.KlDivergence;
import dev.otto.flows.metrics.Measurement;
import dev.otto.flows.metrics.MmdSquared;
import dev.otto.flows.metrics.NegativeLogLikelihood;
import dev.otto.flows.metrics.TensorTransport;
import dev.otto.ode.IntegrationException;
import dev.otto.ot.cost.CostMatrix;
import dev.otto.ot.Weights;
import dev.otto.ot.sinkhorn.Sinkhorn;
import dev.otto.ot.sinkhorn.SinkhornDivergence;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The figures {@code otto eval} and the reports give for a model against data (MATH.md section 7).
 * Every figure carries its definition. Which figures apply depends on the model:
 * <ul>
 *   <li>always: MMD^2 (Gaussian kernel, median-heuristic bandwidth), W2 by exact OT and the Sinkhorn
 *       divergence between n data samples and n model samples;</li>
 *   <li>models with a density (JKO, interpolation, proximal): negative log-likelihood of the data, and
 *       KL(p|model) when the data distribution's density is known (a Gaussian mixture such as
 *       8gaussians); NaN with the reason in the definition when a forward-only generator's Euler steps
 *       cannot be inverted at the data (see {@code notComputable});</li>
 *   <li>invertible models (JKO, interpolation): the inversion error E|S(T(x)) - x|^2.</li>
 * </ul>
 *
 * @param samples    n, the number of data and of model samples
 * @param exactLimit the largest n given to the exact OT solver (W2); larger n use the first
 *                   {@code exactLimit} of each
 * @param seed       seed of the model's noise (and of fresh data from a built-in distribution)
 */
public record Evaluation(int samples, int exactLimit, long seed) {

    /** Entropic regularisation of the reported Sinkhorn divergence. */
    public static final double SINKHORN_EPSILON = 0.05;

    public Evaluation {
        if (samples < 2) {
            throw new IllegalArgumentException("samples: expected at least 2, got " + samples);
        }
        if (exactLimit < 2) {
            throw new IllegalArgumentException("exactLimit: expected at least 2, got " + exactLimit);
        }
    }

    /** The figures of {@code flow} against {@code data}. */
    public List<Measurement> of(Flow flow, DataSource data) {
        if (flow.dimension() != data.dimension()) {
            throw new IllegalArgumentException("data: the model has dimension " + flow.dimension() + ", the data "
                    + data.dimension());
        }
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor x = data.samples(samples, rng);
        try {
            Tensor y = flow.sample(x.rows(), rng);
            requireFinite(y);
            return of(flow, data, x, y);
        } catch (IntegrationException e) {
            throw new RunFailedException("the model's flow cannot be integrated (" + e.getMessage() + "): the model"
                    + " diverged; otto certify MODEL shows which check fails");
        }
    }

    /**
     * Refuses to measure samples that are not points of R^d.
     *
     * @throws RunFailedException naming how many of the model's samples are not finite
     */
    static void requireFinite(Tensor y) {
        int bad = 0;
        for (double[] r : y.toRows()) {
            for (double v : r) {
                if (!Double.isFinite(v)) {
                    bad++;
                    break;
                }
            }
        }
        if (bad > 0) {
            throw new RunFailedException("the model's samples are not finite (" + bad + " of " + y.rows() + " have a NaN"
                    + " or infinite coordinate): the model diverged; otto certify MODEL shows which check fails");
        }
    }

    /**
     * S_eps with explicit cost matrices (m x m, computed once: the solver's fused dense passes are
     * much faster than recomputing |x - y|^2 in every iteration) and epsilon scaling.
     */
    static double sinkhornDivergence(Tensor x, Tensor y) {
        double[] a = Weights.uniform(x.rows());
        double[] b = Weights.uniform(y.rows());
        return SinkhornDivergence.of(a, b, CostMatrix.of(TensorTransport.cost(x, y, 2)),
                CostMatrix.of(TensorTransport.cost(x, x, 2)), CostMatrix.of(TensorTransport.cost(y, y, 2)),
                SINKHORN_EPSILON, Sinkhorn.logDomain().withEpsilonScaling(true));
    }

    /** The figures for given data samples x and model samples y (same size). */
    public List<Measurement> of(Flow flow, DataSource data, Tensor x, Tensor y) {
        List<Measurement> out = new ArrayList<>();
        out.add(MmdSquared.withMedianHeuristic().evaluate(x, y));
        int m = Math.min(exactLimit, x.rows());
        Tensor xs = x.sliceRows(0, m);
        Tensor ys = y.sliceRows(0, m);
        out.add(new Measurement("W2", TensorTransport.w2(xs, ys), Double.NaN,
                "W2 = (min_P sum_ij P_ij |x_i - y_j|^2)^(1/2) between " + m + " data and " + m
                        + " model samples, uniform weights, exact OT (network simplex)"));
        out.add(new Measurement("Sinkhorn divergence", sinkhornDivergence(xs, ys), Double.NaN,
                "S_eps = OT_eps(x,y) - (OT_eps(x,x) + OT_eps(y,y))/2, cost |x-y|^2, eps = " + SINKHORN_EPSILON
                        + ", on the same " + m + " + " + m + " samples"));
        if (flow.hasDensity()) {
            Tensor xd = x.sliceRows(0, m);
            boolean knownDensity = data.fixed() == null && data.sampler() instanceof GaussianMixture;
            try {
                out.add(NegativeLogLikelihood.of(flow, xd));
                if (knownDensity) {
                    out.add(KlDivergence.estimate(((GaussianMixture) data.sampler())::logDensity, flow::logDensity, xd));
                }
            } catch (IllegalStateException e) {
                if (flow.hasInverse()) {
                    throw e;
                }
                out.addAll(notComputable(knownDensity, e.getMessage()));
            }
            if (flow.hasInverse()) {
                out.add(InversionError.of(flow, xd));
            }
        }
        return out;
    }

    /**
     * NLL (and KL) as NaN with the reason, for a forward-only generator whose log-density could not
     * be had: it inverts each Euler step x' = x - dt grad phi(x, t) by Newton's method, and refuses a
     * point where the step folds (I - dt Hess phi not positive definite at the preimage, MATH.md
     * section 6, "Density of the generator") or where the iteration does not converge. The sample
     * figures above stand regardless.
     */
    private static List<Measurement> notComputable(boolean knownDensity, String reason) {
        String why = "not computable for this model (" + reason + ")";
        List<Measurement> out = new ArrayList<>();
        out.add(new Measurement("NLL", Double.NaN, Double.NaN, NegativeLogLikelihood.DEFINITION + "; " + why));
        if (knownDensity) {
            out.add(new Measurement("KL", Double.NaN, Double.NaN, KlDivergence.DEFINITION + "; " + why));
        }
        return out;
    }
}
