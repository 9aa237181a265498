package dev.otto.ot.exact;

import dev.otto.ot.cost.Cost;
import dev.otto.ot.cost.CostMatrix;
import dev.otto.ot.internal.Checks;

/**
 * Exact partial optimal transport: the cheapest way to move a given mass s &lt;= min(|a|, |b|),
 * <pre>
 *   POT_s(a, b, C) = min { &lt;C,P&gt; : P &gt;= 0, P 1 &lt;= a, P^T 1 &lt;= b, sum P = s },
 * </pre>
 * by the dummy-point reduction (Chapel, Alaya and Gasso 2020, "Partial optimal transport with
 * applications on positive-unlabeled learning", Prop. 1; Caffarelli and McCann 2010): append a
 * dummy point to each side, with weights a' = (a, |b| - s) and b' = (b, |a| - s) (equal totals
 * |a| + |b| - s), cost 0 between a real point and the other side's dummy and A &gt; 0 between the two
 * dummies, and solve the balanced problem of MATH.md section 1 by {@link NetworkSimplex}. Real-to-real
 * mass is s + P'_dd, and moving t off the dummy-dummy entry and off a real pair (i, j) onto
 * (i, dummy) and (dummy, j) changes the cost by -(A + C_ij) t &lt; 0 when A &gt; max|C|, so the optimum has
 * P'_dd = 0 and its real block is an optimal partial plan. We take A = 2 max|C| (1 when C = 0), on
 * the cost's own scale, since the simplex prices relative to the largest cost.
 * The extended cost is stored: O((n + 1)(m + 1)) memory.
 *
 * <p>Facts the properties check: the plan moves exactly s, within the marginals; POT_s is
 * nondecreasing (and convex) in s; at s = |a| = |b| it is OT(a, b, C).
 */
public final class PartialTransport {

    private PartialTransport() {
    }

    /**
     * An optimal partial plan (sparse: entry k moves {@code masses[k]} from row {@code rows[k]} to
     * column {@code cols[k]}), its cost &lt;C,P&gt; and the mass it moves.
     */
    public record Plan(int[] rows, int[] cols, double[] masses, double cost, double mass) {

        /** The dense n x m plan. */
        public double[][] dense(int n, int m) {
            double[][] p = new double[n][m];
            for (int k = 0; k < masses.length; k++) {
                p[rows[k]][cols[k]] += masses[k];
            }
            return p;
        }
    }

    /** Solves POT_s(a, b, C) for a mass 0 &lt;= s &lt;= min(sum a, sum b) (relative round-off 1e-12 allowed above). */
    public static Plan solve(double[] a, double[] b, Cost cost, double s) {
        Checks.present("cost", "a cost", cost);
        Checks.shape(a, b, cost.rows(), cost.cols());
        double sa = Checks.weights("a", a);
        double sb = Checks.weights("b", b);
        double cap = Math.min(sa, sb);
        if (!(s >= 0) || !(s <= cap * (1 + 1e-12))) {
            throw new IllegalArgumentException("mass: expected 0 <= mass <= min(sum a, sum b) = " + cap + ", got " + s);
        }
        double mass = Math.min(s, cap);
        int n = a.length;
        int m = b.length;
        // on the cost's own scale: a constant like 1 + 2 max|C| would drown costs of 1e-12 in the
        // simplex's pricing tolerance (relative to the largest cost)
        double maxAbs = cost.maxAbs();
        double big = maxAbs > 0 ? 2 * maxAbs : 1;
        double[][] c = new double[n + 1][m + 1];
        double[] row = new double[m];
        for (int i = 0; i < n; i++) {
            cost.row(i, row);
            System.arraycopy(row, 0, c[i], 0, m);
        }
        c[n][m] = big;
        double[] ea = java.util.Arrays.copyOf(a, n + 1);
        double[] eb = java.util.Arrays.copyOf(b, m + 1);
        ea[n] = Math.max(0, sb - mass);
        eb[m] = Math.max(0, sa - mass);
        ExactResult r = new NetworkSimplex().solve(ea, eb, CostMatrix.of(c));
        if (!r.isOptimal()) {
            throw new ArithmeticException("partial transport: network simplex ended with status " + r.status()
                    + " (n = " + n + ", m = " + m + ")");
        }
        int count = 0;
        for (int k = 0; k < r.nonZeros(); k++) {
            if (r.row(k) < n && r.col(k) < m && r.mass(k) > 0) {
                count++;
            }
        }
        int[] rows = new int[count];
        int[] cols = new int[count];
        double[] masses = new double[count];
        double total = 0;
        double moved = 0;
        int q = 0;
        for (int k = 0; k < r.nonZeros(); k++) {
            int i = r.row(k);
            int j = r.col(k);
            if (i < n && j < m && r.mass(k) > 0) {
                rows[q] = i;
                cols[q] = j;
                masses[q] = r.mass(k);
                total += r.mass(k) * cost.get(i, j);
                moved += r.mass(k);
                q++;
            }
        }
        return new Plan(rows, cols, masses, total, moved);
    }
}
