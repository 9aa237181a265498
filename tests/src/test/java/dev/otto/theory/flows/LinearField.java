package dev.otto.theory.flows;

import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Linear;
import dev.otto.autodiff.nn.Mlp;
import java.util.SplittableRandom;

/**
 * A linear velocity field dx/dt = A x with A = alpha I + beta K, K skew-symmetric with |K| = 1, set
 * by hand into a two-layer MLP with the identity activation (MATH.md section 3: the flow map of a
 * linear field is the matrix exponential). Because alpha I and K commute, the time-s map is
 * e^(s alpha) e^(s beta K): a dilation by e^(s alpha) times a rotation, so
 * <ul>
 *   <li>|e^(sA) x| = e^(s alpha) |x| and log|det e^(sA)| = s tr A = s d alpha;</li>
 *   <li>the push-forward of N(0, sigma^2 I) by e^(sA) is N(0, e^(2 s alpha) sigma^2 I).</li>
 * </ul>
 * These are the closed forms the log-density properties of the JKO and interpolation flows check
 * against. The skew part rotates the samples, so the field is not diagonal; the density only sees
 * alpha, the trajectory sees both.
 */
public record LinearField(double alpha, double beta, double[][] skew) {

    /** alpha I + beta K with K a random skew-symmetric d x d matrix of Frobenius norm 1 (K = 0 for d = 1). */
    public static LinearField random(int d, double alpha, double beta, SplittableRandom rng) {
        double[][] k = new double[d][d];
        double norm = 0;
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                double v = rng.nextGaussian();
                k[i][j] = v;
                k[j][i] = -v;
                norm += 2 * v * v;
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                k[i][j] = norm == 0 ? 0 : k[i][j] / Math.sqrt(norm);
            }
        }
        return new LinearField(alpha, beta, k);
    }

    public int dimension() {
        return skew.length;
    }

    /** A as a d x d array. */
    public double[][] matrix() {
        int d = dimension();
        double[][] a = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                a[i][j] = (i == j ? alpha : 0) + beta * skew[i][j];
            }
        }
        return a;
    }

    /**
     * Sets {@code net} (hidden width d, identity activation, optionally a time input that is then
     * ignored) to x -> A x: the first layer copies x (weight [I; 0], zero bias), the second applies
     * A (weight A^T, because layers act on rows: y = x W + b).
     *
     * @throws IllegalArgumentException if the network is not R^d (+ t) -> R^d -> R^d
     */
    public void install(Mlp net) {
        int d = dimension();
        if (net.layers().size() != 2 || net.layers().get(0).out() != d || net.outputDim() != d
                || !"identity".equals(net.activation().name())) {
            throw new IllegalArgumentException("net: expected an identity-activation MLP R^" + d + " -> R^" + d
                    + " -> R^" + d + ", got widths " + java.util.Arrays.toString(net.widths()));
        }
        Linear first = net.layers().get(0);
        Linear second = net.layers().get(1);
        double[] copy = new double[first.in() * d];
        for (int i = 0; i < d; i++) {
            copy[i * d + i] = 1;
        }
        first.weight().set(Tensor.wrap(first.in(), d, copy));
        first.bias().set(Tensor.zeros(1, d));
        double[][] a = matrix();
        double[] at = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                at[j * d + i] = a[i][j];
            }
        }
        second.weight().set(Tensor.wrap(d, d, at));
        second.bias().set(Tensor.zeros(1, d));
    }

    /** log N(x; 0, variance I) per row (n x 1), in nats. */
    public static double[] isotropicGaussianLogDensity(Tensor x, double variance) {
        int d = x.cols();
        double[] out = new double[x.rows()];
        for (int i = 0; i < x.rows(); i++) {
            double r2 = 0;
            for (int j = 0; j < d; j++) {
                r2 += x.get(i, j) * x.get(i, j);
            }
            out[i] = -0.5 * d * Math.log(2 * Math.PI * variance) - r2 / (2 * variance);
        }
        return out;
    }
}
