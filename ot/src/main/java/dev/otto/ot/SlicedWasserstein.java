package dev.otto.ot;

import dev.otto.ot.internal.Checks;
import dev.otto.ot.internal.Parallel;

import java.util.SplittableRandom;

/**
 * Sliced Wasserstein distances between weighted point clouds in R^d (Rabin, Peyre, Delon and
 * Bernot 2011, "Wasserstein barycenter and its application to texture mixing", section 3.2;
 * Bonneel, Rabin, Peyre and Pfister 2015, eq. (1); max-sliced: Deshpande et al. 2019, eq. (3)):
 * <pre>
 *   SW_p^p(mu, nu) = (1/L) sum_{l=1..L} W_p^p(theta_l # mu, theta_l # nu),
 *   max-SW_p(mu, nu) = max_l W_p(theta_l # mu, theta_l # nu),
 * </pre>
 * where theta_l # mu is the law of &lt;theta_l, X&gt; and the L directions are drawn uniformly on the
 * unit sphere S^{d-1} from a seed (normalised standard Gaussians), so the Monte-Carlo estimate of
 * E_theta W_p^p is a deterministic function of the seed. Each projected problem is the exact 1-D
 * transport of MATH.md section 1 ("1-D"), solved by {@link OneDimensional}.
 *
 * <p>Facts the properties check (MATH.md section 1 has no statement of its own for them):
 * projection onto a unit vector is 1-Lipschitz, so every slice satisfies
 * W_p(theta # mu, theta # nu) &lt;= W_p(mu, nu), hence SW_p &lt;= max-SW_p &lt;= W_p; for a fixed set of
 * directions SW_p is a pseudo-metric (the L^p mean of pseudo-metrics, by Minkowski's inequality);
 * a translation by v moves every slice by &lt;v, theta&gt;, so SW_2^2(x, x + v) = mean_l &lt;v, theta_l&gt;^2,
 * whose expectation over uniform directions is |v|^2 / d.
 *
 * <p>The slices are solved over the common pool in fixed blocks, each writing its own entry, so
 * results are bitwise identical whatever the thread count.
 */
public final class SlicedWasserstein {

    /**
     * Directions handed to a thread at a time: a 1000-point slice takes tens of microseconds, about
     * what handing a task to another thread costs on a loaded machine, so single directions made the
     * parallel loop slower than the serial one (measured at n = 1000, d = 10, 200 directions).
     */
    private static final int DIRECTIONS_PER_BLOCK = 8;

    private SlicedWasserstein() {
    }

    /**
     * The per-direction costs W_p^p(theta_l # mu, theta_l # nu) of one comparison, with the
     * exponent p they were computed for.
     *
     * @param slices W_p^p of each projected problem, in the order of the directions
     * @param p      the exponent
     */
    public record Slices(double[] slices, double p) {

        /** SW_p^p: the mean of the per-direction W_p^p. */
        public double slicedPower() {
            double s = 0;
            for (double v : slices) {
                s += v;
            }
            return s / slices.length;
        }

        /** SW_p, the p-th root of {@link #slicedPower()}. */
        public double sliced() {
            return root(slicedPower(), p);
        }

        /** max-SW_p over the drawn directions: the p-th root of the largest per-direction W_p^p. */
        public double maxSliced() {
            double mx = 0;
            for (double v : slices) {
                mx = Math.max(mx, v);
            }
            return root(mx, p);
        }
    }

    /**
     * L directions drawn uniformly on the unit sphere S^{d-1} (normalised standard Gaussian
     * vectors) from the seed; the same (count, d, seed) always gives the same directions.
     */
    public static double[][] directions(int count, int d, long seed) {
        if (count < 1) {
            throw new IllegalArgumentException("directions: expected at least one direction, got " + count);
        }
        if (d < 1) {
            throw new IllegalArgumentException("d: expected a dimension >= 1, got " + d);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] out = new double[count][d];
        for (int l = 0; l < count; l++) {
            double norm = 0;
            while (!(norm > 1e-150)) {
                norm = 0;
                for (int k = 0; k < d; k++) {
                    double z = rng.nextGaussian();
                    out[l][k] = z;
                    norm += z * z;
                }
            }
            norm = Math.sqrt(norm);
            for (int k = 0; k < d; k++) {
                out[l][k] /= norm;
            }
        }
        return out;
    }

    /** SW_p with uniform weights over {@code count} directions drawn from {@code seed}. */
    public static double sw(double[][] x, double[][] y, double p, int count, long seed) {
        int d = Checks.dimension("x", x);
        return slices(x, null, y, null, p, directions(count, d, seed)).sliced();
    }

    /**
     * The per-direction 1-D problems between x (weights a, null = uniform) and y (weights b, null
     * = uniform) along the given unit directions (rows of length d). Directions are used as given
     * (they must be finite and nonzero; non-unit directions scale their slice).
     */
    public static Slices slices(double[][] x, double[] a, double[][] y, double[] b, double p, double[][] directions) {
        int d = Checks.dimension("x", x);
        int dy = Checks.dimension("y", y);
        if (dy != d) {
            throw new IllegalArgumentException("y: expected points of dimension " + d + " (as x), got " + dy);
        }
        int dt = Checks.dimension("directions", directions);
        if (dt != d) {
            throw new IllegalArgumentException("directions: expected vectors of dimension " + d + " (as x), got " + dt);
        }
        if (!(p >= 1) || !Double.isFinite(p)) {
            throw new IllegalArgumentException("p: expected a finite exponent >= 1, got " + p);
        }
        int count = directions.length;
        double[] out = new double[count];
        long work = (long) count * (x.length + y.length) * (d + 20);
        Parallel.forEachBlock(count, DIRECTIONS_PER_BLOCK, work, (lo, hi) -> {
            for (int l = lo; l < hi; l++) {
                out[l] = OneDimensional.wpp(project(x, directions[l]), a, project(y, directions[l]), b, p);
            }
        });
        return new Slices(out, p);
    }

    /** &lt;x_i, theta&gt; for every point. */
    private static double[] project(double[][] x, double[] theta) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double s = 0;
            for (int k = 0; k < theta.length; k++) {
                s += x[i][k] * theta[k];
            }
            out[i] = s;
        }
        return out;
    }

    private static double root(double v, double p) {
        return p == 1 ? v : p == 2 ? Math.sqrt(v) : Math.pow(v, 1 / p);
    }
}
