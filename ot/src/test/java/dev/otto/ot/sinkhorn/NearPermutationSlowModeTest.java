package dev.otto.ot.sinkhorn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.ot.cost.PointCloudCost;

import org.junit.jupiter.api.Test;

/**
 * A two-point cloud against its translate at eps far below the squared spacing (MATH.md section 1,
 * "Entropic OT"): the plan is nearly the identity permutation, P12 + P21 of order 1e-6 of the mass,
 * and Sinkhorn's second eigenvalue is about 1 - 4 (P12 + P21), so one mode of the potentials (the
 * offset of the two nearly decoupled blocks) contracts by about 1 - 1e-5 per sweep: plain sweeps
 * need of the order of 10^6 sweeps to reach 1e-12, and the over-relaxation controller, which reads no
 * steady rate there, does not accelerate it (measured: no convergence in 10,000 sweeps, L1 error
 * 1.5e-6). {@link SlowModeExtrapolation} jumps along that mode (measured: 585 sweeps on the
 * absorbed kernel, 583 streamed); the solve must converge to the
 * tolerance in both marginals, which characterises the entropic plan (a plan diag(e^{f/eps}) K
 * diag(e^{g/eps}) with both marginals exact is the unique solution), on the absorbed kernel and on
 * the streamed cost.
 */
class NearPermutationSlowModeTest {

    private static final double[][] X = {{0}, {0.26745}};
    private static final double[][] Y = {{0.01703}, {0.28448}};
    private static final double[] A = {0.75038, 0.24962};
    private static final double EPS = 0.0053459;
    private static final double TOL = 1e-12;

    @Test
    void absorbedKernelConverges() {
        check(Sinkhorn.logDomain());
    }

    @Test
    void streamedCostConverges() {
        check(Sinkhorn.logDomain().withKernelMemory(0));
    }

    private static void check(Sinkhorn s) {
        SinkhornResult r = s.withEpsilon(EPS).withTolerance(TOL).withMaxIterations(10_000)
                .solve(A, A, PointCloudCost.squaredEuclidean(X, Y));
        assertTrue(r.converged(), "not converged: " + r);
        // the stopping rule measures one marginal of a plain iterate; the other is exact up to rounding
        assertTrue(r.rowMarginalError() <= TOL && r.columnMarginalError() <= TOL,
                "marginal errors " + r.rowMarginalError() + ", " + r.columnMarginalError());
        assertTrue(r.planEntry(0, 1) + r.planEntry(1, 0) < 1e-5, "not a near-permutation case: " + r);
    }
}
