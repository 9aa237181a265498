package dev.otto.flows.interpolation;

import dev.otto.autodiff.Tensor;

/**
 * How a batch of m noise rows and m data rows are coupled before training pairs are drawn
 * (MATH.md section 5, the coupling of (Z, X_1); section 1 for the transport plans). Three kinds:
 * <ul>
 *   <li>{@link #independent()}: pi = (1/m^2) 1 1^T, the product coupling of seed paper 3 (I-CFM);</li>
 *   <li>{@link #exactOt()}: the exact optimal plan for |z - x|^2 with uniform weights, a permutation
 *       (minibatch OT-CFM; Tong et al. 2024, Algorithm 2 with an exact solver);</li>
 *   <li>{@link #entropic(double)} / {@link #entropicRelative(double)}: the Sinkhorn plan of
 *       OT_eps (MATH.md section 1, "Entropic OT"), eps given or relative to the mean cost under the
 *       independent coupling; it tends to the exact plan as eps -&gt; 0 and to the independent one
 *       as eps -&gt; infinity. With a Brownian-bridge path this is the Schrodinger-bridge coupling.</li>
 * </ul>
 * Every plan is a deterministic function of the two batches (the ot solvers reduce in a fixed order
 * whatever the thread count), so the randomness of training stays in its one generator.
 */
public interface Coupling {

    /**
     * The plan between the rows of z (noise) and x (data), both m x d.
     *
     * @throws IllegalArgumentException if the batches differ in shape
     */
    CouplingPlan plan(Tensor z, Tensor x);

    /** A short name with the parameters, recorded in checkpoints ("independent", "exact-ot", "entropic(eps=0.1)"). */
    String describe();

    static Coupling independent() {
        return new IndependentCoupling();
    }

    static Coupling exactOt() {
        return new ExactOtCoupling();
    }

    /** The entropic plan with regularisation eps &gt; 0 in the units of the squared distance. */
    static Coupling entropic(double epsilon) {
        return EntropicCoupling.absolute(epsilon);
    }

    /** The entropic plan with eps = relative x the mean squared distance between the batches. */
    static Coupling entropicRelative(double relative) {
        return EntropicCoupling.relative(relative);
    }

    /**
     * The coupling of this name: "independent", "exact-ot", "entropic:EPS" (absolute eps) or
     * "entropic-rel:R" (eps = R x the mean cost).
     *
     * @throws IllegalArgumentException naming the expected forms and what was given
     */
    static Coupling byName(String name) {
        String expected = "expected independent, exact-ot, entropic:EPS or entropic-rel:R, got '" + name + "'";
        if (name == null) {
            throw new IllegalArgumentException(expected);
        }
        switch (name) {
            case "independent":
                return independent();
            case "exact-ot":
                return exactOt();
            default:
                int colon = name.indexOf(':');
                if (colon > 0) {
                    double value;
                    try {
                        value = Double.parseDouble(name.substring(colon + 1));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(expected);
                    }
                    switch (name.substring(0, colon)) {
                        case "entropic":
                            return entropic(value);
                        case "entropic-rel":
                            return entropicRelative(value);
                        default:
                            break;
                    }
                }
                throw new IllegalArgumentException(expected);
        }
    }

    /** Checks that z and x are two m x d batches of the same shape. */
    static void checkBatches(Tensor z, Tensor x) {
        if (z == null || x == null || !z.sameShape(x)) {
            throw new IllegalArgumentException("z, x: expected two batches of the same shape, got "
                    + (z == null ? "null" : z.shape()) + " and " + (x == null ? "null" : x.shape()));
        }
    }
}
