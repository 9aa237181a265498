package dev.otto.flows.proximal;

import dev.otto.autodiff.Gradients;
import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import dev.otto.flows.metrics.Straightness;
import java.util.List;

/**
 * The a-posteriori indicators of a proximal generator, logged and never trained on (MATH.md
 * section 6, "A-posteriori indicators"; seed paper 2, Theorem 4.1 and section 5):
 * <ul>
 *   <li>Hamilton-Jacobi residual E_{k, x_k} | d phi/dt(x_k, t_k) - |grad phi(x_k, t_k)|^2 / 2 |,
 *       averaged over the K points (t_k, x_k), k = 0..K-1, where the Euler scheme evaluates the
 *       velocity. Each state is paired with its own time: the authors' code evaluated at x_{k+1}
 *       with t_k, one step off (seed_code.md section 3). Note the sign: with v = -grad phi the
 *       equation is d phi/dt - |grad phi|^2/2 = 0 (the Hopf-Lax oracle has zero residual in this
 *       form and not in the authors' d phi/dt + |grad phi|^2/2).</li>
 *   <li>Terminal residual E | phi(x_K, T) - g(x_K)/lambda - c |, c = the mean of
 *       phi(x_K, T) - g(x_K)/lambda (phi is defined up to a constant); NaN when lambda = 0, where
 *       the terminal condition phi(., T) = g/lambda is undefined.</li>
 *   <li>Kinetic energy E sum_k dt |grad phi(x_k, t_k)|^2 / 2.</li>
 *   <li>Straightness E |x_K - x_0| / sum_k |x_{k+1} - x_k| ({@link Straightness}), 1 for straight paths.</li>
 *   <li>Discretisation gap E |x_K - x'_{2K}|, the terminal states with K and with 2K Euler steps from
 *       the same noise (0 for an exactly discretisation-invariant flow).</li>
 * </ul>
 *
 * @param hamiltonJacobi HJ residual
 * @param terminal terminal residual (NaN if lambda = 0 or no discriminator)
 * @param kineticEnergy KE
 * @param straightness mean straightness
 * @param discretisationGap E |x_K - x_2K|
 */
public record Indicators(double hamiltonJacobi, double terminal, double kineticEnergy, double straightness,
                         double discretisationGap) {

    /** All indicators for the noise batch z. */
    public static Indicators evaluate(PotentialGenerator generator, Discriminator discriminator, double lambda,
                                      Tensor z) {
        Rollout r = generator.rollout(z);
        Rollout fine = generator.rollout(z, 2 * generator.steps());
        double hj = hamiltonJacobiResidual(generator.potential(), r.states(), r.times());
        double term = discriminator == null || !(lambda > 0) ? Double.NaN
                : terminalResidual(generator.potential(), discriminator, lambda, r.terminal(), generator.horizon());
        double straight = Straightness.of(r.states()).value();
        double gap = meanDistance(r.terminal(), fine.terminal());
        return new Indicators(hj, term, r.kineticEnergy().item(), straight, gap);
    }

    /**
     * E | d phi/dt - |grad phi|^2/2 | over the pairs (states[k], times[k]) for k = 0..K-1 (the last
     * state, at T, is not a point where the scheme evaluates phi).
     */
    public static double hamiltonJacobiResidual(Potential phi, List<Tensor> states, double[] times) {
        if (states.size() != times.length || states.size() < 2) {
            throw new IllegalArgumentException("times: expected one time per state (at least 2), got " + times.length
                    + " times for " + states.size() + " states");
        }
        double total = 0;
        int count = 0;
        for (int k = 0; k < states.size() - 1; k++) {
            double[] r = hamiltonJacobiResidualAt(phi, states.get(k), times[k]);
            for (double v : r) {
                total += Math.abs(v);
            }
            count += r.length;
        }
        return total / count;
    }

    /** d phi/dt - |grad phi|^2/2 at each row of x, at time t (signed). */
    public static double[] hamiltonJacobiResidualAt(Potential phi, Tensor x, double t) {
        try (Tape.Scope none = Tape.noGrad(); Tape.Scope scope = Tape.record()) {
            Tensor xi = x.detach();
            Tensor ti = Tensor.filled(x.rows(), 1, t);
            Tensor value = phi.value(xi, ti);
            List<Tensor> g = Gradients.grad(value, List.of(xi, ti));
            double[] dt = g.get(1).toArray();
            double[] gx = g.get(0).toArray();
            int d = x.cols();
            double[] out = new double[x.rows()];
            for (int i = 0; i < out.length; i++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += gx[i * d + j] * gx[i * d + j];
                }
                out[i] = dt[i] - 0.5 * s;
            }
            return out;
        }
    }

    /** E | phi(x, T) - g(x)/lambda - c | with c the mean of phi(x, T) - g(x)/lambda. */
    public static double terminalResidual(Potential phi, Discriminator g, double lambda, Tensor x, double horizon) {
        if (!(lambda > 0)) {
            throw new IllegalArgumentException("lambda: expected lambda > 0 for a terminal condition, got " + lambda);
        }
        double[] r;
        try (Tape.Scope none = Tape.noGrad()) {
            r = phi.value(x, Tensor.filled(x.rows(), 1, horizon)).sub(g.apply(x).scale(1 / lambda)).toArray();
        }
        double c = 0;
        for (double v : r) {
            c += v;
        }
        c /= r.length;
        double s = 0;
        for (double v : r) {
            s += Math.abs(v - c);
        }
        return s / r.length;
    }

    /** E |a_i - b_i| over rows. */
    public static double meanDistance(Tensor a, Tensor b) {
        double[] x = a.toArray();
        double[] y = b.toArray();
        int d = a.cols();
        double s = 0;
        for (int i = 0; i < a.rows(); i++) {
            double q = 0;
            for (int j = 0; j < d; j++) {
                double e = x[i * d + j] - y[i * d + j];
                q += e * e;
            }
            s += Math.sqrt(q);
        }
        return s / a.rows();
    }
}
