package dev.otto.ode;

import dev.otto.autodiff.Tensor;

/**
 * The result of a CNF solve (MATH.md section 3): x(t1), logdet(t1) = int_{t0}^{t1} div v dt and
 * kinetic(t1) = int_{t0}^{t1} |v|^2/2 dt per sample (n x 1 each; both integrals are signed by the
 * direction of time, so a backward solve gives the negated forward log-determinant), plus the
 * underlying {@link Solution} with its statistics and saved states.
 */
public record CnfSolution(Tensor x, Tensor logDet, Tensor kinetic, Solution solution) {

    static CnfSolution of(Solution s) {
        return new CnfSolution(s.components().get(0), s.components().get(1), s.components().get(2), s);
    }

    /** log p_{t1}(x(t1)) = log p_{t0}(x(t0)) - logdet, for the initial log-densities (n x 1). */
    public Tensor logDensity(Tensor initialLogDensity) {
        if (!initialLogDensity.sameShape(logDet)) {
            throw new IllegalArgumentException("initialLogDensity: expected shape " + logDet.shape() + ", got "
                    + initialLogDensity.shape());
        }
        return initialLogDensity.sub(logDet);
    }
}
