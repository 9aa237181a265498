package dev.otto.theory.verify;

import dev.otto.autodiff.Gradients;
import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import dev.otto.flows.interpolation.ExactInterpolationFlow;
import dev.otto.flows.interpolation.GaussianMixtureVelocity;
import dev.otto.flows.interpolation.Schedule;
import dev.otto.ode.ButcherTableau;
import dev.otto.ode.Integration;
import dev.otto.ode.VectorField;
import dev.otto.ot.Wasserstein;
import dev.otto.theory.interpolation.InterpGen;
import dev.otto.theory.interpolation.JacobianBounds;
import dev.otto.theory.interpolation.StabilityCase;
import dev.otto.theory.ode.OdeFixtures;
import java.util.List;
import java.util.SplittableRandom;

/**
 * MATH.md section 5, Gaussian interpolation flows (seed paper 3), on Gaussian-mixture targets whose
 * velocity, Jacobian and marginals are exact ({@link GaussianMixtureVelocity}): the single-Gaussian
 * endpoint oracle, Tweedie's Jacobian, the eigenvalue interval for targets in a ball, the flow-map
 * Lipschitz bound and the two stability statements, and cycle consistency. Every built-in schedule
 * (linear, trigonometric, Follmer, variance preserving) is visited in turn; tolerances as in
 * {@code dev.otto.theory.interpolation}.
 */
final class InterpolationChecks {

    private static final String PAPER = "seed paper 3";

    private InterpolationChecks() {
    }

    static List<TheoremCheck> all() {
        return List.of(gaussianEndpoint(), tweedie(), ballJacobian(), flowLipschitz(), w2Stability(), perturbedVelocity(),
                cycle());
    }

    private static Statement statement(String id, String text) {
        return new Statement(id, "5", text, PAPER);
    }

    private static Schedule schedule(int index) {
        return InterpGen.schedule(Draw.regime(index, InterpGen.SCHEDULES.size()));
    }

    /**
     * Adaptive Dormand-Prince at 1e-10 through {@link ExactInterpolationFlow#fromNoise}, covariance
     * eigenvalues 1e-3 .. 1e2 (stiff near t = 1), means 1e-3 .. 1e2: within 1e-8 (1 + |target|) of
     * mu + S^1/2 z, a hundred times the solver's local tolerance, the margin a global error of a
     * tolerance-controlled solve needs on a problem whose Jacobian grows to O(1/(1 - t)) (the worst
     * case measured at budget 300 over four seeds used 3% of it). A wrong velocity moves x(1) by O(1).
     */
    static TheoremCheck gaussianEndpoint() {
        return WorstCase.of(statement("interpolation.gaussian-endpoint",
                        "For one Gaussian target N(mu, S) the flow from t = 0 is affine, so x(1) = mu + S^1/2 z"),
                "measured: max |x(1) - (mu + S^1/2 z)| / (1 + |mu + S^1/2 z|) over entries (Dormand-Prince, tolerance 1e-10); bound: 1e-8 (100 x the solver's tolerance)",
                (index, rng) -> {
                    int d = 1 + rng.nextInt(4);
                    InterpGen.Target g = InterpGen.mixture(d, 1, -3, 2, -3, 2, 0, false, rng);
                    Tensor z = Tensor.randn(6, d, rng);
                    Tensor x1 = new ExactInterpolationFlow(g.velocity(schedule(index)), Integration.adaptive(1e-10)).fromNoise(z);
                    double[] got = x1.toArray();
                    double[] expected = InterpGen.affine(g, z).toArray();
                    double worst = 0;
                    for (int i = 0; i < got.length; i++) {
                        worst = Math.max(worst, Math.abs(got[i] - expected[i]) / (1 + Math.abs(expected[i])));
                    }
                    return Outcome.error(worst, 1e-8);
                });
    }

    /**
     * The closed-form Jacobian (Tweedie) against reverse mode through the separately implemented
     * recorded velocity, up to 4 components in up to 4 dimensions, eigenvalues 1e-3 .. 1e2, t at
     * both ends and near 1. Both sides solve with a^2 I + b^2 S_k, condition number up to about
     * 1e5 here, so they agree to u cond (1 + max|J|) with a modest factor, about 180 u x 1e5 = 4e-9
     * for one component. With several components the posterior covariance is a difference of second
     * moments, which cancels: a property run found 2.7e-7 (seed -3566, case 2), 67 times that figure,
     * so the bound is 1e-6 (1 + max|J|), about u cond^2 / 2 for cond = 1e5, which that worst case
     * uses a quarter of. A wrong Tweedie factor moves J by O(1).
     */
    static TheoremCheck tweedie() {
        return WorstCase.of(statement("interpolation.tweedie",
                        "Tweedie: grad_x v = (a'/a) I + (b' - a' b/a)(b/a^2) Cov[X_1 | X_t = x]"),
                "measured: max |J_closed form - J_reverse mode| / max(1, max|J|) over 8 points (dimensionless); "
                        + "bound: 1e-6 (u cond^2 / 2 for the largest condition number 1e5: the mixture's posterior"
                        + " covariance is a difference of second moments)",
                (index, rng) -> {
                    int d = 1 + rng.nextInt(4);
                    InterpGen.Target g = InterpGen.mixture(d, 1 + rng.nextInt(4), -3, 1, -3, 2, 6, false, rng);
                    Schedule s = schedule(index);
                    GaussianMixtureVelocity v = g.velocity(s);
                    double t = InterpGen.time(Draw.regime(index, 8), rng);
                    Tensor x = InterpGen.points(g, s, t, 8, rng);
                    List<double[][]> closed = v.jacobian(t, x);
                    double worst = 0;
                    for (int r = 0; r < d; r++) {
                        double[] onehot = new double[x.rows() * d];
                        for (int n = 0; n < x.rows(); n++) {
                            onehot[n * d + r] = 1;
                        }
                        try (Tape.Scope scope = Tape.record()) {
                            Tensor xr = Tensor.wrap(x.rows(), d, x.toArray());
                            Tensor row = Gradients.grad(v.velocityRecorded(t, xr), xr, Tensor.wrap(x.rows(), d, onehot), false);
                            for (int n = 0; n < x.rows(); n++) {
                                double scale = 1;
                                for (double[] jr : closed.get(n)) {
                                    for (double e : jr) {
                                        scale = Math.max(scale, Math.abs(e));
                                    }
                                }
                                for (int c = 0; c < d; c++) {
                                    worst = Math.max(worst, Math.abs(closed.get(n)[r][c] - row.get(n, c)) / scale);
                                }
                            }
                        }
                    }
                    return Outcome.error(Double.isFinite(worst) ? worst : Double.NaN, 1e-6);
                });
    }

    /**
     * 1 to 6 point masses in a ball of radius D (1e-2 .. 10, one on the sphere), weights over four
     * decades, t in [0, 1 - 1e-3]: the eigenvalues of sym grad v at 16 points lie in the interval, to
     * 1e-8 (1 + |bound|).
     */
    static TheoremCheck ballJacobian() {
        return WorstCase.of(statement("interpolation.ball-jacobian",
                        "Targets in a ball of radius D: the eigenvalues of sym grad v lie in [a'/a, a'/a + (b' - a' b/a) b D^2 / a^2]"),
                "measured: the extreme eigenvalue of sym grad v nearest an end of the interval; bound: that end, widened by "
                        + "1e-8 (1 + |end|)",
                (index, rng) -> {
                    int d = 1 + rng.nextInt(3);
                    int k = Draw.integer(index, rng, 1, 6);
                    double radius = Draw.logScale(index, rng, -2, 1);
                    double[] w = new double[k];
                    double[][] mu = new double[k][d];
                    for (int j = 0; j < k; j++) {
                        w[j] = Math.pow(10, -4 * rng.nextDouble());
                        double norm = 0;
                        for (int i = 0; i < d; i++) {
                            mu[j][i] = rng.nextGaussian();
                            norm += mu[j][i] * mu[j][i];
                        }
                        double r = radius * (j == 0 ? 1 : rng.nextDouble()) / Math.sqrt(norm);
                        for (int i = 0; i < d; i++) {
                            mu[j][i] *= r;
                        }
                    }
                    Schedule s = schedule(index);
                    GaussianMixtureVelocity v = GaussianMixtureVelocity.of(w, mu, new double[k][d][d], s);
                    double t = index % 4 == 3 ? 1 - 1e-3 : (1 - 1e-3) * rng.nextDouble();
                    Schedule.Values c = s.at(t);
                    double[] interval = JacobianBounds.ballInterval(c, radius);
                    Tensor x = Tensor.randn(16, d, rng).scale(radius + c.a());
                    Outcome worst = null;
                    for (double[][] j : v.jacobian(t, x)) {
                        double[] e = InterpGen.symmetricEigenvalues(j);
                        worst = Outcome.worseOf(worst, Outcome.atLeast(e[0], interval[0] - 1e-8 * (1 + Math.abs(interval[0]))));
                        worst = Outcome.worseOf(worst, Outcome.atMost(e[d - 1], interval[1] + 1e-8 * (1 + Math.abs(interval[1]))));
                    }
                    return worst;
                });
    }

    /** d 1..3, 1..4 components (one at case 0, four at case 1), schedules in turn. */
    private static StabilityCase stabilityCase(int index, SplittableRandom rng) {
        return StabilityCase.generate(1 + rng.nextInt(3), Draw.integer(index, rng, 1, 4),
                Draw.regime(index, InterpGen.SCHEDULES.size()), rng);
    }

    /**
     * Pairs at time s, near and far apart (separations 1e-4 .. 10, up to 20 standard deviations out),
     * pushed by RK4 (400 steps per unit time): the bound exp(int Lambda) is attained along extreme
     * eigen-directions, so the tolerance 1e-4 covers the integration and quadrature errors only
     *.
     */
    static TheoremCheck flowLipschitz() {
        return WorstCase.of(statement("interpolation.flow-lipschitz",
                        "Flow-map Lipschitz: Lip(Phi_{s->t}) <= exp(int_s^t sup_x lambda_max(sym grad v(r,x)) dr)"),
                "measured: the largest |Phi x - Phi y| / |x - y| over 12 pairs; bound: exp(int_s^t Lambda) (1 + 1e-4) "
                        + "(+ 1e-12 / |x - y|), Lambda the explicit shared-covariance bound on lambda_max",
                (index, rng) -> {
                    StabilityCase c = stabilityCase(index, rng);
                    Tensor x = InterpGen.points(c.target(), c.schedule(), c.start(), 12, rng);
                    Tensor y = StabilityCase.nearby(x, rng);
                    double[] before = OdeFixtures.rowDistances(x, y);
                    double[] after = OdeFixtures.rowDistances(c.flow(x), c.flow(y));
                    Outcome worst = null;
                    for (int i = 0; i < before.length; i++) {
                        worst = Outcome.worseOf(worst,
                                Outcome.atMost(after[i] / before[i], c.lipschitz() * (1 + 1e-4) + 1e-12 / before[i]));
                    }
                    return worst;
                });
    }

    /** Two empirical measures of 24 points at time s (the second shifted), exact OT on both sides; 1e-4 relative. */
    static TheoremCheck w2Stability() {
        return WorstCase.of(statement("interpolation.w2-stability",
                        "Stability in the source: W_2(Phi # mu, Phi # mu') <= Lip(Phi) W_2(mu, mu')"),
                "measured: W_2 of the pushed samples (exact OT); bound: exp(int_s^t Lambda) W_2 of the starting samples (1 + 1e-4) + 1e-12",
                (index, rng) -> {
                    StabilityCase c = stabilityCase(index, rng);
                    int d = c.target().dimension();
                    Tensor mu = InterpGen.points(c.target(), c.schedule(), c.start(), 24, rng);
                    Tensor nu = InterpGen.points(c.target(), c.schedule(), c.start(), 24, rng)
                            .add(Tensor.randn(1, d, rng).scale(rng.nextDouble()));
                    double before = Wasserstein.w2(mu.toRows(), nu.toRows());
                    double after = Wasserstein.w2(c.flow(mu).toRows(), c.flow(nu).toRows());
                    return Outcome.atMost(after, c.lipschitz() * before * (1 + 1e-4) + 1e-12);
                });
    }

    /**
     * w = v + delta u, u_i = sin(3 x_i + 5 t)/sqrt(d) (|u| &lt;= 1), delta 1e-6 .. 1: Gronwall with the
     * one-sided constant, d|e|/dt &lt;= Lambda |e| + delta; 1e-4 relative plus 1e-10 for the two solves.
     */
    static TheoremCheck perturbedVelocity() {
        return WorstCase.of(statement("interpolation.perturbed-velocity",
                        "A perturbed velocity with |v - w| <= delta moves every endpoint by at most delta (e^{LT} - 1)/L"),
                "measured: the largest |Phi_v x - Phi_w x| over 10 starts; bound: delta int_s^t exp(int_r^t Lambda) dr "
                        + "(1 + 1e-4) + 1e-10 (<= delta (e^{LT} - 1)/L for Lambda <= L)",
                (index, rng) -> {
                    int d = 1 + rng.nextInt(3);
                    InterpGen.Target g = InterpGen.mixture(d, Draw.integer(index, rng, 1, 4), -2, 0.5, -1.5, 1, 4, true, rng);
                    GaussianMixtureVelocity v = g.velocity(schedule(index));
                    double[] st = StabilityCase.interval(rng);
                    double delta = Draw.logScale(index, rng, -6, 0);
                    double amplitude = delta / Math.sqrt(d);
                    VectorField w = (t, x) -> {
                        double[] u = x.toArray().clone();
                        for (int i = 0; i < u.length; i++) {
                            u[i] = amplitude * Math.sin(3 * u[i] + 5 * t);
                        }
                        return v.velocity(t, x).add(Tensor.wrap(x.rows(), x.cols(), u));
                    };
                    double bound = delta * JacobianBounds.gronwallIntegral(v, g.meanDiameter(), st[0], st[1]);
                    Tensor x = InterpGen.points(g, v.schedule(), st[0], 10, rng);
                    double[] gap = OdeFixtures.rowDistances(StabilityCase.flow(v.field(), x, st[0], st[1]),
                            StabilityCase.flow(w, x, st[0], st[1]));
                    double largest = 0;
                    for (double e : gap) {
                        largest = Math.max(largest, e);
                    }
                    return Outcome.atMost(largest, bound * (1 + 1e-4) + 1e-10);
                });
    }

    /**
     * Euler, midpoint and RK4 in turn through {@code fromNoise} then {@code toNoise} on n and 2n steps
     * (n = 256, 128, 64), mixtures of up to 3 components (eigenvalues 0.1 .. 10, slope at most ~20):
     * the fine round trip is within min(1, 1e4 h^p) (1 + |z|) of z, and where the coarse error is above
     * rounding (1e-11 (1 + |z|)) the error ratio is at least 0.6 x 2^p.
     */
    static TheoremCheck cycle() {
        ButcherTableau[] tableaux = {ButcherTableau.EULER, ButcherTableau.MIDPOINT, ButcherTableau.RK4};
        int[] coarse = {256, 128, 64};
        return WorstCase.of(statement("interpolation.cycle",
                        "Cycle consistency: integrating 0 -> 1 then 1 -> 0 returns the start up to the integrator's error"),
                "measured: the worse of the round-trip error max|toNoise(fromNoise(z)) - z| on 2n steps (bound min(1, 1e4 h^p) "
                        + "(1 + max|z|)) and the observed order log2(e(n)/e(2n)) (bound p + log2(0.6))",
                (index, rng) -> {
                    int which = Draw.regime(index, tableaux.length);
                    ButcherTableau tab = tableaux[which];
                    int d = 1 + rng.nextInt(3);
                    InterpGen.Target g = InterpGen.mixture(d, Draw.integer(index, rng, 1, 3), -2, 0.5, -1, 1, 3, false, rng);
                    GaussianMixtureVelocity v = g.velocity(schedule(index));
                    Tensor z = Tensor.randn(6, d, rng).scale(1 + 2 * rng.nextDouble());
                    double e1 = roundTrip(new ExactInterpolationFlow(v, Integration.fixed(tab, coarse[which])), z);
                    double e2 = roundTrip(new ExactInterpolationFlow(v, Integration.fixed(tab, 2 * coarse[which])), z);
                    double scale = 1 + InterpGen.maxAbs(z);
                    double h = 1.0 / (2 * coarse[which]);
                    Outcome fine = Outcome.atMost(e2, Math.min(1, 1e4 * Math.pow(h, tab.order())) * scale);
                    if (e1 <= 1e-11 * scale) {
                        return fine;    // at rounding: no order to observe
                    }
                    return Outcome.worst(fine, Outcome.atLeast(OdeFixtures.log2(e1 / e2), tab.order() + OdeFixtures.log2(0.6)));
                });
    }

    private static double roundTrip(ExactInterpolationFlow f, Tensor z) {
        return InterpGen.error(f.toNoise(f.fromNoise(z)), z);
    }
}
