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
 * backward, each by Newton's method on x - dt grad phi(x, t_k) = x_{k+1} ({@link EulerStepInverse}).
 * The step is the gradient of the function |x|^2/2 - dt phi(x, t_k), so it is a bijection wherever
 * I - dt H_k stays positive definite (dt lambda_max(H_k) &lt; 1), strongly concave directions (large
 * negative h_i, where the step expands) included. The fixed-point iteration y -&gt; x_{k+1} + dt grad phi(y)
 * used before contracts only when dt Lip(grad phi) &lt; 1 and so failed at the expanding points of a
 * potential trained steep. Where Newton's iteration does not converge, or I - dt H_k is not positive
 * definite at the preimage (the step folds: not injective there), the call fails, naming the step,
 * the row and the reason.
 *
 * <p>The Jacobian term. Inverting a step already assembles H_k, so the exact log det(I - dt H_k) of
 * the K-step map, the density of the generated samples themselves, would cost no more than the exact
 * trace. It would be the better figure where dt h_i is far from 0 (for dt h = -3 the Laplacian term
 * gives -3 per direction against -log 4 = -1.39). It is not used: {@link #fromNoise} must give the
 * same numbers, and above {@code TraceEstimator.EXACT_UP_TO_DIMENSION} it estimates the Laplacian by
 * Hutchinson's probes, which have no counterpart for the log-determinant of a matrix whose spectral
 * radius may exceed 1. The density stays the CNF one, the Euler discretisation of MATH.md section 3
 * (section 6, "Density of the generator").
 */
public final class GeneratorDensity {

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
     * @throws IllegalStateException naming the step, the row and the reason when a step cannot be
     *         inverted (Newton's method does not converge, or the step folds at the preimage)
     */
    public Tensor logDensity(Tensor x) {
        double[] t = PotentialGenerator.grid(generator.horizon(), generator.steps());
        Tensor[] path = new Tensor[generator.steps() + 1];
        path[generator.steps()] = x.detach();
        for (int k = generator.steps() - 1; k >= 0; k--) {
            path[k] = new EulerStepInverse(generator, t[k], t[k + 1] - t[k], k).preimage(path[k + 1]);
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
}
