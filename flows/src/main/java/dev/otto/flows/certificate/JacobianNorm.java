package dev.otto.flows.certificate;

import dev.otto.autodiff.Derivatives;
import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Mlp;
import java.util.function.UnaryOperator;

/**
 * A sampled estimate of the Lipschitz constant of a vector field f: R^d -> R^d, the largest
 * spectral norm ||grad f(x_i)||_2 over the given points (MATH.md section 2). It is a lower bound on
 * Lip(f) over their hull (the supremum may sit between the points) and, unlike the product of the
 * layers' spectral norms, is not inflated by the layers' misalignment: it measures how stiff the
 * field actually is where the data go. The Jacobian is assembled from d vector-Jacobian products
 * e_c^T grad f, one per coordinate (cheap for the small d of the families' 2-D to 12-D cases).
 */
public final class JacobianNorm {

    private JacobianNorm() {
    }

    /** max_i ||grad f(x_i)||_2 over the rows of x (n x d). */
    public static double max(UnaryOperator<Tensor> f, Tensor x) {
        int n = x.rows();
        int d = x.cols();
        double[][] rows = new double[d][];
        for (int c = 0; c < d; c++) {
            double[] e = new double[n * d];
            for (int i = 0; i < n; i++) {
                e[i * d + c] = 1.0;
            }
            rows[c] = Derivatives.vjp(f, x.detach(), Tensor.wrap(n, d, e)).product().toArray();
        }
        double max = 0;
        for (int i = 0; i < n; i++) {
            double[] jacobian = new double[d * d];
            for (int c = 0; c < d; c++) {
                System.arraycopy(rows[c], i * d, jacobian, c * d, d);
            }
            double s = Mlp.spectralNorm(Tensor.wrap(d, d, jacobian));
            if (!Double.isFinite(s)) {
                return Double.POSITIVE_INFINITY;
            }
            max = Math.max(max, s);
        }
        return max;
    }
}
