package dev.otto.theory.interpolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.data.GaussianMixture;
import dev.otto.flows.interpolation.ConditionalPath;
import dev.otto.flows.interpolation.Schedule;
import dev.otto.flows.interpolation.Source;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * The conditional paths of MATH.md section 5 ("Conditional paths"): x_t = a(t) x0 + b(t) x1 +
 * gamma(t) e with target u_t = a' x0 + b' x1 + gamma' e, for the interpolants of every built-in
 * schedule, the constant-sigma path, the Schrodinger bridge and the VP (trigonometric) path, each
 * through {@link ConditionalPath#at}, the one assembly the trainer calls.
 */
class ConditionalPathProperties {

    /** Every kind of path, sigma in [0.01, 3] for the noisy ones. */
    private static List<ConditionalPath> paths(double sigma) {
        return List.of(ConditionalPath.interpolant(Schedule.linear()), ConditionalPath.interpolant(Schedule.trigonometric()),
                ConditionalPath.interpolant(Schedule.follmer()),
                ConditionalPath.interpolant(Schedule.variancePreserving(2.0)), ConditionalPath.constantSigma(sigma),
                ConditionalPath.schrodingerBridge(sigma), ConditionalPath.variancePreserving(sigma));
    }

    private static Tensor at(ConditionalPath p, Tensor x0, Tensor x1, Tensor e, double t) {
        double[] times = new double[x0.rows()];
        java.util.Arrays.fill(times, t);
        return p.at(x0, x1, e, times).xt();
    }

    /**
     * interpolation.path-derivative. For fixed (x0, x1, e), u_t = d x_t / dt: the target equals the
     * central difference (x_{t+h} - x_{t-h}) / 2h with h = 1e-4 min(t, 1 - t), t in [0.01, 0.99].
     * Tolerance: the difference errs by h^2 max|x'''| / 6 + 2 u max|x| / h. The worst third derivative
     * here is the bridge's, gamma''' ~ (3/8) sigma t^-5/2, so the first term is at most
     * 1e-8 min(t, 1-t)^2 sigma t^-5/2 / 16 &lt; 1e-8 sigma; the second 2.2e-16 |x| / 1e-6 = 2.2e-10 |x|
     * (Follmer's a''' near t = 0.99 is 1e5, h^2 x 1e5 / 6 &lt; 2e-8). So the bound is
     * 1e-6 (1 + |x0| + |x1| + sigma |e|); a wrong gamma' (a lost factor 2) is off by sigma |e| / 4 &gt; 2e-3 sigma |e|.
     */
    @Property(tries = 60)
    @Tag("interpolation.path-derivative")
    void conditionalVelocityIsTheTimeDerivativeOfThePath(@ForAll @IntRange(min = 1, max = 4) int d,
            @ForAll @DoubleRange(min = 0.01, max = 0.99) double t, @ForAll @DoubleRange(min = 0.01, max = 3) double sigma,
            @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = 5;
        Tensor x0 = Tensor.randn(n, d, rng).scale(1 + 4 * rng.nextDouble());
        Tensor x1 = Tensor.randn(n, d, rng).addScalar(3 * rng.nextGaussian());
        Tensor e = Tensor.randn(n, d, rng);
        double h = 1e-4 * Math.min(t, 1 - t);
        for (ConditionalPath p : paths(sigma)) {
            double[] times = new double[n];
            java.util.Arrays.fill(times, t);
            Tensor u = p.at(x0, x1, e, times).target();
            Tensor difference = at(p, x0, x1, e, t + h).sub(at(p, x0, x1, e, t - h)).scale(1 / (2 * h));
            for (int i = 0; i < n; i++) {
                double scale = 1 + norm(x0, i) + norm(x1, i) + p.sigma() * norm(e, i);
                for (int j = 0; j < d; j++) {
                    double gap = Math.abs(u.get(i, j) - difference.get(i, j));
                    assertTrue(gap <= 1e-6 * scale, p.name() + " at t = " + t + ": u_t = " + u.get(i, j)
                            + ", central difference " + difference.get(i, j) + ", gap " + gap + " > " + 1e-6 * scale);
                }
            }
        }
    }

    /**
     * interpolation.path-endpoints. At t = 0 the path is x0 + gamma(0) e and at t = 1 it is
     * x1 + gamma(1) e, so its marginals are the source's and the target's laws (for the interpolants
     * and the bridge, gamma(0) = gamma(1) = 0: exactly the source and the target; for the
     * constant-sigma and VP paths, both blurred by N(0, sigma^2 I)). Exact: a(0) = b(1) = 1 and
     * a(1) = b(0) = gamma = 0 are represented exactly and multiplying by 1 or 0 and adding 0 round to
     * nothing; where gamma = sigma the sum x0 + sigma e is the same floating-point operation, so
     * equality to 0 ulp is asked. The source is a data set of rows (not N(0, I)) drawn through
     * {@link Source#rows}.
     */
    @Property(tries = 40)
    @Tag("interpolation.path-endpoints")
    void marginalsAtTheEndsAreTheSourceAndTheTarget(@ForAll @IntRange(min = 1, max = 4) int d,
            @ForAll @DoubleRange(min = 0.01, max = 3) double sigma, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = 64;
        Source source = Source.rows("cloud", Tensor.randn(40, d, rng).scale(2).addScalar(-1));
        Tensor x0 = source.sample(n, rng);
        Tensor x1 = Tensor.randn(n, d, rng).addScalar(5);
        Tensor e = Tensor.randn(n, d, rng);
        for (ConditionalPath p : paths(sigma)) {
            Tensor start = at(p, x0, x1, e, 0);
            Tensor end = at(p, x0, x1, e, 1);
            double g0 = p.gamma(0);
            double g1 = p.gamma(1);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    double s0 = g0 == 0 ? x0.get(i, j) : x0.get(i, j) + g0 * e.get(i, j);
                    double s1 = g1 == 0 ? x1.get(i, j) : x1.get(i, j) + g1 * e.get(i, j);
                    assertEquals(s0, start.get(i, j), 0.0, p.name() + " at t = 0");
                    assertEquals(s1, end.get(i, j), 0.0, p.name() + " at t = 1");
                }
            }
            boolean blurred = p.name().startsWith("constant-sigma") || p.name().startsWith("vp:");
            assertEquals(blurred ? sigma : 0.0, g0, 0.0, p.name() + " gamma(0)");
            assertEquals(blurred ? sigma : 0.0, g1, 0.0, p.name() + " gamma(1)");
        }
    }

    /**
     * interpolation.bridge-variance. Given (x0, x1), the Schrodinger-bridge path at t is
     * N(mu_t, sigma^2 t (1 - t) I): over N = 20000 draws of e, the sample mean of x_t - mu_t is within
     * 6 standard errors (6 sigma sqrt(t (1 - t) / N)) of 0 and the sample variance (pooled over the d
     * coordinates, dN values) within 6 sqrt(2 / (dN - 1)) of sigma^2 t (1 - t), relatively (the
     * variance of a sample variance of Gaussians is 2 s^4 / (m - 1)); a false failure has probability
     * below 1e-8 per coordinate. The relative bound is at most 6 sqrt(2 / 19999) = 6%; a path variance of
     * sigma^2 t (a Brownian motion, not a bridge) is off by the factor 1 / (1 - t) &gt;= 1.11 on
     * t in [0.1, 0.9], and sigma^2 t (1 - t) / 2 by a factor 2.
     */
    @Property(tries = 20)
    @Tag("interpolation.bridge-variance")
    void bridgeVarianceIsSigmaSquaredTTimesOneMinusT(@ForAll @IntRange(min = 1, max = 4) int d,
            @ForAll @DoubleRange(min = 0.1, max = 0.9) double t, @ForAll @DoubleRange(min = 0.01, max = 3) double sigma,
            @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = 20000;
        ConditionalPath bridge = ConditionalPath.schrodingerBridge(sigma);
        double[] p0 = new double[d];
        double[] p1 = new double[d];
        for (int j = 0; j < d; j++) {
            p0[j] = 3 * rng.nextGaussian();
            p1[j] = 3 * rng.nextGaussian();
        }
        Tensor x0 = Tensor.wrap(1, d, p0).broadcastTo(n, d);
        Tensor x1 = Tensor.wrap(1, d, p1).broadcastTo(n, d);
        Tensor xt = at(bridge, x0, x1, Tensor.randn(n, d, rng), t);
        double expected = sigma * sigma * t * (1 - t);
        double sum = 0;
        double squares = 0;
        for (int j = 0; j < d; j++) {
            double mu = (1 - t) * p0[j] + t * p1[j];
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += (xt.get(i, j) - mu) / n;
            }
            assertTrue(Math.abs(mean) <= 6 * Math.sqrt(expected / n), "mean of x_t - mu_t " + mean);
            for (int i = 0; i < n; i++) {
                double r = xt.get(i, j) - mu;
                sum += r;
                squares += r * r;
            }
        }
        int m = d * n;
        double variance = (squares - sum * sum / m) / (m - 1);
        assertTrue(Math.abs(variance / expected - 1) <= 6 * Math.sqrt(2.0 / (m - 1)), "variance " + variance
                + " against sigma^2 t (1 - t) = " + expected + " at t = " + t);
        assertEquals(expected, bridge.gamma(t) * bridge.gamma(t), 1e-14 * expected, "gamma(t)^2");
    }

    /**
     * interpolation.gaussian-marginal-velocity. Source N(m0, s0^2 I), target N(m1, s1^2 I),
     * independent coupling: x_t is N(mu_t, S_t^2 I) with mu_t = a m0 + b m1 and S_t^2 = a^2 s0^2 +
     * b^2 s1^2 + gamma^2, and (u_t, x_t) are jointly Gaussian, so the marginal velocity (the
     * regression's minimiser E[u_t | x_t = x]) is affine:
     * v(t, x) = (a' m0 + b' m1) + (a a' s0^2 + b b' s1^2 + gamma gamma') / S_t^2 (x - mu_t)
     * (Tong et al. 2024, Theorem 3.1; Albergo and Vanden-Eijnden 2023, Theorem 2.6). The regression
     * of u_t on [1, x_t] over N = 40000 path samples of each coordinate (the least-squares loss over
     * affine fields, which contain the minimiser) reproduces its slope and intercept within 6 standard
     * errors (slope: sqrt(r / (N var x)); intercept: sqrt(r / N) at centred x, r the residual
     * variance, checked at x = mu_t), plus 1e-9 for rounding. The source is a {@link GaussianMixture}
     * of one component drawn through {@link Source}, so it is not N(0, I).
     */
    @Property(tries = 20)
    @Tag("interpolation.gaussian-marginal-velocity")
    void affineRegressionReproducesTheGaussianMarginalVelocity(@ForAll @IntRange(min = 1, max = 3) int d,
            @ForAll @DoubleRange(min = 0.05, max = 0.95) double t, @ForAll @DoubleRange(min = 0.01, max = 2) double sigma,
            @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double s0 = 0.3 + 2 * rng.nextDouble();
        double s1 = 0.3 + 2 * rng.nextDouble();
        double[] m0 = new double[d];
        double[] m1 = new double[d];
        for (int j = 0; j < d; j++) {
            m0[j] = 2 * rng.nextGaussian();
            m1[j] = 2 * rng.nextGaussian();
        }
        Source source = Source.of(GaussianMixture.isotropic(new double[] {1}, new double[][] {m0}, s0));
        GaussianMixture target = GaussianMixture.isotropic(new double[] {1}, new double[][] {m1}, s1);
        int n = 40000;
        for (ConditionalPath p : paths(sigma)) {
            if (!p.schedule().name().equals("linear") && !p.schedule().name().equals("trigonometric")) {
                continue; // a'(1) infinite: those schedules take the N(0, I) source only (MATH.md 5)
            }
            Tensor x0 = source.sample(n, rng);
            Tensor x1 = target.sample(n, rng);
            double[] times = new double[n];
            java.util.Arrays.fill(times, t);
            ConditionalPath.Batch b = p.at(x0, x1, Tensor.randn(n, d, rng), times);
            Schedule.Values v = p.schedule().at(t);
            double[] noise = noiseVariance(p, sigma, t);
            double variance = v.a() * v.a() * s0 * s0 + v.b() * v.b() * s1 * s1 + noise[0];
            double slope = (v.aTimesAPrime() * s0 * s0 + v.bTimesBPrime() * s1 * s1 + noise[1]) / variance;
            for (int j = 0; j < d; j++) {
                double mu = v.a() * m0[j] + v.b() * m1[j];
                double intercept = v.aPrime() * m0[j] + v.bPrime() * m1[j];
                double[] fit = leastSquaresLine(b.xt(), b.target(), j, mu);
                assertTrue(Math.abs(fit[1] - slope) <= 6 * fit[3] + 1e-9, p.name() + " t = " + t + ": slope "
                        + fit[1] + ", closed form " + slope + " (standard error " + fit[3] + ")");
                assertTrue(Math.abs(fit[0] - intercept) <= 6 * fit[2] + 1e-9, p.name() + " t = " + t
                        + ": v(mu_t) " + fit[0] + ", closed form " + intercept + " (standard error " + fit[2] + ")");
            }
        }
    }

    /**
     * {gamma(t)^2, (gamma^2)'(t) / 2} of MATH.md section 5 by hand, from the path's kind: 0 for an
     * interpolant, sigma^2 and 0 for the constant-sigma and VP paths, sigma^2 t (1 - t) and
     * sigma^2 (1 - 2t) / 2 for the bridge (not read back from the path under test).
     */
    private static double[] noiseVariance(ConditionalPath p, double sigma, double t) {
        if (p.name().startsWith("schrodinger-bridge")) {
            return new double[] {sigma * sigma * t * (1 - t), sigma * sigma * (1 - 2 * t) / 2};
        }
        if (p.name().startsWith("constant-sigma") || p.name().startsWith("vp:")) {
            return new double[] {sigma * sigma, 0};
        }
        return new double[] {0, 0};
    }

    /**
     * Least squares u_j = c + s (x_j - centre) over the rows: {c, s, standard error of c, of s}.
     */
    private static double[] leastSquaresLine(Tensor x, Tensor u, int j, double centre) {
        int n = x.rows();
        double mx = 0;
        double mu = 0;
        for (int i = 0; i < n; i++) {
            mx += (x.get(i, j) - centre) / n;
            mu += u.get(i, j) / n;
        }
        double sxx = 0;
        double sxu = 0;
        for (int i = 0; i < n; i++) {
            double dx = x.get(i, j) - centre - mx;
            sxx += dx * dx;
            sxu += dx * (u.get(i, j) - mu);
        }
        double s = sxu / sxx;
        double c = mu - s * mx;
        double r = 0;
        for (int i = 0; i < n; i++) {
            double res = u.get(i, j) - c - s * (x.get(i, j) - centre);
            r += res * res / (n - 2);
        }
        double seS = Math.sqrt(r / sxx);
        double seC = Math.sqrt(r * (1.0 / n + mx * mx / sxx));
        return new double[] {c, s, seC, seS};
    }

    private static double norm(Tensor x, int row) {
        double s = 0;
        for (int j = 0; j < x.cols(); j++) {
            s += x.get(row, j) * x.get(row, j);
        }
        return Math.sqrt(s);
    }
}
