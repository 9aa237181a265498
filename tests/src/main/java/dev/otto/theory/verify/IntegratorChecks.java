package dev.otto.theory.verify;

import dev.otto.autodiff.Tensor;
import dev.otto.ode.AdaptiveOptions;
import dev.otto.ode.ButcherTableau;
import dev.otto.ode.CnfSolution;
import dev.otto.ode.FixedGrid;
import dev.otto.ode.Odeint;
import dev.otto.ode.Trace;
import dev.otto.ode.VectorField;
import dev.otto.theory.ode.LipschitzFieldCase;
import dev.otto.theory.ode.OdeFixtures;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * MATH.md section 3, integrators (module {@code ode}): convergence orders, the Lipschitz constants
 * of step maps and discrete flows (seed paper 1, Lemma C.2), Gronwall's perturbation bound, the order
 * of the inversion error, and CNF log-determinant bookkeeping. Fields and exact solutions come from
 * {@link OdeFixtures} and {@link LipschitzFieldCase}; tolerances as in {@code dev.otto.theory.ode}.
 */
final class IntegratorChecks {

    private IntegratorChecks() {
    }

    static List<TheoremCheck> all() {
        return List.of(order(), stepLipschitz(), gronwall(), inversion(), cnfLogDet());
    }

    private static Statement statement(String id, String text, String reference) {
        return new Statement(id, "3", text, reference);
    }

    /**
     * Observed order log2(e(n) / e(2n)) of Euler, midpoint, Heun and RK4 (in turn), on three problem
     * kinds in turn: dx/dt = A x with A symmetric (conditioning up to 1e6, time scales 1e-4 .. 1e4,
     * state scales 1e-8 .. 1e8, both directions; exact solution exp(TA)); dx/dt = A x with A a
     * Jordan block lambda I + mu N (non-normal, defective) or a rotation-dilation [[a, -b], [b, a]]
     * (closed forms e^{lambda t}(I + mu t N) and e^{a t} R(b t)); and the nonlinear time-dependent
     * dx/dt = x^2 cos t (six intervals combined). Margin 0.3: the step counts keep |lambda| h &lt;=
     * 0.05 (order 2 and 4) and 0.012 (Euler), where the next-order term moves the order by well
     * under 0.1 while the errors stay five decades above rounding.
     */
    static TheoremCheck order() {
        return WorstCase.of(statement("ode.order",
                        "Global error is O(dt^p): halving dt divides it by about 2^p (Euler 1, midpoint and Heun 2, RK4 4)", ""),
                "measured: the observed order log2(e(n)/e(2n)) of the worst case; bound: the method's order p; holds if "
                        + "|measured - p| <= 0.3",
                "method order p",
                (index, rng) -> {
                    ButcherTableau m = Draw.cycle(index, OdeFixtures.FIXED);
                    double p = switch (index / OdeFixtures.FIXED.length % 3) {
                        case 0 -> linearOrder(index, m, rng);
                        case 1 -> nonNormalOrder(index, m, rng);
                        default -> nonlinearOrder(m, rng);
                    };
                    return Outcome.near(p, m.order(), 0.3).at(m.order());
                });
    }

    private static double linearOrder(int index, ButcherTableau method, SplittableRandom rng) {
        int d = 1 + rng.nextInt(4);
        int cond = rng.nextInt(7);
        double s = Draw.logScale(index, rng, -4, 4);
        double xs = Draw.cycle(index, 1e-8, 1e8, 1e-3, 1.0, 1e3);
        double[] lambda = new double[d];
        for (int i = 0; i < d; i++) {
            double mag = i == 0 ? 0.5 + 1.5 * rng.nextDouble() : Math.pow(10, -cond * rng.nextDouble());
            lambda[i] = (rng.nextBoolean() ? 1 : -1) * mag * s;
        }
        DMatrixRMaj a = OdeFixtures.symmetric(lambda, OdeFixtures.orthogonal(d, rng));
        double t0 = (rng.nextDouble() - 0.5) * 4 / s;
        double span = (0.5 + rng.nextDouble()) / s;
        double t1 = rng.nextBoolean() ? t0 - span : t0 + span;
        Tensor x0 = Tensor.randn(3, d, rng).scale(xs);
        Tensor exact = OdeFixtures.applyRows(x0, OdeFixtures.expSymmetric(a, t1 - t0));
        return OdeFixtures.measuredOrder(OdeFixtures.linear(a), x0, t0, t1, method, exact, OdeFixtures.orderSteps(method));
    }

    /**
     * dx/dt = A x in 2-D with A a Jordan block lambda I + mu N (mu from 1e-3 to 1e3 times the time
     * scale: the worst conditioned eigenbasis there is) or a rotation-dilation, either direction.
     */
    private static double nonNormalOrder(int index, ButcherTableau method, SplittableRandom rng) {
        double s = Draw.logScale(index, rng, -4, 4);
        double t = (rng.nextBoolean() ? -1 : 1) * (0.5 + rng.nextDouble()) / s;
        DMatrixRMaj a = new DMatrixRMaj(2, 2);
        DMatrixRMaj e = new DMatrixRMaj(2, 2);
        if (rng.nextBoolean()) {
            double lambda = (rng.nextBoolean() ? 1 : -1) * (0.5 + 1.5 * rng.nextDouble()) * s;
            double mu = OdeFixtures.logUniform(rng, -3, 3) * s;
            a.set(0, 0, lambda);
            a.set(1, 1, lambda);
            a.set(0, 1, mu);
            double g = Math.exp(lambda * t);
            e.set(0, 0, g);
            e.set(1, 1, g);
            e.set(0, 1, g * mu * t);
        } else {
            double re = (rng.nextDouble() - 0.5) * 2 * s;
            double im = (0.5 + 1.5 * rng.nextDouble()) * s;
            a.set(0, 0, re);
            a.set(1, 1, re);
            a.set(0, 1, -im);
            a.set(1, 0, im);
            double g = Math.exp(re * t);
            e.set(0, 0, g * Math.cos(im * t));
            e.set(1, 1, g * Math.cos(im * t));
            e.set(0, 1, -g * Math.sin(im * t));
            e.set(1, 0, g * Math.sin(im * t));
        }
        Tensor x0 = Tensor.randn(3, 2, rng);
        return OdeFixtures.measuredOrder(OdeFixtures.linear(a), x0, 0.0, t, method, OdeFixtures.applyRows(x0, e),
                OdeFixtures.orderSteps(method));
    }

    /** The nonlinear time-dependent problem of {@link OdeFixtures#nonlinearOrder}, either direction. */
    private static double nonlinearOrder(ButcherTableau method, SplittableRandom rng) {
        return OdeFixtures.nonlinearOrder(method, rng.nextBoolean(), rng);
    }

    /** Per-row |Phi x - Phi y| / |x - y| against the bound plus the rounding slack 1e-12 (|x| + |y| + |Phi x| + |Phi y|) / |x - y|. */
    private static Outcome lipschitzRatio(Tensor x, Tensor y, Tensor px, Tensor py, double bound) {
        double[] dIn = OdeFixtures.rowDistances(x, y);
        double[] dOut = OdeFixtures.rowDistances(px, py);
        Tensor zero = Tensor.zeros(x.rows(), x.cols());
        double[] nx = OdeFixtures.rowDistances(x, zero);
        double[] ny = OdeFixtures.rowDistances(y, zero);
        double[] npx = OdeFixtures.rowDistances(px, zero);
        double[] npy = OdeFixtures.rowDistances(py, zero);
        Outcome worst = null;
        for (int i = 0; i < dIn.length; i++) {
            double slack = 1e-12 * (nx[i] + ny[i] + npx[i] + npy[i]);
            worst = Outcome.worseOf(worst, Outcome.atMost(dOut[i] / dIn[i], bound + slack / dIn[i]));
        }
        return worst;
    }

    /**
     * n = 1 (every third case) or 2 .. 20 steps of Euler or RK4 (in turn) of an L-Lipschitz field c tanh(x W + b + t u)
     * (general W with singular values down to 1e-8, or +-symmetric W, where the bound is attained
     * along the top direction; c from 1e-3 to 1e3), z = L|dt| from 1e-4 to 2 for one step and
     * L|T| up to 10 for several, forward or backward; points at scales 1e-3 .. 1e3, separations
     * 1e-3 .. 1. Exact in real arithmetic; rounding slack 1e-12 (|x| + |y| + |Phi x| + |Phi y|).
     */
    static TheoremCheck stepLipschitz() {
        return WorstCase.of(statement("ode.step-lipschitz",
                        "For an L-Lipschitz field one Euler step is (1 + z)-, one RK4 step (1 + z + ... + z^4/24)-Lipschitz (z = L dt), so the discrete flow over [s,t] is e^{L|t-s|}-Lipschitz",
                        "seed paper 1, Lemma C.2"),
                "measured: the largest |Phi x - Phi y| / |x - y| over 12 pairs; bound: (step bound at z = L|T|/n)^n "
                        + "(<= e^{L|T|}, also checked) + rounding 1e-12 (|x| + |y| + |Phi x| + |Phi y|) / |x - y|",
                (index, rng) -> {
                    ButcherTableau method = index % 2 == 0 ? ButcherTableau.EULER : ButcherTableau.RK4;
                    int d = 1 + rng.nextInt(4);
                    LipschitzFieldCase.Kind kind = Draw.cycle(index, LipschitzFieldCase.Kind.values());
                    LipschitzFieldCase f = LipschitzFieldCase.generate(d, kind, OdeFixtures.logUniform(rng, -3, 3), rng);
                    int steps = index < 4 || index % 3 == 0 ? 1 : 2 + rng.nextInt(19);
                    double z = index < 4 ? Draw.cycle(index, 1e-4, 2.0, 0.5, 1.0) : Math.pow(10, rng.nextDouble(-4, 0.3));
                    double zStep = steps == 1 ? z : z / 4;   // several steps: L|T| up to 10
                    double span = (rng.nextBoolean() ? -1 : 1) * zStep * steps / f.lipschitz();
                    double t0 = rng.nextGaussian();
                    Tensor[] xy = f.pairs(Draw.cycle(index, 1e-3, 1e3, 0.1, 1.0, 10.0), Draw.cycle(index, 1e-3, 1.0, 1e-2, 0.3), rng);
                    Tensor px = Odeint.fixed(f.field(), xy[0], t0, t0 + span, steps, method).state();
                    Tensor py = Odeint.fixed(f.field(), xy[1], t0, t0 + span, steps, method).state();
                    double lt = f.lipschitz() * Math.abs(span);
                    double discrete = Math.pow(OdeFixtures.stepLipschitzBound(method, lt / steps), steps);
                    return Outcome.worst(lipschitzRatio(xy[0], xy[1], px, py, discrete),
                            Outcome.atMost(discrete, Math.exp(lt) * (1 + 1e-12)));
                });
    }

    /**
     * Euler solutions of v and w = v + delta g (|g| &lt;= 1: the constant top direction, where the
     * bound is nearly attained, or tanh(x M + t)/sqrt(d)) from one start, delta 1e-8 .. 1, L|T| up to
     * 4, 1 to 50 steps: discrete Gronwall e_{k+1} &lt;= (1 + L|h|) e_k + |h| delta. Rounding slack
     * 1e-12 n (|x_v| + |x_w|).
     */
    static TheoremCheck gronwall() {
        return WorstCase.of(statement("ode.gronwall",
                        "Perturbed field: if |v - w| <= delta and v is L-Lipschitz, the flows from one start differ by at most delta (e^{LT} - 1)/L after time T",
                        ""),
                "measured: the largest |x_v(T) - x_w(T)| over 8 starts (Euler); bound: delta ((1 + L|h|)^n - 1)/L "
                        + "(<= delta (e^{L|T|} - 1)/L, also checked) + rounding 1e-12 n (|x_v| + |x_w|)",
                (index, rng) -> {
                    int d = 1 + rng.nextInt(4);
                    LipschitzFieldCase f = LipschitzFieldCase.generate(d, Draw.cycle(index, LipschitzFieldCase.Kind.values()),
                            OdeFixtures.logUniform(rng, -2, 2), rng);
                    int steps = Draw.integer(index, rng, 1, 50);
                    double delta = Draw.logScale(index, rng, -8, 0);
                    boolean backward = rng.nextBoolean();
                    double l = f.lipschitz();
                    double lt = 4 * rng.nextDouble() + 1e-3;
                    double t0 = rng.nextGaussian();
                    double t1 = t0 + (backward ? -1 : 1) * lt / l;
                    VectorField v = f.field();
                    VectorField w;
                    if (index % 2 == 0) {
                        Tensor g = Tensor.of(1, d, f.topDirection()).scale(backward ? -delta : delta);
                        w = (t, x) -> v.apply(t, x).add(g);
                    } else {
                        Tensor m = Tensor.randn(d, d, rng);
                        double norm = 1.0 / Math.sqrt(d);
                        w = (t, x) -> v.apply(t, x).add(x.matmul(m).addScalar(t).tanh().scale(delta * norm));
                    }
                    Tensor x0 = Tensor.randn(8, d, rng).scale(Draw.cycle(index, 1e-3, 1e2, 1.0));
                    Tensor xv = Odeint.fixed(v, x0, t0, t1, steps, ButcherTableau.EULER).state();
                    Tensor xw = Odeint.fixed(w, x0, t0, t1, steps, ButcherTableau.EULER).state();
                    double h = Math.abs(t1 - t0) / steps;
                    double discrete = delta * (Math.pow(1 + l * h, steps) - 1) / l;
                    double[] gap = OdeFixtures.rowDistances(xv, xw);
                    double[] nv = OdeFixtures.rowDistances(xv, Tensor.zeros(8, d));
                    double[] nw = OdeFixtures.rowDistances(xw, Tensor.zeros(8, d));
                    Outcome worst = Outcome.atMost(discrete, delta * Math.expm1(lt) / l * (1 + 1e-12));
                    for (int i = 0; i < gap.length; i++) {
                        worst = Outcome.worseOf(worst, Outcome.atMost(gap[i], discrete + 1e-12 * steps * (nv[i] + nw[i])));
                    }
                    return worst;
                });
    }

    /**
     * Forward then backward on the same grid (Euler, midpoint, Heun, RK4 in turn) on the generic
     * field c tanh(x W + b + t u), c |W|_2 |T| in [1, 2], time scales 1e-3 .. 1e3: the observed order
     * of eps_inv = E|S(T(x)) - x|^2 is twice that of |S(T(x)) - x|, which is p for odd p and p + 1
     * for even p; margin 0.3 on the unsquared order.
     */
    static TheoremCheck inversion() {
        return WorstCase.of(statement("ode.inversion",
                        "Inversion error eps_inv = E|S(T(x)) - x|^2 of a numerically integrated flow is O(dt^{2p})", ""),
                "measured: the observed order 2 log2(e(n)/e(2n)) of eps_inv, e the round-trip error; bound: 2p - 0.6; "
                        + "and the round trip's own order log2(e(n)/e(2n)) within 0.3 of its sharp value (p + 1 for even p, p for odd)",
                (index, rng) -> {
                    ButcherTableau method = Draw.cycle(index, OdeFixtures.FIXED);
                    int d = 1 + rng.nextInt(4);
                    double s = Draw.logScale(index, rng, -3, 3);
                    double c = 0.5 + 1.5 * rng.nextDouble();
                    LipschitzFieldCase f = LipschitzFieldCase.generate(d, LipschitzFieldCase.Kind.GENERAL, c * s, s, rng);
                    double t0 = (rng.nextDouble() - 0.5) / s;
                    double t1 = t0 + (rng.nextBoolean() ? -1 : 1) * (1 + rng.nextDouble()) / f.lipschitz();
                    Tensor x0 = Tensor.randn(6, d, rng);
                    int n = OdeFixtures.cycleSteps(method);
                    double e1 = OdeFixtures.cycleError(f.field(), x0, new FixedGrid(t0, t1, n), method);
                    double e2 = OdeFixtures.cycleError(f.field(), x0, new FixedGrid(t0, t1, 2 * n), method);
                    double p = OdeFixtures.log2(e1 / e2);
                    return Outcome.worst(Outcome.atLeast(2 * p, 2 * method.order() - 0.6),
                            Outcome.near(p, OdeFixtures.sharpCycleOrder(method), 0.3));
                });
    }

    /**
     * v(x) = A x (A general, singular values down to 1e-8, scaled 1e-6 .. 1e6, T = +-(0.2 .. 1.5)/|A|):
     * logdet(T) = T tr(A) for every method (Dormand-Prince included), and T e^T A e with a Rademacher
     * probe e held fixed during the solve. Every stage adds dt tr(A) (or dt e^T A e) exactly in real
     * arithmetic, so only rounding remains: 16 u (steps + 1) |T| sum |A_ij|, u = 2^-52 (a few
     * roundings of terms of size |dt| sum |A_ij| per step).
     */
    static TheoremCheck cnfLogDet() {
        ButcherTableau[] methods = {ButcherTableau.EULER, ButcherTableau.MIDPOINT, ButcherTableau.HEUN,
            ButcherTableau.RK4, ButcherTableau.DORMAND_PRINCE_54};
        return WorstCase.of(statement("ode.cnf-logdet",
                        "CNF bookkeeping: d(logdet)/dt = div v, so a linear field v = A x gives logdet(T) = T tr(A)", ""),
                "measured: the largest |logdet_i(T) - T tr A| (T e_i^T A e_i with a fixed Hutchinson probe); "
                        + "bound: 16 u (steps + 1) |T| sum |A_ij|, u = 2^-52 (rounding)",
                (index, rng) -> {
                    ButcherTableau method = Draw.cycle(index, methods);
                    int d = 1 + rng.nextInt(4);
                    int steps = 1 + rng.nextInt(12);
                    double scale = Draw.logScale(index, rng, -6, 6);
                    boolean hutchinson = index / methods.length % 2 == 1;
                    double[] sigma = new double[d];
                    for (int i = 0; i < d; i++) {
                        sigma[i] = scale * (i == 0 ? 1 : OdeFixtures.logUniform(rng, -8, 0));
                    }
                    DMatrixRMaj a = OdeFixtures.withSingularValues(sigma, rng);
                    double t1 = (rng.nextBoolean() ? -1 : 1) * (0.2 + 1.3 * rng.nextDouble()) / scale;
                    int n = 5;
                    Tensor x0 = Tensor.randn(n, d, rng);
                    Trace trace = hutchinson ? Trace.rademacher(n, d, rng) : Trace.exact();
                    CnfSolution s = method.hasEmbedded()
                            ? Odeint.cnfAdaptive(OdeFixtures.linear(a), x0, 0, t1, AdaptiveOptions.tolerances(1e-8, 1e-8), trace)
                            : Odeint.cnfFixed(OdeFixtures.linear(a), x0, 0, t1, steps, method, trace);
                    double absSum = 0;
                    for (double v : a.data) {
                        absSum += Math.abs(v);
                    }
                    double tol = 16 * Math.ulp(1.0) * (s.solution().acceptedSteps() + 1) * Math.abs(t1) * absSum;
                    double error = 0;
                    for (int i = 0; i < n; i++) {
                        double expected = t1 * (hutchinson ? quadraticForm(a, trace.probe().row(i)) : CommonOps_DDRM.trace(a));
                        error = Math.max(error, Math.abs(expected - s.logDet().get(i, 0)));
                    }
                    return Outcome.error(error, tol);
                });
    }

    private static double quadraticForm(DMatrixRMaj a, double[] e) {
        double q = 0;
        for (int r = 0; r < e.length; r++) {
            for (int c = 0; c < e.length; c++) {
                q += e[r] * a.get(r, c) * e[c];
            }
        }
        return q;
    }
}
