package dev.otto.ot.internal;

/**
 * Argument validation shared by the ot module (MATH.md section 1: weights are nonnegative with
 * equal sums). Every failure is an {@link IllegalArgumentException} naming the argument, the
 * expected and the actual value.
 *
 * <p>Not API: public only so that the solver packages can share it (see
 * {@code dev.otto.ot.internal}); it depends on nothing else in ot, so no package cycle goes
 * through it.
 */
public final class Checks {

    /** Relative tolerance on |sum a - sum b| (MATH.md section 1 asks for equal masses; this is the round-off allowed). */
    public static final double MASS_TOLERANCE = 1e-9;

    private Checks() {
    }

    /** Rejects null or empty arrays. */
    public static void notEmpty(String name, Object[] v) {
        if (v == null || v.length == 0) {
            throw new IllegalArgumentException(name + ": expected a non-empty array, got "
                    + (v == null ? "null" : "length 0"));
        }
    }

    /** Rejects NaN and infinite entries. */
    public static void finite(String name, double[] v) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(name + ": expected finite entries, got " + v[i] + " at index " + i);
            }
        }
    }

    /**
     * Validates a weight vector: non-null, non-empty, finite, nonnegative, positive total.
     *
     * @return the total mass
     */
    public static double weights(String name, double[] w) {
        if (w == null || w.length == 0) {
            throw new IllegalArgumentException(name + ": expected a non-empty weight vector, got "
                    + (w == null ? "null" : "length 0"));
        }
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            double v = w[i];
            if (!Double.isFinite(v) || v < 0) {
                throw new IllegalArgumentException(name + ": expected finite nonnegative weights, got " + v + " at index " + i);
            }
            s += v;
        }
        if (!(s > 0) || !Double.isFinite(s)) {
            throw new IllegalArgumentException(name + ": expected a positive finite total mass, got " + s);
        }
        return s;
    }

    /** Validates two weight vectors of equal total mass (relative {@link #MASS_TOLERANCE}). */
    public static void balanced(double[] a, double[] b) {
        masses(a, b);
    }

    /** Rejects a missing argument: "name: expected a thing, got null". */
    public static void present(String name, String thing, Object v) {
        if (v == null) {
            throw new IllegalArgumentException(name + ": expected " + thing + ", got null");
        }
    }

    /**
     * Validates an OT problem (a, b) on an n x m cost: the weights match its shape, are finite and
     * nonnegative, and carry equal total mass. Returns the two total masses {sum(a), sum(b)}.
     */
    public static double[] problem(double[] a, double[] b, int n, int m) {
        shape(a, b, n, m);
        return masses(a, b);
    }

    private static double[] masses(double[] a, double[] b) {
        double sa = weights("a", a);
        double sb = weights("b", b);
        if (Math.abs(sa - sb) > MASS_TOLERANCE * Math.max(sa, sb)) {
            throw new IllegalArgumentException("b: expected total mass equal to sum(a) = " + sa
                    + " within relative " + MASS_TOLERANCE + ", got sum(b) = " + sb);
        }
        return new double[] {sa, sb};
    }

    /** Checks weight lengths against a cost's shape. */
    public static void shape(double[] a, double[] b, int n, int m) {
        if (a.length != n) {
            throw new IllegalArgumentException("a: expected " + n + " weights (cost rows), got " + a.length);
        }
        if (b.length != m) {
            throw new IllegalArgumentException("b: expected " + m + " weights (cost columns), got " + b.length);
        }
    }

    /** Validates a regularisation strength eps > 0, finite. */
    public static void epsilon(double eps) {
        if (!(eps > 0) || !Double.isFinite(eps)) {
            throw new IllegalArgumentException("epsilon: expected a finite value > 0, got " + eps);
        }
    }

    /**
     * Validates a point cloud (n x d, rectangular, finite, n >= 1, d >= 1).
     *
     * @return d
     */
    public static int dimension(String name, double[][] pts) {
        notEmpty(name, pts);
        if (pts[0] == null || pts[0].length == 0) {
            throw new IllegalArgumentException(name + ": expected points of dimension >= 1, got "
                    + (pts[0] == null ? "null" : "0"));
        }
        int d = pts[0].length;
        for (int i = 0; i < pts.length; i++) {
            if (pts[i] == null || pts[i].length != d) {
                throw new IllegalArgumentException(name + ": expected every point of dimension " + d + ", point " + i
                        + " has " + (pts[i] == null ? "null" : pts[i].length));
            }
            for (int k = 0; k < d; k++) {
                if (!Double.isFinite(pts[i][k])) {
                    throw new IllegalArgumentException(name + ": expected finite coordinates, got " + pts[i][k]
                            + " at (" + i + ", " + k + ")");
                }
            }
        }
        return d;
    }

    /** Copies a validated point cloud into a flat row-major array. */
    public static double[] flatten(double[][] pts, int d) {
        double[] out = new double[Math.multiplyExact(pts.length, d)];
        for (int i = 0; i < pts.length; i++) {
            System.arraycopy(pts[i], 0, out, i * d, d);
        }
        return out;
    }

    /** Uniform weights 1/n. */
    public static double[] uniform(int n) {
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0 / n);
        return w;
    }
}
