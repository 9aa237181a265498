package dev.otto.theory.verify;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.metrics.Straightness;
import dev.otto.flows.proximal.FDivergence;
import dev.otto.flows.proximal.GradientPenalty;
import dev.otto.flows.proximal.Indicators;
import dev.otto.flows.proximal.Potential;
import dev.otto.flows.proximal.PotentialGenerator;
import dev.otto.flows.proximal.Rollout;
import dev.otto.ot.Wasserstein;
import dev.otto.theory.proximal.ProximalGen;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * MATH.md section 6, W1/W2 proximal generative flows (seed paper 2): the convex conjugates of the
 * f-divergences, the dual bound of the Lipschitz-regularised divergence, the Hopf-Lax solution of
 * the Hamilton-Jacobi equation and its straight characteristics, and the one-sided gradient
 * penalty. Every divergence of the package (KL, reverse KL, alpha at 1.05, 2, 7.5, W1) is visited
 * in turn; tolerances as in {@code dev.otto.theory.proximal}.
 */
final class ProximalChecks {

    private ProximalChecks() {
    }

    static List<TheoremCheck> all() {
        return List.of(fenchelYoung(), lipschitzDualBound(), hopfLax(), straightPaths(), oneSidedPenalty());
    }

    private static Statement statement(String id, String text, String reference) {
        return new Statement(id, "6", text, reference);
    }

    /**
     * For 16 (x, y) per case, x in {0, 1, 1e-8 .. 1e6}, y of both signs 1e-6 .. 1e3 (30 for KL and
     * alpha, where exp and powers must stay finite): f(x) + f*(y) &gt;= x y, equality at x* = (f*)'(y)
     * (which pins f* down: a conjugate that is merely too large passes the inequalities), and
     * f*(y) &gt;= y. Every side is a handful of correctly rounded operations: 1e-11 (|f(x)| + |f*(y)|
     * + |x y| + 1), and 1e-12 |y| for f*(y) &gt;= y.
     */
    static TheoremCheck fenchelYoung() {
        return WorstCase.of(statement("proximal.fenchel-young",
                        "f* is the convex conjugate of f (KL, reverse KL, alpha): f(x) + f*(y) >= xy with equality at x* = (f*)'(y), and f*(y) >= y",
                        "seed paper 2, eq. (2.2)"),
                "measured: the worst of f(x) + f*(y) against xy - tol, |f(x*) + f*(y) - x* y| against tol "
                        + "(tol = 1e-11 (|f| + |f*| + |xy| + 1)) and f*(y) against y - 1e-12 |y|",
                (index, rng) -> {
                    FDivergence f = ProximalGen.divergence(index);
                    boolean wide = f.kind() == FDivergence.Kind.W1 || f.kind() == FDivergence.Kind.REVERSE_KL;
                    double ymax = wide ? 3 : Math.log10(30);
                    Outcome worst = null;
                    for (int k = 0; k < 16; k++) {
                        double x = switch (k % 4) {
                            case 0 -> 0.0;
                            case 1 -> 1.0;
                            default -> ProximalGen.logUniform(rng, -8, 6);
                        };
                        double y = (rng.nextBoolean() ? 1 : -1) * ProximalGen.logUniform(rng, -6, ymax);
                        double fx = f.f(x);
                        double fy = f.conjugate(y);
                        worst = Outcome.worseOf(worst, Outcome.atLeast(fy, y - 1e-12 * Math.abs(y)));
                        if (Double.isFinite(fx) && Double.isFinite(fy)) {
                            double tol = 1e-11 * (Math.abs(fx) + Math.abs(fy) + Math.abs(x * y) + 1);
                            worst = Outcome.worseOf(worst, Outcome.atLeast(fx + fy, x * y - tol));
                        }
                        if (f.inConjugateDomain(y)) {
                            double xs = f.conjugateArgmax(y);
                            double fxs = f.f(xs);
                            double tol = 1e-11 * (Math.abs(fxs) + Math.abs(fy) + Math.abs(xs * y) + 1);
                            worst = Outcome.worseOf(worst, Outcome.error(fxs + fy - xs * y, tol));
                        }
                    }
                    return worst;
                });
    }

    /**
     * Finite clouds P, Q (equal: W_1 = 0; overlapping; far apart), scales 1e-6 .. 1e4, L 1e-3 .. 1e3,
     * g linear with slope exactly L, a cone function or a rescaled ReLU MLP (shifted below 0 for
     * reverse KL): E_P g - E_Q f*(g) &lt;= L W_1 in the scalar form and in the training objective
     * (Donsker-Varadhan for KL). Tolerance 1e-9 (1 + L W_1 + E_P|g| + E_Q|g|).
     */
    static TheoremCheck lipschitzDualBound() {
        return WorstCase.of(statement("proximal.lipschitz-dual-bound",
                        "Since f*(y) >= y, every L-Lipschitz g gives E_P[g] - E_Q[f*(g)] <= L W_1(P, Q)",
                        "seed paper 2, eq. (2.4)"),
                "measured: the larger of E_P g - E_Q f*(g) and the training objective; bound: L W_1 + 1e-9 "
                        + "(1 + L W_1 + E_P|g| + E_Q|g|)",
                (index, rng) -> {
                    FDivergence f = ProximalGen.divergence(index);
                    int d = 1 + rng.nextInt(3);
                    double scale = Draw.logScale(index, rng, -6, 4);
                    double lip = ProximalGen.logUniform(rng, -3, 3);
                    int n = 1 + rng.nextInt(12);
                    int m = 1 + rng.nextInt(12);
                    Tensor p = ProximalGen.cloud(n, d, scale, 0, rng);
                    Tensor q = switch (Draw.regime(index, 3)) {
                        case 0 -> p;
                        case 1 -> ProximalGen.cloud(m, d, scale, 0, rng);
                        default -> ProximalGen.cloud(m, d, scale, 10 * scale, rng);
                    };
                    double offset = scale * lip * (rng.nextDouble() * 4 - 2);
                    UnaryOperator<Tensor> g0 = ProximalGen.lipschitz(rng.nextInt(3), d, lip, scale, offset, rng);
                    Tensor gp0 = g0.apply(p);
                    Tensor gq0 = g0.apply(q);
                    double shift = 0;
                    if (f.kind() == FDivergence.Kind.REVERSE_KL) {
                        shift = -Math.max(ProximalGen.max(gp0), ProximalGen.max(gq0)) - scale * lip * (1e-3 + rng.nextDouble());
                    }
                    Tensor gp = gp0.addScalar(shift);
                    Tensor gq = gq0.addScalar(shift);
                    double w1 = Wasserstein.w1(p.toRows(), q.toRows());
                    double tol = 1e-9 * (1 + lip * w1 + gp.abs().mean().item() + gq.abs().mean().item());
                    double conj = 0;
                    for (double v : gq.toArray()) {
                        conj += f.conjugate(v);
                    }
                    double scalarForm = gp.mean().item() - conj / gq.rows();
                    double trainingForm = f.objective(gp, gq).item();
                    double measured = Double.isNaN(trainingForm) ? Double.NaN : Math.max(scalarForm, trainingForm);
                    return Outcome.atMost(measured, lip * w1 + tol);
                });
    }

    /** A Hopf-Lax case: horizon T 0.1 .. 10, c from just above -1/T (expanding, 1 + cT down to 0.05) to 1e3, |x| 1e-4 .. 1e4. */
    private record HopfLaxCase(double c, double horizon, Tensor z, PotentialGenerator generator, Rollout rollout) {
        static HopfLaxCase generate(int index, SplittableRandom rng) {
            int d = 1 + rng.nextInt(5);
            int k = 1 + rng.nextInt(12);
            double horizon = ProximalGen.logUniform(rng, -1, 1);
            double c = index % 4 == 0 ? -(1 - ProximalGen.logUniform(rng, -1.3, -0.01)) / horizon
                    : ProximalGen.logUniform(rng, -3, 3) * (rng.nextInt(3) == 0 ? -1e-3 : 1);
            if (!(1 + c * horizon > 0)) {
                c = 0.5;
            }
            Tensor z = Tensor.randn(7, d, rng).scale(Draw.logScale(index, rng, -4, 4));
            PotentialGenerator gen = new PotentialGenerator(Potential.hopfLax(c, horizon), horizon, k);
            return new HopfLaxCase(c, horizon, z, gen, gen.rollout(z));
        }
    }

    /**
     * phi(x, t) = c|x|^2 / (2(1 + c(T - t))) solves d phi/dt - |grad phi|^2/2 = 0, so the package's
     * residual (autodiff d phi/dt and grad phi along the Euler states) is zero to rounding:
     * 64 u E|grad phi|^2/2, u = 2^-52: the residual is a difference of two terms of that size, each
     * from a few reverse-mode operations.
     */
    static TheoremCheck hopfLax() {
        return WorstCase.of(statement("proximal.hopf-lax",
                        "Hopf-Lax: phi(x,t) = c|x|^2 / (2(1 + c(T - t))) solves d phi/dt - |grad phi|^2/2 = 0 with phi(x,T) = c|x|^2/2",
                        "seed paper 2, eq. (3.3)"),
                "measured: the HJ residual E|d phi/dt - |grad phi|^2/2| along the Euler states; bound: 64 u E|grad phi|^2/2, u = 2^-52 (rounding)",
                (index, rng) -> {
                    HopfLaxCase h = HopfLaxCase.generate(index, rng);
                    Rollout r = h.rollout();
                    int k = r.steps();
                    double gradScale = 0;
                    for (int s = 0; s < k; s++) {
                        for (double v : h.generator().gradient(r.states().get(s), r.times()[s], false).toArray()) {
                            gradScale += v * v / 2;
                        }
                    }
                    gradScale /= h.z().rows() * (double) k;
                    double residual = Indicators.hamiltonJacobiResidual(h.generator().potential(), r.states(), r.times());
                    return Outcome.atMost(residual, 64 * Math.ulp(1.0) * gradScale + Double.MIN_NORMAL);
                });
    }

    /**
     * The characteristics of the Hopf-Lax solution are straight lines at constant speed, so the
     * forward-Euler states x_{k+1} = x_k - dt grad phi(x_k, t_k) lie exactly on
     * x_0 (1 + c(T - t_k)) / (1 + cT). Each step rounds a product and a difference a few times, so
     * after K steps the relative error is at most 32 u sum_{k=0}^{K} kappa_k (u = 2^-52), where
     * kappa_k = (1 + |c|(T - t_k)) / (1 + c(T - t_k)) is the condition number of the factor
     * 1 + c(T - t_k) that both the field c x / (1 + c(T - t)) and the reference path divide by: 1
     * for c &gt;= 0 (the bound is then 32 (K + 1) u), large for the expanding cases where 1 + cT is
     * near 0 (a random case with cT = -0.992, kappa_0 about 250, measured 375 u against 32 (K + 1) u =
     * 320 u before the factor was counted). The straightness, a ratio of a sum of K segment lengths to
     * the chord, is 1 to the same bound. A velocity that is
     * not grad phi, or a step that is not dt, bends or moves the path by O(dt).
     */
    static TheoremCheck straightPaths() {
        return WorstCase.of(statement("proximal.straight-paths",
                        "Optimal paths are straight lines at constant speed: the Euler paths under the Hopf-Lax potential are exact and straight",
                        "seed paper 2, Theorem 4.1"),
                "measured: the worse of max_k |x_k - x_0 (1 + c(T - t_k))/(1 + cT)| / |x_0| per entry and "
                        + "|1 - straightness| (dimensionless); bound: 32 u sum_k kappa_k each, u = 2^-52, kappa_k the"
                        + " condition number of 1 + c(T - t_k) (rounding of K steps)",
                (index, rng) -> {
                    HopfLaxCase h = HopfLaxCase.generate(index, rng);
                    Rollout r = h.rollout();
                    double[] t = r.times();
                    double[] x0 = h.z().toArray();
                    double error = 0;
                    for (int s = 0; s <= r.steps(); s++) {
                        double factor = (1 + h.c() * (h.horizon() - t[s])) / (1 + h.c() * h.horizon());
                        double[] xs = r.states().get(s).toArray();
                        for (int i = 0; i < xs.length; i++) {
                            error = Math.max(error, Math.abs(x0[i] * factor - xs[i]) / (Math.abs(x0[i]) + Double.MIN_NORMAL));
                        }
                    }
                    double bent = 0;
                    for (double st : Straightness.perPath(r.states())) {
                        bent = Math.max(bent, Math.abs(1 - st));
                    }
                    double conditioning = 0;
                    for (int s = 0; s <= r.steps(); s++) {
                        double remaining = h.horizon() - t[s];
                        conditioning += (1 + Math.abs(h.c()) * remaining) / (1 + h.c() * remaining);
                    }
                    double rounding = 32 * conditioning * Math.ulp(1.0);
                    return Outcome.worst(Outcome.error(error, rounding), Outcome.error(bent, rounding));
                });
    }

    /**
     * GP = E max(0, |grad g(xhat)|^2 - L^2) on interpolates xhat of two clouds (scales 1e-4 .. 1e4),
     * L 1e-3 .. 1e3, g with Lipschitz constant r L: exactly 0 for r &lt; 1 (linear, cones, ReLU
     * MLP), within 16 u L^2 of 0 at r = 1 (|grad g|^2 - L^2 of a gradient of norm L rounded in a few
     * operations), and L^2 (r^2 - 1) to 16 u L^2 r^2 for a linear g with r in (1, 10]; u = 2^-52. A
     * penalty that is two-sided, squared differently or weighted wrongly misses by O(L^2).
     */
    static TheoremCheck oneSidedPenalty() {
        return WorstCase.of(statement("proximal.one-sided-penalty",
                        "The one-sided gradient penalty E max(0, |grad g|^2 - L^2) is zero iff Lip(g) <= L (and L^2 (r^2 - 1) for slope r L)",
                        "seed paper 2, Algorithm 1"),
                "measured: |GP| below and at L (bounds: 0 exactly, 16 u L^2), |GP - L^2 (r^2 - 1)| above L "
                        + "(bound 16 u L^2 r^2), in units of the penalty, u = 2^-52",
                (index, rng) -> {
                    int d = 1 + rng.nextInt(6);
                    int regime = Draw.regime(index, 3);
                    double lip = ProximalGen.logUniform(rng, -3, 3);
                    double scale = Draw.logScale(index, rng, -4, 4);
                    double r = switch (regime) {
                        case 0 -> 0.999 * rng.nextDouble();
                        case 1 -> 1.0;
                        default -> 1 + 9 * (rng.nextDouble() + 1e-3);
                    };
                    Tensor y = Tensor.randn(20, d, rng).scale(scale);
                    Tensor x = Tensor.randn(20, d, rng).scale(scale).addScalar(scale);
                    Tensor xhat = GradientPenalty.interpolates(y, x, rng);
                    int kind = regime == 2 ? 0 : rng.nextInt(3);   // above L: linear, |grad g| = r L everywhere
                    UnaryOperator<Tensor> g = ProximalGen.lipschitz(kind, d, r * lip, scale, rng.nextGaussian() * scale, rng);
                    double gp = GradientPenalty.oneSided(g, xhat, lip).item();
                    return switch (regime) {
                        case 0 -> Outcome.exactlyZero(gp);
                        case 1 -> Outcome.error(gp, 16 * Math.ulp(1.0) * lip * lip);
                        default -> Outcome.error(gp - lip * lip * (r * r - 1), 16 * Math.ulp(1.0) * lip * lip * r * r);
                    };
                });
    }
}
