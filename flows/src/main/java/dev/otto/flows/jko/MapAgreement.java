package dev.otto.flows.jko;

import dev.otto.autodiff.Tensor;
import dev.otto.ode.Integration;

/**
 * The agreement a JKO block's two maps must reach (MATH.md section 4; seed paper 1, Appendix D and
 * Lemma C.2): the map T_k the loss was minimised for is S fixed classical RK4 steps of the field
 * ({@link JkoBlock#pushTraining}), while sampling and density use the flow's own integration
 * (Dormand-Prince by default). Both approximate the time-1 flow of the same field; they agree when
 * the field is smooth on the scale of a step 1/S. A block whose field became stiff (a Lipschitz bound
 * L with L/S well above 1) can lower its loss through the RK4 discretisation error itself, so the
 * trained T_k is not the flow that will be sampled. The trainer measures
 * <pre>
 *   D_k = E | T_k^{RK4, S}(x) - T_k^{sampling}(x) |^2 ,   x ~ p_k (held-out samples),
 * </pre>
 * and retrains block k when D_k exceeds {@link #tolerance}, with twice the RK4 steps
 * ({@link Remedy#MORE_RK_STEPS}) or half the step size h_k ({@link Remedy#SMALLER_STEP}: a smaller
 * JKO step moves less, so the field it learns is gentler), at most {@link #maxRetrains} times.
 *
 * <p>Default tolerance {@value #DEFAULT_TOLERANCE}: on the toy sets the trained blocks measure
 * D_k &lt; 1e-6 (the RK4 error of a smooth field with S = 3 and the Dormand-Prince tolerance 1e-5;
 * moons with the command line's defaults, 6 blocks x 135 steps, 64-64-64, measured D_k from 2.1e-8
 * at block 1 down to 2e-20 at block 6, with field bounds 31 to 47), while the blocks of the diverged
 * picture run measured 0.004 to 0.47. 1e-4 sits two orders of
 * magnitude above the first and 40 times below the second; in units of the data it is a root-mean-
 * square gap of 0.01, a tenth of a typical kernel bandwidth of the 2-D metrics.
 *
 * @param tolerance   the largest acceptable D_k, &gt; 0 (infinity: never retrain)
 * @param remedy      what a retraining changes
 * @param maxRetrains how many times a block may be retrained, &gt;= 0
 */
public record MapAgreement(double tolerance, Remedy remedy, int maxRetrains) {

    /** The default tolerance on D_k. */
    public static final double DEFAULT_TOLERANCE = 1e-4;

    /** The default number of retrainings per block (S = 3 can become 6, 12, 24). */
    public static final int DEFAULT_MAX_RETRAINS = 3;

    /** What a retraining of a block changes. */
    public enum Remedy {
        /** Doubles S, the number of RK4 steps of the training map. */
        MORE_RK_STEPS,
        /** Halves the block's JKO step size h_k. */
        SMALLER_STEP
    }

    public MapAgreement {
        if (!(tolerance > 0)) {
            throw new IllegalArgumentException("tolerance: expected a value > 0 (or infinity), got " + tolerance);
        }
        if (remedy == null) {
            throw new IllegalArgumentException("remedy: expected MORE_RK_STEPS or SMALLER_STEP, got null");
        }
        if (maxRetrains < 0) {
            throw new IllegalArgumentException("maxRetrains: expected >= 0, got " + maxRetrains);
        }
    }

    /** Tolerance 1e-4, more RK4 steps, at most 3 retrainings. */
    public static MapAgreement defaults() {
        return new MapAgreement(DEFAULT_TOLERANCE, Remedy.MORE_RK_STEPS, DEFAULT_MAX_RETRAINS);
    }

    /** Measures D_k but never retrains. */
    public static MapAgreement measureOnly() {
        return new MapAgreement(Double.POSITIVE_INFINITY, Remedy.MORE_RK_STEPS, 0);
    }

    /** D_k = E|T^{RK4,S}(x) - T^{sampling}(x)|^2 over the rows of {@code x}. */
    public static double disagreement(JkoBlock block, Tensor x, Integration sampling) {
        Tensor trained = block.pushTraining(x);
        Tensor sampled = block.integrate(x, true, sampling);
        return trained.sub(sampled).square().rowSums().mean().item();
    }

    /** Whether D_k = {@code disagreement} is acceptable (NaN never is). */
    public boolean accepts(double disagreement) {
        return disagreement <= tolerance;
    }

    /** The step size a retraining of a block with step size h uses. */
    public double nextStepSize(double h) {
        return remedy == Remedy.SMALLER_STEP ? h / 2 : h;
    }

    /** The RK4 step count a retraining of a block with S steps uses. */
    public int nextRkSteps(int s) {
        return remedy == Remedy.MORE_RK_STEPS ? 2 * s : s;
    }
}
