package dev.otto.flows.loss;

import dev.otto.autodiff.Tensor;

/**
 * The second-order part of the Sinkhorn divergence's Taylor model with the three entropic plans
 * held fixed (MATH.md section 1, statement {@code ot.sinkhorn-divergence-gradient}), recorded on the
 * tape from displacements u = x - sg(x), v = y - sg(y) that are exactly zero:
 * <pre>
 *   Q(u, v) = Q_{P^xy}(u, v) - Q_{P^xx}(u, u)/2 - Q_{P^yy}(v, v)/2,
 *   Q_P(u, v) = sum_ij P_ij |u_i - v_j|^2 = &lt;P 1, |u|^2&gt; + &lt;P^T 1, |v|^2&gt; - 2 &lt;u, P v&gt;.
 * </pre>
 * S_eps's envelope gradient (Feydy et al. 2019) is the gradient of &lt;C(x, y), P&gt; at a fixed P, a
 * quadratic in the points, so Q is exactly the part of its Taylor expansion that is second order in
 * the displacement: its value and its gradient at u = v = 0 are 0, and its Hessian is the Hessian of
 * S_eps with the plans frozen,
 * <pre>
 *   d^2/dx_i dx_k:  2 (P^xy 1)_i delta_ik + (P^xx_ik + P^xx_ki) - (P^xx 1 + P^xx^T 1)_i delta_ik   (times I_d),
 * </pre>
 * and likewise in y, with the cross block -2 P^xy_ij. What it omits is the motion of the plans: the
 * true Hessian adds 2 sum_j (dP^xy_ij/dx_k) (x_i - y_j) and the matching self terms, of order
 * |x|^2 / eps, which would need the derivative of the Sinkhorn fixed point (the inverse of its
 * linearisation, an n + m system per direction).
 *
 * <p>Each plan is a dense constant n x m tensor, so the term costs O(n m d) per evaluation and
 * O(n m) memory on the tape.
 */
final class FrozenPlanQuadratic {

    /** A dense plan, row-major, with its shape; it serves its rows as a solve does. */
    record Plan(double[] entries, int rows, int cols) implements EntropicTransportGradient.PlanRows {

        /** The n x m plan read row by row from a solve. */
        static Plan of(EntropicTransportGradient.PlanRows plan, int n, int m) {
            double[] p = new double[n * m];
            double[] row = new double[m];
            for (int i = 0; i < n; i++) {
                plan.row(i, row);
                System.arraycopy(row, 0, p, i * m, m);
            }
            return new Plan(p, n, m);
        }

        @Override
        public void row(int i, double[] out) {
            System.arraycopy(entries, i * cols, out, 0, cols);
        }
    }

    private FrozenPlanQuadratic() {
    }

    /** Q(u, v) for the cross plan P^xy and the self plans P^xx, P^yy. */
    static Tensor debiased(Plan xy, Plan xx, Plan yy, Tensor u, Tensor v) {
        Tensor self = of(xx, u, u).add(of(yy, v, v));
        return of(xy, u, v).sub(self.scale(0.5));
    }

    /** Q_P(u, v) = &lt;P 1, |u|^2&gt; + &lt;P^T 1, |v|^2&gt; - 2 &lt;u, P v&gt;, recorded. */
    static Tensor of(Plan plan, Tensor u, Tensor v) {
        int n = plan.rows();
        int m = plan.cols();
        double[] p = plan.entries();
        double[] rowSums = new double[n];
        double[] colSums = new double[m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                rowSums[i] += p[i * m + j];
                colSums[j] += p[i * m + j];
            }
        }
        Tensor rows = Tensor.wrap(n, 1, rowSums).mul(u.square()).sum();
        Tensor cols = Tensor.wrap(m, 1, colSums).mul(v.square()).sum();
        Tensor cross = u.mul(Tensor.wrap(n, m, p).matmul(v)).sum();
        return rows.add(cols).sub(cross.scale(2));
    }
}
