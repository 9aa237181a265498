package dev.otto.ot.sinkhorn;

/**
 * The epsilon-scaling schedule the entropic solvers share (MATH.md section 1, "Entropic OT";
 * Schmitzer 2019, "Stabilized sparse scaling algorithms for entropy regularized transport
 * problems", section 3.2): before the target eps, stages at eps_k = max(max|C|, eps) 2^-k for as
 * long as eps_k &gt; 2 eps, each run for at most {@value #STAGE_ITERATIONS} iterations to the relative
 * tolerance {@value #STAGE_TOLERANCE}, warm-starting the potentials of the next stage. Why it helps:
 * at eps near max|C| the kernel mixes every pair and the iteration contracts fast, and each halving
 * of eps moves the potentials by O(eps), so the stage at the target starts close to its solution
 * instead of at f = g = 0, up to max|C| / eps away. {@link Sinkhorn}, {@link UnbalancedSinkhorn} and
 * {@link EntropicPartialTransport} drive their own iterations through these stages.
 */
final class EpsilonScaling {

    /** Iteration budget of one coarse stage. */
    static final int STAGE_ITERATIONS = 100;
    /** Tolerance of a coarse stage, relative as each solver's own tolerance is. */
    static final double STAGE_TOLERANCE = 1e-3;

    private EpsilonScaling() {
    }

    /**
     * The coarse stages before the target eps, largest first: max(maxAbsCost, eps) halved by
     * {@link Sinkhorn#SCALING_FACTOR} while above eps / {@link Sinkhorn#SCALING_FACTOR}; empty when
     * max|C| &lt;= 2 eps.
     */
    static double[] stages(double maxAbsCost, double eps) {
        int count = 0;
        for (double e = Math.max(maxAbsCost, eps); e > eps / Sinkhorn.SCALING_FACTOR; e *= Sinkhorn.SCALING_FACTOR) {
            count++;
        }
        double[] out = new double[count];
        double e = Math.max(maxAbsCost, eps);
        for (int k = 0; k < count; k++) {
            out[k] = e;
            e *= Sinkhorn.SCALING_FACTOR;
        }
        return out;
    }
}
