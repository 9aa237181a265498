package dev.otto.ot.sinkhorn;

import dev.otto.ot.cost.Cost;
import dev.otto.ot.cost.PointCloudCost;
import dev.otto.ot.internal.Checks;

import java.util.ArrayList;
import java.util.List;

/**
 * The debiased Sinkhorn divergence S_eps = OT_eps(a,b) - OT_eps(a,a)/2 - OT_eps(b,b)/2 between two
 * uniform clouds (MATH.md section 1, "Sinkhorn divergence"), in geomloss's convention and by its
 * algorithm: cost |x - y|^2 / 2 and eps = blur^2, computed by the symmetric epsilon-annealed
 * Sinkhorn of {@code SamplesLoss("sinkhorn", p=2, blur, scaling)} (Feydy et al. 2019,
 * "Interpolating between optimal transport and MMD using Sinkhorn divergences"), re-derived here.
 *
 * <p>Algorithm ({@link #of(double[], int, double[], int, int, double, int)}): eps goes from
 * diameter^2 down to blur^2 by factors scaling^2 = 1/4 (diameter = the diagonal of the joint
 * bounding box), with one averaged (symmetric) update of the four potential pairs per eps, and a
 * final extrapolation step at blur^2; the value is &lt;a, f_ba - f_aa&gt; + &lt;b, g_ab - g_bb&gt;. This is
 * geomloss's number including its annealing approximation, at a cost of about ten passes over each
 * cost matrix (a converged log-domain Sinkhorn at eps = 0.0025 needs thousands of passes at
 * n = 5000). {@code extraIterations} adds symmetric iterations at the final eps; run to
 * convergence it equals the exact S_eps.
 *
 * <p>Conversion to Otto's cost |x - y|^2 (see the ot package documentation): for any plan P,
 * &lt;C/2, P&gt; + eps KL = (1/2)(&lt;C, P&gt; + 2 eps KL), so OT_eps with cost C/2 is half OT_{2 eps} with
 * cost C, term by term: S^{geomloss}_eps = S^{Otto}_{2 eps} / 2 ({@link #viaSinkhorn}); a test checks
 * that the two agree when both are converged.
 */
public final class AnnealedSinkhornDivergence {

    /** geomloss's default blur for p = 2. */
    public static final double DEFAULT_BLUR = 0.05;
    /** eps = blur^2 at the default blur. */
    public static final double EPSILON = DEFAULT_BLUR * DEFAULT_BLUR;
    /** geomloss's default annealing factor on the blur (so eps shrinks by its square per stage). */
    public static final double SCALING = 0.5;

    private AnnealedSinkhornDivergence() {
    }

    /** S_eps at eps = {@link #EPSILON} between the rows of x and y, annealed as geomloss does. */
    public static double of(double[][] x, double[][] y) {
        return of(x, y, EPSILON, 0);
    }

    /**
     * S_eps between the rows of x and y (cost |x-y|^2/2), annealed as geomloss does, plus
     * {@code extraIterations} symmetric iterations at the final eps before extrapolating.
     */
    public static double of(double[][] x, double[][] y, double eps, int extraIterations) {
        int d = Checks.dimension("x", x);
        int dy = Checks.dimension("y", y);
        if (d != dy) {
            throw new IllegalArgumentException("y: expected points of dimension " + d + " (as x), got " + dy);
        }
        return of(Checks.flatten(x, d), x.length, Checks.flatten(y, d), y.length, d, eps, extraIterations);
    }

    /**
     * The same on flat row-major clouds: x holds n points and y holds m points of dimension d.
     */
    public static double of(double[] x, int n, double[] y, int m, int d, double eps, int extraIterations) {
        if (n <= 0 || m <= 0 || d <= 0) {
            throw new IllegalArgumentException("n, m, d: expected positive sizes, got n = " + n + ", m = " + m + ", d = " + d);
        }
        if (x == null || x.length != (long) n * d) {
            throw new IllegalArgumentException("x: expected " + ((long) n * d) + " entries, got " + (x == null ? "null" : x.length));
        }
        if (y == null || y.length != (long) m * d) {
            throw new IllegalArgumentException("y: expected " + ((long) m * d) + " entries, got " + (y == null ? "null" : y.length));
        }
        Checks.finite("x", x);
        Checks.finite("y", y);
        Checks.epsilon(eps);
        if (extraIterations < 0) {
            throw new IllegalArgumentException("extraIterations: expected >= 0, got " + extraIterations);
        }
        Cloud cx = new Cloud(x, n, d);
        Cloud cy = new Cloud(y, m, d);
        Cost xy = PointCloudCost.power(x, n, y, m, d, 2);
        Cost yx = PointCloudCost.power(y, m, x, n, d, 2);
        Cost xx = PointCloudCost.power(x, n, x, n, d, 2);
        Cost yy = PointCloudCost.power(y, m, y, m, d, 2);
        double[] la = GibbsPlan.logs(Checks.uniform(n));
        double[] lb = GibbsPlan.logs(Checks.uniform(m));
        double diameter = diameter(cx, cy);
        double[] schedule = schedule(diameter, Math.sqrt(eps));
        double e0 = schedule[0];
        double[] gab = softmin(e0, yx, la, new double[n]);
        double[] fba = softmin(e0, xy, lb, new double[m]);
        double[] faa = softmin(e0, xx, la, new double[n]);
        double[] gbb = softmin(e0, yy, lb, new double[m]);
        int stages = schedule.length + extraIterations;
        for (int s = 0; s < stages; s++) {
            double e = schedule[Math.min(s, schedule.length - 1)];
            double[] ft = softmin(e, xy, lb, gab);
            double[] gt = softmin(e, yx, la, fba);
            double[] fa = softmin(e, xx, la, faa);
            double[] gb = softmin(e, yy, lb, gbb);
            SoftminPass.average(fba, ft);
            SoftminPass.average(gab, gt);
            SoftminPass.average(faa, fa);
            SoftminPass.average(gbb, gb);
        }
        double e = schedule[schedule.length - 1];
        double[] f2 = softmin(e, xy, lb, gab);
        double[] g2 = softmin(e, yx, la, fba);
        double[] fa2 = softmin(e, xx, la, faa);
        double[] gb2 = softmin(e, yy, lb, gbb);
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
     * The same quantity through {@link Sinkhorn}: S^{Otto}_{2 eps}(|x - y|^2) / 2 with log-domain
     * Sinkhorn to the given marginal tolerance (slow for small eps and large n).
     */
    public static double viaSinkhorn(double[][] x, double[][] y, double eps, double tolerance) {
        Sinkhorn solver = Sinkhorn.logDomain().withTolerance(tolerance).withEpsilonScaling(true)
                .withMaxIterations(200_000);
        return 0.5 * SinkhornDivergence.of(x, null, y, null, 2, 2 * eps, solver);
    }

    /** eps_k: diameter^2, then exp(k) for k from 2 log(diameter) down to 2 log(blur) by 2 log(scaling), then blur^2. */
    static double[] schedule(double diameter, double blur) {
        List<Double> eps = new ArrayList<>();
        eps.add(diameter * diameter);
        double step = 2 * Math.log(SCALING);
        for (double e = 2 * Math.log(diameter); e > 2 * Math.log(blur); e += step) {
            eps.add(Math.exp(e));
        }
        eps.add(blur * blur);
        return eps.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The diagonal of the bounding box of both clouds (at least blur-scale positive). */
    static double diameter(Cloud x, Cloud y) {
        double s = 0;
        for (int k = 0; k < x.d; k++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (Cloud c : new Cloud[] {x, y}) {
                for (int i = 0; i < c.n; i++) {
                    double v = c.p[i * c.d + k];
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            s += (hi - lo) * (hi - lo);
        }
        return Math.max(Math.sqrt(s), 1e-3);
    }

    /**
     * out_i = -eps LSE_j( logw_j + h_j/eps - C_ij/(2 eps) ) on C = |p - q|^2, geomloss's softmin for
     * its cost C/2: that is half the c-transform of 2 h for C at 2 eps, which {@link SoftminPass} runs
     * (rows in fixed blocks, so results do not depend on the thread count).
     */
    static double[] softmin(double eps, Cost c, double[] logw, double[] h) {
        double[] twice = new double[h.length];
        for (int j = 0; j < h.length; j++) {
            twice[j] = 2 * h[j];
        }
        double[] out = new double[c.rows()];
        SoftminPass.transform(c, logw, twice, 2 * eps, out);
        for (int i = 0; i < out.length; i++) {
            out[i] *= 0.5;
        }
        return out;
    }

    /** n points of dimension d, row-major in p. */
    record Cloud(double[] p, int n, int d) {
    }
}
