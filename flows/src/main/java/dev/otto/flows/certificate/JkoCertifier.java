package dev.otto.flows.certificate;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.jko.FirstOrderError;
import dev.otto.flows.jko.JkoBlock;
import dev.otto.flows.jko.JkoFlow;
import dev.otto.ode.IntegrationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * The certificate of a JKO flow (MATH.md section 4; seed paper 1), measured with the saved flow's
 * own maps: held-out data x are pushed block by block with the integration the flow samples and
 * evaluates densities with (never the training grid), giving samples of p_1, ..., p_N. Besides
 * the checks of every family ({@link SampleChecks}), per block k:
 * <ul>
 *   <li>{@code jko.block-lipschitz[k]}: the measured stiffness max_x ||grad f_k(x)||_2 over the
 *       samples of p_k ({@link JacobianNorm}) against 2.785 S, S the RK4 steps of the training map:
 *       2.785 is where RK4's stability interval on the negative real axis ends, so beyond it the S
 *       fixed steps T_k was trained with are no longer an integration of dx/dt = f_k (MATH.md
 *       section 3, the step map's Lipschitz bound 1 + z + ... + z^4/24 with z = L dt). The row also
 *       shows the spectral-norm product L_k ({@link JkoBlock#fieldLipschitzBound()}) and e^L_k, the
 *       Lemma C.2 bound on the Lipschitz constants of T_k and of its inverse: it is loose (tens for
 *       good blocks), so it is reported, and the measured stiffness is what is held to the bound.</li>
 *   <li>{@code jko.map-agreement[k]}: E|T_k^train(x) - T_k(x)|^2 between the training map
 *       ({@link JkoBlock#pushTraining}) and the sampling map (the flow's integration) on the samples
 *       of p_k, against 1e-4 E|x|^2 ({@link DataScale#RELATIVE_MEAN_SQUARE}): the loss was minimised
 *       for the first, the model is the second.</li>
 *   <li>{@code jko.w2-decay[k]}: W2^2(p_k, q) by exact OT against fresh noise, beside the Theorem 4.3
 *       bound W2^2(p_0, q) prod_{j &lt;= k} (1 + h_j)^-1 (W2^2(p_0, q) measured the same way), with the
 *       estimator's floor ({@link EstimatorFloor}); a bound below the floor is NOT_RESOLVABLE.</li>
 *   <li>{@code jko.first-order[k]}: the Appendix D estimate of eps^2 = E|xi|^2 of the learned step
 *       ({@link FirstOrderError}) against the same estimate for standing still (T = identity on the
 *       same samples, so xi = y + grad log p_k(y), the relative Fisher information of p_k to q),
 *       which must come out strictly lower ({@link Check#below}: both estimates carry the same kernel
 *       and sampling bias): a learned step that is no better than not moving has not learned the JKO
 *       step. The floor is the estimate for the exact step at the fixed point (identity on samples of
 *       q); a standing-still error below it is NOT_RESOLVABLE.</li>
 * </ul>
 */
public final class JkoCertifier {

    /** End of RK4's stability interval on the negative real axis, |z| with 1 + z + ... + z^4/24 = +-1. */
    public static final double RK4_STABILITY = 2.785;

    /** Samples behind the Appendix D estimates (each is an n x n assignment problem). */
    static final int FIRST_ORDER_SAMPLES = 500;

    private JkoCertifier() {
    }

    /** The certificate of {@code flow} on held-out data (n x d), randomness from {@code rng}. */
    public static Certificate certify(JkoFlow flow, Tensor heldOut, RandomGenerator rng) {
        DataScale scale = DataScale.of(heldOut);
        List<Check> checks = new ArrayList<>(SampleChecks.of(() -> flow.sample(heldOut.rows(), rng), heldOut.rows(), scale));
        if (SampleChecks.diverged(checks)) {
            return new Certificate(JkoFlow.KIND, checks);
        }
        String integration = flow.integration().describe();
        checks.add(SampleChecks.inversion(flow, heldOut, scale, integration));
        int n = heldOut.rows();
        int d = heldOut.cols();
        double floor = EstimatorFloor.w2Squared(n, d, rng);
        double bound = EstimatorFloor.w2SquaredToNoise(heldOut, rng);
        int m = Math.min(FIRST_ORDER_SAMPLES, n);
        Tensor noise = Tensor.randn(m, d, rng);
        double firstOrderFloor = Double.NaN;
        Tensor x = heldOut;
        for (int k = 0; k < flow.blocks().size(); k++) {
            JkoBlock b = flow.blocks().get(k);
            double h = b.stepSize();
            double stability = RK4_STABILITY * b.rkSteps();
            Tensor next;
            try {
                next = b.integrate(x, true, flow.integration());
            } catch (IntegrationException | ArithmeticException e) {
                checks.add(new Check("jko.block-integration[" + k + "]", "MATH.md 3 (adaptive integration)", Double.NaN,
                        Check.AT_MOST, Double.NaN, Double.NaN, Verdict.FAIL, "the sampling integration of block " + k
                                + " on held-out data did not finish: " + e.getMessage()));
                break;
            }
            Tensor from = x;
            double stiffness = Measure.orNaN(() -> JacobianNorm.max(z -> b.velocity().apply(0.0, z), from));
            double lip = b.fieldLipschitzBound();
            checks.add(Check.atMost("jko.block-lipschitz[" + k + "]", "seed paper 1, Lemma C.2; MATH.md 3 RK4 step map",
                    stiffness, stability, String.format(Locale.ROOT, "max ||grad f_%d|| on the held-out samples of p_%d"
                            + " against RK4's stability limit 2.785 x %d steps; spectral-norm bound L = %.4g, so T_%d"
                            + " and its inverse are at most e^L = %.3g-Lipschitz", k, k, b.rkSteps(), lip,
                            k, Math.exp(lip))));
            Tensor trained = b.pushTraining(x);
            double agreement = trained.sub(next).square().rowSums().mean().item();
            checks.add(Check.atMost("jko.map-agreement[" + k + "]", "MATH.md 4 (block integrated by S RK4 steps)",
                    agreement, DataScale.of(x).meanSquareTolerance(), "E|T_train(x) - T_sample(x)|^2 on p_" + k
                            + ": the training map (" + b.rkSteps() + " RK4 steps) against the sampling map ("
                            + integration + "), tolerance 1e-4 E|x|^2 of p_" + k));
            bound /= 1 + h;
            double w2 = next.isFinite() ? EstimatorFloor.w2SquaredToNoise(next, rng) : Double.NaN;
            checks.add(Check.aboveFloor("jko.w2-decay[" + k + "]", "jko.contraction (seed paper 1, Theorem 4.3)", w2,
                    bound, floor, "W2^2(p_" + (k + 1) + ", q) of the saved flow's own map, by exact OT on " + n
                            + " samples, against W2^2(p_0, q) prod_j<=" + k + " (1+h_j)^-1; floor = W2^2 of two"
                            + " independent N(0,I) samples of that size"));
            Tensor before = x.sliceRows(0, m);
            Tensor after = next.sliceRows(0, m);
            if (Double.isNaN(firstOrderFloor)) {
                firstOrderFloor = FirstOrderError.estimate(noise, noise, h, FirstOrderError.DEFAULT_KERNEL_VARIANCE)
                        .value();
            }
            double eps = after.isFinite()
                    ? FirstOrderError.estimate(before, after, h, FirstOrderError.DEFAULT_KERNEL_VARIANCE).value()
                    : Double.NaN;
            double still = FirstOrderError.estimate(before, before, h, FirstOrderError.DEFAULT_KERNEL_VARIANCE).value();
            checks.add(Check.below("jko.first-order[" + k + "]", "seed paper 1, Assumption 1 and Appendix D", eps,
                    still, firstOrderFloor, String.format(Locale.ROOT, "E|xi|^2 of the learned step (h = %.3g) on %d"
                            + " samples, against the same estimate for not moving (identity); floor = the estimate"
                            + " for the exact step at q", h, m)));
            x = next;
        }
        return new Certificate(JkoFlow.KIND, checks);
    }
}
