package dev.otto.theory.ode;

import dev.otto.autodiff.Tensor;
import dev.otto.ode.VectorField;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;

/**
 * A generated field v(x, t) = c tanh(x W + b + t u) with its Lipschitz constant L = c |W|_2 and the
 * direction q in which x -> x W stretches most. Kinds of W: a general matrix with singular values
 * 1 and down to 1e-8 (ill-conditioned, nearly singular), or +- a symmetric positive semidefinite
 * one with b = 0: near x = 0 the field is then linear with Jacobian c W, and the step map's
 * Lipschitz bound is attained along q (forward time for +W, backward for -W), which is what lets
 * a wrong coefficient break the properties.
 */
public record LipschitzFieldCase(VectorField field, double lipschitz, double[] topDirection, int dim) {

    public enum Kind { GENERAL, POSITIVE, NEGATIVE }

    public static LipschitzFieldCase generate(int d, Kind kind, double c, SplittableRandom rng) {
        return generate(d, kind, c, 1.0, rng);
    }

    /** As above with u scaled by timeRate (so that t u stays of order one over a time span 1/timeRate). */
    public static LipschitzFieldCase generate(int d, Kind kind, double c, double timeRate, SplittableRandom rng) {
        double[] sigma = new double[d];
        sigma[0] = 1.0;
        for (int i = 1; i < d; i++) {
            sigma[i] = OdeFixtures.logUniform(rng, -8, 0);
        }
        DMatrixRMaj w;
        double[] top = new double[d];
        double[] b = new double[d];
        double[] u = new double[d];
        if (kind == Kind.GENERAL) {
            w = OdeFixtures.withSingularValues(sigma, rng);
            for (int i = 0; i < d; i++) {
                b[i] = rng.nextGaussian();
                u[i] = timeRate * rng.nextGaussian();
                top[i] = i == 0 ? 1 : 0;
            }
        } else {
            DMatrixRMaj q = OdeFixtures.orthogonal(d, rng);
            double sign = kind == Kind.POSITIVE ? 1 : -1;
            double[] lambda = new double[d];
            for (int i = 0; i < d; i++) {
                lambda[i] = sign * sigma[i];
                top[i] = q.get(i, 0);
            }
            w = OdeFixtures.symmetric(lambda, q);
        }
        double l = c * OdeFixtures.spectralNorm(w);
        return new LipschitzFieldCase(OdeFixtures.tanhField(c, w, b, u), l, top, d);
    }

    /**
     * Twelve pairs of points (x, y) at the given scale, separated by sep times the scale: row 0 starts
     * at 0.01 scale q and moves along the top direction q (where the step map's bound is attained
     * for the symmetric kinds), the others in random directions.
     */
    public Tensor[] pairs(double scale, double sep, SplittableRandom rng) {
        int n = 12;
        int d = dim;
        Tensor x = Tensor.randn(n, d, rng).scale(scale);
        double[] dy = Tensor.randn(n, d, rng).scale(sep * scale).toArray();
        for (int j = 0; j < d; j++) {
            dy[j] = sep * scale * topDirection[j]; // row 0 moves along the top direction
        }
        double[] xs = x.toArray();
        for (int j = 0; j < d; j++) {
            xs[j] = 0.01 * scale * topDirection[j];
        }
        x = Tensor.of(n, d, xs);
        return new Tensor[] {x, x.add(Tensor.of(n, d, dy))};
    }
}
