package dev.otto.flows.proximal;

import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import dev.otto.flows.DensitySamples;
import dev.otto.flows.OnePassLikelihood;
import dev.otto.flows.TraceEstimator;

/**
 * The density of the W1/W2 proximal generator (MATH.md section 6 for the generator, section 3 for
 * the CNF formula; seed paper 2, Algorithm 1). The generator is the ODE x' = v(x, t) =
 * -grad phi(x, t) from z ~ N(0, I), so div v = -Laplacian phi and
 * <pre>
 *   log p_T(x(T)) = log q(z) - int_0^T div v dt = log q(z) + int_0^T Laplacian phi(x(t), t) dt .
 * </pre>
 * The samples are made by K forward-Euler steps x_{k+1} = x_k - dt grad phi(x_k, t_k), and the
 * log-determinant is integrated by the same steps: logdet_{k+1} = logdet_k - dt Laplacian phi(x_k, t_k),
 * the Euler discretisation of the augmented CNF state [x, logdet]. Against the exact density of the
 * K-step map, whose step Jacobian is I - dt H_k (H_k the Hessian of phi at x_k), each step differs by
 * sum_i [-dt h_i - log(1 - dt h_i)] &lt;= sum_i (dt h_i)^2 / (2 (1 - dt h_i)) over the eigenvalues h_i of
 * H_k (for dt h_i &lt; 1); both tend to the density of the continuous generator as K grows.
 *
 * <p>{@link #logDensity} evaluates the same sum at a given point by inverting the Euler steps
 * backward: x_k is the fixed point of y -&gt; x_{k+1} + dt grad phi(y, t_k), a contraction when
 * dt Lip(grad phi) &lt; 1 (then each step, and the generator, is a bijection of R^d). Where the
 * iteration does not settle, the step is not invertible there and the call fails, naming the step.
 */
public final class GeneratorDensity {

    /** Fixed-point iterations allowed per inverted step. */
    public static final int MAX_INVERSION_ITERATIONS = 200;
    /** A fixed point is accepted when the last update moved no coordinate by more than this times (1 + max|x|). */
    public static final double INVERSION_TOLERANCE = 1e-12;

    private final PotentialGenerator generator;

    public GeneratorDensity(PotentialGenerator generator) {
        if (generator == null) {
            throw new IllegalArgumentException("generator: expected a PotentialGenerator, got null");
        }
        this.generator = generator;
    }

    /**
     * The generator's samples x_K of the rows of z (the same as {@link PotentialGenerator#rollout}'s)
     * and their log-densities, in one pass.
     */
    public DensitySamples fromNoise(Tensor z, TraceEstimator trace) {
        Tensor stacked = trace.replicate(z);
        Tensor probe = trace.probe(stacked.rows(), stacked.cols());
        double[] t = PotentialGenerator.grid(generator.horizon(), generator.steps());
        Tensor x = stacked.detach();
        Tensor laplacianIntegral = Tensor.zeros(stacked.rows(), 1);
        for (int k = 0; k < generator.steps(); k++) {
            double dt = t[k + 1] - t[k];
            laplacianIntegral = laplacianIntegral.add(laplacian(x, t[k], probe).scale(dt));
            x = x.addScaled(generator.gradient(x, t[k], false), -dt);
        }
        return trace.combine(z.rows(), x, OnePassLikelihood.noiseLogDensity(stacked).add(laplacianIntegral));
    }

    /**
     * log p_T(x) per row of x: the Euler steps inverted back to z, then log q(z) + the Laplacian sum
     * along the recovered path (exact trace).
     *
     * @throws IllegalStateException naming the step and the rows when a step cannot be inverted
     */
    public Tensor logDensity(Tensor x) {
        double[] t = PotentialGenerator.grid(generator.horizon(), generator.steps());
        Tensor[] path = new Tensor[generator.steps() + 1];
        path[generator.steps()] = x.detach();
        for (int k = generator.steps() - 1; k >= 0; k--) {
            path[k] = invertStep(path[k + 1], t[k], t[k + 1] - t[k], k);
        }
        Tensor laplacianIntegral = Tensor.zeros(x.rows(), 1);
        for (int k = 0; k < generator.steps(); k++) {
            laplacianIntegral = laplacianIntegral.add(laplacian(path[k], t[k], null).scale(t[k + 1] - t[k]));
        }
        return OnePassLikelihood.noiseLogDensity(path[0]).add(laplacianIntegral);
    }

    /** Laplacian phi(x, t) = -div v per row, exactly (probe null) or by Hutchinson with the fixed probe. */
    private Tensor laplacian(Tensor x, double t, Tensor probe) {
        try (Tape.Scope none = Tape.noGrad()) {
            return TraceEstimator.divergence(y -> generator.gradient(y, t, true), x.detach(), probe)
                    .divergence().detach();
        }
    }

    /** x_k with x_k - dt grad phi(x_k, t_k) = next, by fixed-point iteration from next. */
    private Tensor invertStep(Tensor next, double t, double dt, int k) {
        Tensor y = next;
        for (int it = 0; it < MAX_INVERSION_ITERATIONS; it++) {
            Tensor updated = next.addScaled(generator.gradient(y, t, false), dt);
            double moved = maxAbs(updated.sub(y));
            y = updated;
            if (!Double.isFinite(moved)) {
                break;
            }
            if (moved <= INVERSION_TOLERANCE * (1 + maxAbs(y))) {
                return y;
            }
        }
        throw new IllegalStateException("proximal log-density: Euler step " + k + " (t = " + t
                + ") could not be inverted within " + MAX_INVERSION_ITERATIONS + " fixed-point iterations;"
                + " the step is invertible where dt Lip(grad phi) < 1 (dt = " + dt + "): use more steps K");
    }

    private static double maxAbs(Tensor a) {
        double m = 0;
        for (double v : a.toArray()) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
