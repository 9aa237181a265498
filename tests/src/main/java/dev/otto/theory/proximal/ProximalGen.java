package dev.otto.theory.proximal;

import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Activation;
import dev.otto.autodiff.nn.Mlp;
import dev.otto.flows.proximal.FDivergence;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/** Shared generators of the proximal-flow properties and catalog checks (MATH.md section 6). */
public final class ProximalGen {

    private ProximalGen() {
    }

    /** Every divergence the package provides, with a few alphas (close to 1, 2, large). */
    public static FDivergence divergence(int which) {
        return switch (Math.floorMod(which, 6)) {
            case 0 -> FDivergence.kl();
            case 1 -> FDivergence.reverseKl();
            case 2 -> FDivergence.alpha(2.0);
            case 3 -> FDivergence.alpha(1.05);
            case 4 -> FDivergence.alpha(7.5);
            default -> FDivergence.w1();
        };
    }

    /** 10^u for u uniform in [lo, hi]. */
    public static double logUniform(SplittableRandom rng, double lo, double hi) {
        return Math.pow(10, lo + (hi - lo) * rng.nextDouble());
    }

    /** n x d Gaussian cloud at the given scale and offset. */
    public static Tensor cloud(int n, int d, double scale, double offset, SplittableRandom rng) {
        return Tensor.randn(n, d, rng).scale(scale).addScalar(offset);
    }

    /**
     * A function with Lipschitz constant at most L (kind 0: linear with slope exactly L, on the
     * boundary; kind 1: L s min_j(|x - c_j| + b_j), s in [0,1]; kind 2: a ReLU MLP rescaled by
     * L / (its spectral Lipschitz bound)), plus an offset.
     */
    public static UnaryOperator<Tensor> lipschitz(int kind, int d, double lip, double scale, double offset,
                                           SplittableRandom rng) {
        switch (Math.floorMod(kind, 3)) {
            case 0: {
                double[] u = Tensor.randn(1, d, rng).toArray();
                double norm = 0;
                for (double v : u) {
                    norm += v * v;
                }
                norm = Math.sqrt(norm);
                double[] w = new double[d];
                for (int i = 0; i < d; i++) {
                    w[i] = lip * u[i] / norm;
                }
                Tensor col = Tensor.wrap(d, 1, w);
                return x -> x.matmul(col).addScalar(offset);
            }
            case 1: {
                int k = 1 + rng.nextInt(4);
                Tensor[] centres = new Tensor[k];
                double[] b = new double[k];
                for (int j = 0; j < k; j++) {
                    centres[j] = Tensor.randn(1, d, rng).scale(scale);
                    b[j] = scale * rng.nextDouble();
                }
                double s = lip * rng.nextDouble();
                return x -> {
                    Tensor best = null;
                    for (int j = 0; j < k; j++) {
                        Tensor dist = x.sub(centres[j]).square().rowSums().sqrt().addScalar(b[j]);
                        best = best == null ? dist : best.minimum(dist);
                    }
                    return best.scale(s).addScalar(offset);
                };
            }
            default: {
                Mlp net = Mlp.builder(d).hidden(8, 8).output(1).activation(Activation.relu()).build(rng);
                double factor = lip / net.lipschitzBound();
                return x -> net.apply(x).scale(factor).addScalar(offset);
            }
        }
    }

    public static double max(Tensor t) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : t.toArray()) {
            m = Math.max(m, v);
        }
        return m;
    }
}
