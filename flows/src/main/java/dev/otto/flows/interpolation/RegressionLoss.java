package dev.otto.flows.interpolation;

import dev.otto.autodiff.Tensor;

/**
 * The least-squares loss the interpolation trainer descends (MATH.md section 5; seed paper 3, the
 * velocity V(t, x) = E[a'(t) Z + b'(t) X_1 | X_t = x] as the minimiser of
 * E |v(t, X_t) - (a'(t) Z + b'(t) X_1)|^2 with X_t = a(t) Z + b(t) X_1): on a batch of pairs (z_i, x1_i)
 * and times t_i, mean_i |v_theta(t_i, x_t,i) - (a'(t_i) z_i + b'(t_i) x1_i)|^2. Recorded when a scope
 * is open, so it differentiates in the network's parameters.
 */
public final class RegressionLoss {

    private RegressionLoss() {
    }

    /**
     * The loss on n pairs (rows of z and x1, n x d) at the times t (n entries).
     *
     * @throws IllegalArgumentException if the shapes disagree
     */
    public static Tensor of(InterpolationFlow flow, Schedule schedule, Tensor z, Tensor x1, double[] t) {
        int n = z.rows();
        if (!z.sameShape(x1) || t.length != n) {
            throw new IllegalArgumentException("z, x1, t: expected two n x d batches and n times, got " + z.shape()
                    + ", " + x1.shape() + " and " + t.length + " times");
        }
        double[] a = new double[n];
        double[] b = new double[n];
        double[] ap = new double[n];
        double[] bp = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = schedule.a(t[i]);
            b[i] = schedule.b(t[i]);
            ap[i] = schedule.aPrime(t[i]);
            bp[i] = schedule.bPrime(t[i]);
        }
        Tensor xt = z.mul(Tensor.wrap(n, 1, a)).add(x1.mul(Tensor.wrap(n, 1, b)));
        Tensor target = z.mul(Tensor.wrap(n, 1, ap)).add(x1.mul(Tensor.wrap(n, 1, bp)));
        return flow.velocity(Tensor.wrap(n, 1, t), xt).sub(target).square().rowSums().mean();
    }
}
