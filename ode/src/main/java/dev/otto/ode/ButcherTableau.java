package dev.otto.ode;

import java.util.Arrays;

/**
 * The coefficients of an explicit Runge-Kutta method (MATH.md section 3): for a step of size h
 * from (t, y),
 * <pre>
 *   k_i   = v(t + c_i h, y + h sum_{j &lt; i} a_ij k_j),   i = 1..s
 *   y_new = y + h sum_i b_i k_i
 *   err   = h sum_i (b_i - bHat_i) k_i      (embedded pair only)
 * </pre>
 * The constants are the methods MATH.md section 3 names. {@link #RK4} is the <em>classical</em>
 * fourth-order method with weights (1/6, 1/3, 1/3, 1/6); some libraries (torchdiffeq's "rk4")
 * call Kutta's 3/8 rule "rk4", which is {@link #RK4_THREE_EIGHTHS} here, weights (1/8, 3/8, 3/8, 1/8).
 *
 * <p>The constructor checks the row-sum condition c_i = sum_j a_ij, that a is strictly lower
 * triangular, and that the weights sum to one (consistency), so a mistyped coefficient fails at
 * class initialisation rather than as a silently lower order.
 */
public final class ButcherTableau {

    /** Forward Euler, order 1: y_new = y + h v(t, y). */
    public static final ButcherTableau EULER = new ButcherTableau("Euler", 1,
            new double[][] {{}}, new double[] {1}, new double[] {0}, null, 0);

    /** Explicit midpoint rule, order 2: y_new = y + h v(t + h/2, y + h/2 v(t, y)). */
    public static final ButcherTableau MIDPOINT = new ButcherTableau("Midpoint", 2,
            new double[][] {{}, {0.5}}, new double[] {0, 1}, new double[] {0, 0.5}, null, 0);

    /** Heun's method (explicit trapezoid), order 2: weights (1/2, 1/2), second stage at t + h. */
    public static final ButcherTableau HEUN = new ButcherTableau("Heun", 2,
            new double[][] {{}, {1}}, new double[] {0.5, 0.5}, new double[] {0, 1}, null, 0);

    /**
     * The classical Runge-Kutta method, order 4: c = (0, 1/2, 1/2, 1), a_21 = a_32 = 1/2, a_43 = 1,
     * weights (1/6, 1/3, 1/3, 1/6). Not Kutta's 3/8 rule (see {@link #RK4_THREE_EIGHTHS}).
     */
    public static final ButcherTableau RK4 = new ButcherTableau("RK4 (classical)", 4,
            new double[][] {{}, {0.5}, {0, 0.5}, {0, 0, 1}},
            new double[] {1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6}, new double[] {0, 0.5, 0.5, 1}, null, 0);

    /**
     * Kutta's 3/8 rule, order 4: c = (0, 1/3, 2/3, 1), weights (1/8, 3/8, 3/8, 1/8). This is what
     * torchdiffeq calls "rk4"; provided so results can be compared with it.
     */
    public static final ButcherTableau RK4_THREE_EIGHTHS = new ButcherTableau("RK4 (3/8 rule)", 4,
            new double[][] {{}, {1.0 / 3}, {-1.0 / 3, 1}, {1, -1, 1}},
            new double[] {1.0 / 8, 3.0 / 8, 3.0 / 8, 1.0 / 8}, new double[] {0, 1.0 / 3, 2.0 / 3, 1}, null, 0);

    /**
     * Dormand-Prince 5(4) (Dormand and Prince 1980; Hairer, Norsett and Wanner, Solving ODEs I,
     * table II.5.2): 7 stages, first same as last, the fifth-order solution is propagated (local
     * extrapolation) and the embedded fourth-order one gives the error estimate.
     */
    public static final ButcherTableau DORMAND_PRINCE_54 = new ButcherTableau("Dormand-Prince 5(4)", 5,
            new double[][] {
                {},
                {1.0 / 5},
                {3.0 / 40, 9.0 / 40},
                {44.0 / 45, -56.0 / 15, 32.0 / 9},
                {19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
                {9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
                {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84}},
            new double[] {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84, 0},
            new double[] {0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1},
            new double[] {5179.0 / 57600, 0, 7571.0 / 16695, 393.0 / 640, -92097.0 / 339200, 187.0 / 2100, 1.0 / 40},
            4);

    private static final double CONSISTENCY_TOL = 1e-14;

    private final String name;
    private final int order;
    private final double[][] a;
    private final double[] b;
    private final double[] c;
    private final double[] bHat;
    private final int embeddedOrder;
    private final double[] errorWeights;
    private final boolean firstSameAsLast;

    /**
     * A tableau with s stages.
     *
     * @param name          a readable name (error messages, reports)
     * @param order         the order p of the propagated solution
     * @param a             s rows; row i holds a_i0 .. a_i(i-1) (shorter rows are padded with zeros)
     * @param b             s weights of the propagated solution
     * @param c             s nodes
     * @param bHat          s weights of the embedded solution, or null for a method without one
     * @param embeddedOrder the order of the embedded solution (ignored when bHat is null)
     */
    public ButcherTableau(String name, int order, double[][] a, double[] b, double[] c, double[] bHat,
                          int embeddedOrder) {
        if (order <= 0) {
            throw new IllegalArgumentException("order: expected a positive order, got " + order);
        }
        int s = b.length;
        if (s == 0) {
            throw new IllegalArgumentException("b: expected at least one stage, got 0 weights");
        }
        if (a.length != s || c.length != s) {
            throw new IllegalArgumentException("a, c: expected " + s + " rows and nodes (one per weight), got "
                    + a.length + " and " + c.length);
        }
        if (bHat != null && bHat.length != s) {
            throw new IllegalArgumentException("bHat: expected " + s + " embedded weights, got " + bHat.length);
        }
        if (bHat != null && (embeddedOrder <= 0 || embeddedOrder >= order + 2)) {
            throw new IllegalArgumentException("embeddedOrder: expected 1.." + (order + 1) + ", got " + embeddedOrder);
        }
        this.name = name;
        this.order = order;
        this.a = new double[s][];
        for (int i = 0; i < s; i++) {
            if (a[i].length > i) {
                throw new IllegalArgumentException("a: row " + i + " must have at most " + i
                        + " entries (explicit method), got " + a[i].length);
            }
            this.a[i] = Arrays.copyOf(a[i], i);
            double rowSum = 0;
            for (double v : this.a[i]) {
                rowSum += v;
            }
            if (Math.abs(rowSum - c[i]) > CONSISTENCY_TOL) {
                throw new IllegalArgumentException("c: node " + i + " must equal the row sum of a, expected "
                        + rowSum + ", got " + c[i]);
            }
        }
        checkWeightsSumToOne("b", b);
        if (bHat != null) {
            checkWeightsSumToOne("bHat", bHat);
        }
        this.b = b.clone();
        this.c = c.clone();
        this.bHat = bHat == null ? null : bHat.clone();
        this.embeddedOrder = bHat == null ? 0 : embeddedOrder;
        if (bHat != null) {
            errorWeights = new double[s];
            for (int i = 0; i < s; i++) {
                errorWeights[i] = b[i] - bHat[i];
            }
        } else {
            errorWeights = null;
        }
        this.firstSameAsLast = s > 1 && c[s - 1] == 1.0 && b[s - 1] == 0.0
                && Arrays.equals(this.a[s - 1], Arrays.copyOf(b, s - 1));
    }

    private static void checkWeightsSumToOne(String arg, double[] w) {
        double sum = 0;
        for (double v : w) {
            sum += v;
        }
        if (Math.abs(sum - 1.0) > CONSISTENCY_TOL) {
            throw new IllegalArgumentException(arg + ": weights must sum to 1, got " + sum);
        }
    }

    public String name() {
        return name;
    }

    /** The order p of the propagated solution: the global error is O(h^p). */
    public int order() {
        return order;
    }

    /** Number of stages s. */
    public int stages() {
        return b.length;
    }

    /** a_ij for j &lt; i. */
    public double a(int i, int j) {
        return j < i ? a[i][j] : 0.0;
    }

    /** Weight b_i of the propagated solution. */
    public double b(int i) {
        return b[i];
    }

    /** Node c_i. */
    public double c(int i) {
        return c[i];
    }

    /** True when the tableau carries an embedded solution (usable for adaptive step control). */
    public boolean hasEmbedded() {
        return bHat != null;
    }

    /** The order of the embedded solution, 0 when there is none. */
    public int embeddedOrder() {
        return embeddedOrder;
    }

    /** Weight bHat_i of the embedded solution; only for a tableau with {@link #hasEmbedded()}. */
    public double bHat(int i) {
        requireEmbedded();
        return bHat[i];
    }

    /** b_i - bHat_i, the weights of the local error estimate. */
    public double errorWeight(int i) {
        requireEmbedded();
        return errorWeights[i];
    }

    /**
     * True when the last stage is evaluated at the new solution (a_s = b, c_s = 1), so its derivative
     * is the first stage of the next step ("first same as last", saves one evaluation per step).
     */
    public boolean firstSameAsLast() {
        return firstSameAsLast;
    }

    private void requireEmbedded() {
        if (bHat == null) {
            throw new IllegalStateException(name + " has no embedded solution");
        }
    }

    @Override
    public String toString() {
        return name + " (order " + order + (bHat == null ? "" : ", embedded order " + embeddedOrder) + ", "
                + stages() + " stages)";
    }
}
