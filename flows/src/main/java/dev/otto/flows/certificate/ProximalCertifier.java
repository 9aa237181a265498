package dev.otto.flows.certificate;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.io.ModelConfig;
import dev.otto.flows.metrics.Straightness;
import dev.otto.flows.proximal.Indicators;
import dev.otto.flows.proximal.ProximalFlow;
import dev.otto.flows.proximal.Rollout;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The certificate of a W1/W2 proximal generator (MATH.md section 6; seed paper 2), from rollouts of
 * the saved potential on fresh noise. Besides the sample checks of every family
 * ({@link SampleChecks}):
 * <ul>
 *   <li>{@code flow.inversion} is NOT_RESOLVABLE: the generator is forward only (no inverse exists on
 *       manifold data, see {@link ProximalFlow}); the K vs 2K check stands in for it, comparing the
 *       map with a finer integration of itself as the inversion error does for the other families.</li>
 *   <li>{@code prox.discretisation}: E|x_K - x_2K| (K and 2K Euler steps from the same noise) against a
 *       tenth of the mean travel E|x_K - x_0|. Theorem 4.1 makes optimal paths straight at constant
 *       speed, on which Euler is exact at any K; a gap rising towards the travel itself says the
 *       samples are an artefact of the grid, not of a flow map.</li>
 *   <li>{@code prox.straightness}: E |x_K - x_0| / sum_k |x_{k+1} - x_k| against 0.9. It is 1 for the
 *       straight paths of Theorem 4.1; a falling straightness means the kinetic term no longer shapes
 *       the paths (with lambda = 0, the W1-only and unregularised cases, nothing asks for straightness
 *       and the check is NOT_RESOLVABLE).</li>
 *   <li>{@code prox.hj-residual}: the Hamilton-Jacobi residual r = d phi/dt - |grad phi|^2/2 at the
 *       Euler points, centred per time (E|r - E_x r|: phi + c(t) drives the same generator, so only
 *       the centred part is a property of the model), beside the same figure for a potential that
 *       does not evolve (d phi/dt = 0). Always NOT_RESOLVABLE: training fits grad phi and never
 *       d phi/dt, and well-trained runs of seed paper 2's settings keep residuals of the order of
 *       their kinetic energy (bench/results/proximal.md), so no bound separates good from broken;
 *       the figure is evidence through its trend (falling towards 0: approaching the optimality
 *       system of MATH.md section 6).</li>
 *   <li>{@code prox.objective-ceiling}: the discriminator objective at the end of training against the
 *       trainer's ceiling (ln(Float.MAX_VALUE) by default): an objective growing to it is the
 *       divergence seed paper 2 reports for unpenalised divergences between singular measures. The
 *       discriminator is not part of the model, so this is the value training recorded
 *       ({@link TrainingRecord}); NOT_RESOLVABLE when none was recorded.</li>
 * </ul>
 */
public final class ProximalCertifier {

    /** The fraction of the mean travel the K vs 2K gap may reach. */
    public static final double DISCRETISATION_FRACTION = 0.1;

    /** The least mean straightness of a model trained with a kinetic term. */
    public static final double STRAIGHTNESS = 0.9;

    /** Noise samples of the Hamilton-Jacobi residual (one gradient per sample and Euler point). */
    static final int HJ_SAMPLES = 200;

    /**
     * What training recorded that the model file alone cannot show.
     *
     * @param lambda    the kinetic weight lambda (0 in the W1-only and unregularised cases)
     * @param objective the discriminator objective at the end of training (NaN if unknown)
     * @param ceiling   the objective ceiling training stopped at (NaN if unknown)
     */
    public record TrainingRecord(double lambda, double objective, double ceiling) {

        /** Model-file configuration keys of the recorded objective and ceiling. */
        public static final String OBJECTIVE_KEY = "discriminatorObjective";
        public static final String CEILING_KEY = "objectiveCeiling";

        /**
         * Read from a model file's configuration (keys "lambda", {@value #OBJECTIVE_KEY},
         * {@value #CEILING_KEY}); a missing entry reads as NaN (unknown).
         */
        public static TrainingRecord fromConfig(ModelConfig config) {
            return new TrainingRecord(config.number("lambda", Double.NaN), config.number(OBJECTIVE_KEY, Double.NaN),
                    config.number(CEILING_KEY, Double.NaN));
        }
    }

    private ProximalCertifier() {
    }

    /** The certificate of {@code flow} on held-out data (n x d), randomness from {@code rng}. */
    public static Certificate certify(ProximalFlow flow, TrainingRecord record, Tensor heldOut, RandomGenerator rng) {
        DataScale scale = DataScale.of(heldOut);
        int n = heldOut.rows();
        Tensor z = Tensor.randn(n, heldOut.cols(), rng);
        Rollout r = flow.rollout(z);
        List<Check> checks = new ArrayList<>(SampleChecks.of(r.terminal(), scale));
        if (SampleChecks.diverged(checks)) {
            return new Certificate(ProximalFlow.KIND, checks);
        }
        checks.add(Check.notResolvable("flow.inversion", "MATH.md 6 (forward-only generator)", "the proximal"
                + " generator has no inverse (its target may lie on a manifold): prox.discretisation stands in"));
        double gap = Indicators.meanDistance(r.terminal(), flow.fromNoise(z, 2 * flow.generator().steps()));
        double travel = Indicators.meanDistance(r.terminal(), z);
        checks.add(Check.atMost("prox.discretisation", "seed paper 2, Theorem 4.1 (discretisation invariance)", gap,
                DISCRETISATION_FRACTION * travel, String.format(Locale.ROOT, "E|x_K - x_2K| with K = %d against 0.1 x"
                        + " the mean travel E|x_K - x_0| = %.4g; a rising gap means the samples depend on the grid",
                        flow.generator().steps(), travel)));
        boolean kinetic = record != null && record.lambda() > 0;
        double straight = Straightness.of(r.states()).value();
        String straightMeaning = String.format(Locale.ROOT, "E|x_K - x_0| / sum_k |x_k+1 - x_k| = %.4g (1 for the"
                + " straight constant-speed paths of Theorem 4.1); falling means the kinetic term no longer shapes"
                + " the paths", straight);
        checks.add(kinetic ? Check.atLeast("prox.straightness", "seed paper 2, Theorem 4.1", straight, STRAIGHTNESS,
                straightMeaning) : Check.notResolvable("prox.straightness", "seed paper 2, Theorem 4.1",
                straightMeaning + "; lambda = 0 asks for no straightness"));
        checks.add(hamiltonJacobi(flow, r, kinetic, HJ_SAMPLES));
        checks.add(objective(record));
        return new Certificate(ProximalFlow.KIND, checks);
    }

    private static Check hamiltonJacobi(ProximalFlow flow, Rollout r, boolean kinetic, int samples) {
        double residual = 0;
        double still = 0;
        int points = r.states().size() - 1;
        for (int k = 0; k < points; k++) {
            Tensor x = r.states().get(k).sliceRows(0, Math.min(samples, r.states().get(k).rows()));
            double t = r.times()[k];
            residual += centredMeanAbs(Indicators.hamiltonJacobiResidualAt(flow.generator().potential(), x, t));
            double[] g = flow.generator().gradient(x, t, false).toArray();
            double[] half = new double[x.rows()];
            for (int i = 0; i < half.length; i++) {
                for (int j = 0; j < x.cols(); j++) {
                    half[i] += g[i * x.cols() + j] * g[i * x.cols() + j] / 2;
                }
            }
            still += centredMeanAbs(half);
        }
        residual /= points;
        still /= points;
        String meaning = String.format(Locale.ROOT, "E|r - E_x r| of r = d phi/dt - |grad phi|^2/2 at the Euler points"
                + " (centred per time: phi + c(t) is the same generator), against %.4g, the same for a potential"
                + " that does not evolve (d phi/dt = 0); above it, phi's evolution works against the Hamilton-Jacobi"
                + " equation and its paths lose the optimality structure", still);
        return new Check("prox.hj-residual", "MATH.md 6 optimality (Hamilton-Jacobi)", residual, Check.AT_MOST, still,
                Double.NaN, Verdict.NOT_RESOLVABLE, meaning + (kinetic ? "; shown, not held to the bound: training fits"
                        + " grad phi only and never d phi/dt, so only its trend (falling towards 0) is evidence"
                        : "; lambda = 0: no HJ equation to satisfy"));
    }

    /** E|v_i - mean v| over the entries. */
    static double centredMeanAbs(double[] v) {
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= v.length;
        double s = 0;
        for (double x : v) {
            s += Math.abs(x - mean);
        }
        return s / v.length;
    }

    private static Check objective(TrainingRecord record) {
        String id = "prox.objective-ceiling";
        String statement = "MATH.md 6: penalised objective <= L W1(P, Q)";
        if (record == null || Double.isNaN(record.objective()) || Double.isNaN(record.ceiling())) {
            return Check.notResolvable(id, statement, "the discriminator objective of training was not recorded with"
                    + " the model (the discriminator is not saved)");
        }
        return Check.atMost(id, statement, record.objective(), record.ceiling(), "the discriminator objective at the end"
                + " of training (recorded), against the ceiling where single-precision exp(g) overflows; reaching it is"
                + " the divergence of unpenalised objectives");
    }
}
