package dev.otto.flows.interpolation;

import dev.otto.autodiff.Tensor;
import java.util.Arrays;

/** The product coupling pi_ij = 1/m^2 (see {@link Coupling#independent()}). */
final class IndependentCoupling implements Coupling {

    @Override
    public CouplingPlan plan(Tensor z, Tensor x) {
        Coupling.checkBatches(z, x);
        int m = z.rows();
        double[] p = new double[m * m];
        Arrays.fill(p, 1.0);
        return CouplingPlan.of(m, p);
    }

    @Override
    public String describe() {
        return "independent";
    }
}
