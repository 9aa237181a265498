package dev.otto.flows.proximal;

import dev.otto.autodiff.Tensor;
import dev.otto.ot.sinkhorn.Sinkhorn;
import dev.otto.ot.sinkhorn.SinkhornDivergence;
import java.util.stream.IntStream;

/**
 * The figure behind seed paper 2's low-dimensional table (MATH.md sections 1, 6, 7): the debiased
 * Sinkhorn divergence S_eps = OT_eps(a,b) - OT_eps(a,a)/2 - OT_eps(b,b)/2 between generated and data
 * samples on their first two coordinates, with the cost |x - y|^2 / 2 and eps = blur^2 = 0.05^2, as
 * computed by geomloss {@code SamplesLoss("sinkhorn", p=2)} with its default blur and scaling 0.5
 * (seed_code.md section 3).
 *
 * <p>Algorithm ({@link #divergence}): the symmetric epsilon-annealed Sinkhorn that geomloss runs,
 * re-derived here: eps goes from diameter^2 down to blur^2 by factors scaling^2 = 1/4 (diameter =
 * the diagonal of the joint bounding box), with one averaged (symmetric) update of the four
 * potential pairs per eps, and a final extrapolation step at blur^2; the value is
 * &lt;a, f_ba - f_aa&gt; + &lt;b, g_ab - g_bb&gt;. This matches the authors' numbers' definition,
 * including its annealing approximation, at a cost of about ten passes over each cost matrix
 * (a converged log-domain Sinkhorn at eps = 0.0025 needs thousands of passes at n = 5000).
 * {@link #divergence(double[][], double[][], int)} adds extra iterations at the final eps; run to
 * convergence it equals the exact S_eps.
 *
 * <p>Conversion to Otto's cost |x - y|^2 (ot/package-info): for any plan P,
 * &lt;C/2, P&gt; + eps KL = (1/2)(&lt;C, P&gt; + 2 eps KL), so OT_eps with cost C/2 is half OT_{2 eps} with
 * cost C, term by term: S^{authors}_eps = S^{Otto}_{2 eps} / 2 ({@link #viaOtto}). A unit test checks
 * that the two agree when both are converged.
 */
public final class AuthorsSinkhorn {

    /** eps of the authors' convention (blur 0.05, p = 2). */
    public static final double EPSILON = 0.05 * 0.05;
    /** geomloss's default annealing factor on the blur (so eps shrinks by its square per stage). */
    public static final double SCALING = 0.5;
    /** The definition reported with every figure. */
    public static final String DEFINITION = "S_eps on the first two coordinates, cost |x-y|^2/2, eps = 0.05^2,"
            + " debiased, eps-annealed symmetric Sinkhorn with scaling 0.5 (geomloss SamplesLoss('sinkhorn', p=2))";

    private AuthorsSinkhorn() {
    }

    /** S_eps (authors' convention) between the rows of x and y, on their first two columns. */
    public static double divergence(Tensor x, Tensor y) {
        if (x.cols() < 2 || y.cols() < 2) {
            throw new IllegalArgumentException("x, y: expected at least 2 columns, got " + x.shape() + " and "
                    + y.shape());
        }
        return divergence(firstTwo(x), firstTwo(y), 0);
    }

    /**
     * S_eps between uniform clouds x and y (any dimension) with cost |x-y|^2/2, annealed as geomloss
     * does, plus {@code extraIterations} symmetric iterations at the final eps before extrapolating.
     */
    public static double divergence(double[][] x, double[][] y, int extraIterations) {
        return divergence(x, y, EPSILON, extraIterations);
    }

    /** The same with an explicit final eps. */
    public static double divergence(double[][] x, double[][] y, double eps, int extraIterations) {
        if (x.length == 0 || y.length == 0) {
            throw new IllegalArgumentException("x, y: expected non-empty clouds, got " + x.length + " and " + y.length);
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException("eps: expected > 0, got " + eps);
        }
        int n = x.length;
        int m = y.length;
        double[] la = filled(n, -Math.log(n));
        double[] lb = filled(m, -Math.log(m));
        double diameter = diameter(x, y);
        double[] schedule = schedule(diameter, Math.sqrt(eps));
        double e0 = schedule[0];
        double[] gab = softmin(e0, y, x, la, null);
        double[] fba = softmin(e0, x, y, lb, null);
        double[] faa = softmin(e0, x, x, la, null);
        double[] gbb = softmin(e0, y, y, lb, null);
        int stages = schedule.length + extraIterations;
        for (int s = 0; s < stages; s++) {
            double e = schedule[Math.min(s, schedule.length - 1)];
            double[] ft = softmin(e, x, y, lb, gab);
            double[] gt = softmin(e, y, x, la, fba);
            double[] fa = softmin(e, x, x, la, faa);
            double[] gb = softmin(e, y, y, lb, gbb);
            average(fba, ft);
            average(gab, gt);
            average(faa, fa);
            average(gbb, gb);
        }
        double e = schedule[schedule.length - 1];
        double[] f2 = softmin(e, x, y, lb, gab);
        double[] g2 = softmin(e, y, x, la, fba);
        double[] fa2 = softmin(e, x, x, la, faa);
        double[] gb2 = softmin(e, y, y, lb, gbb);
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += (f2[i] - fa2[i]) / n;
        }
        for (int j = 0; j < m; j++) {
            total += (g2[j] - gb2[j]) / m;
        }
        return total;
    }

    /**
     * The same quantity through Otto's solver: S^{Otto}_{2 eps}(|x - y|^2) / 2 with log-domain
     * Sinkhorn to the given marginal tolerance (slow for small eps and large n).
     */
    public static double viaOtto(double[][] x, double[][] y, double eps, double tolerance) {
        Sinkhorn solver = Sinkhorn.logDomain().withTolerance(tolerance).withEpsilonScaling(true)
                .withMaxIterations(200_000);
        return 0.5 * SinkhornDivergence.of(x, null, y, null, 2, 2 * eps, solver);
    }

    /** eps_k: diameter^2, then exp(k) for k from 2 log(diameter) down to 2 log(blur) by 2 log(scaling), then blur^2. */
    static double[] schedule(double diameter, double blur) {
        java.util.List<Double> eps = new java.util.ArrayList<>();
        eps.add(diameter * diameter);
        double step = 2 * Math.log(SCALING);
        for (double e = 2 * Math.log(diameter); e > 2 * Math.log(blur); e += step) {
            eps.add(Math.exp(e));
        }
        eps.add(blur * blur);
        return eps.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The diagonal of the bounding box of both clouds (at least blur-scale positive). */
    static double diameter(double[][] x, double[][] y) {
        int d = x[0].length;
        double s = 0;
        for (int k = 0; k < d; k++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double[] p : x) {
                lo = Math.min(lo, p[k]);
                hi = Math.max(hi, p[k]);
            }
            for (double[] p : y) {
                lo = Math.min(lo, p[k]);
                hi = Math.max(hi, p[k]);
            }
            s += (hi - lo) * (hi - lo);
        }
        return Math.max(Math.sqrt(s), 1e-3);
    }

    /**
     * out_i = -eps LSE_j( logw_j + h_j/eps - |p_i - q_j|^2/(2 eps) ) (h = 0 when null); rows in parallel,
     * each reduced in a fixed order, so results do not depend on the thread count.
     */
    static double[] softmin(double eps, double[][] p, double[][] q, double[] logw, double[] h) {
        double[] out = new double[p.length];
        int m = q.length;
        int d = p[0].length;
        double[] shift = new double[m];
        for (int j = 0; j < m; j++) {
            shift[j] = logw[j] + (h == null ? 0 : h[j] / eps);
        }
        double inv = 1 / (2 * eps);
        IntStream.range(0, p.length).parallel().forEach(i -> {
            double[] pi = p[i];
            double[] z = new double[m];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < m; j++) {
                double c = 0;
                double[] qj = q[j];
                for (int k = 0; k < d; k++) {
                    double diff = pi[k] - qj[k];
                    c += diff * diff;
                }
                z[j] = shift[j] - c * inv;
                max = Math.max(max, z[j]);
            }
            double s = 0;
            for (int j = 0; j < m; j++) {
                s += Math.exp(z[j] - max);
            }
            out[i] = -eps * (max + Math.log(s));
        });
        return out;
    }

    private static void average(double[] into, double[] other) {
        for (int i = 0; i < into.length; i++) {
            into[i] = 0.5 * (into[i] + other[i]);
        }
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    static double[][] firstTwo(Tensor t) {
        double[][] out = new double[t.rows()][2];
        for (int i = 0; i < t.rows(); i++) {
            out[i][0] = t.get(i, 0);
            out[i][1] = t.get(i, 1);
        }
        return out;
    }
}
