package dev.otto.ot.sinkhorn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.ot.cost.PointCloudCost;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The streamed log-domain half-step shifts its sum of exponentials by the current potential
 * (MATH.md section 1, "Entropic OT"): f_new = f - eps log sum_j exp((f + g_j - C_ij)/eps + log b_j).
 * The update itself does not depend on f (it is -eps LSE_j(log b_j + (g_j - C_ij)/eps)), only the
 * range of the sum does; potentials far from the current plan make the sum overflow or underflow,
 * and those rows are summed again max-shifted. So a warm start that moves f by +-1000 eps (every
 * term e^{+-1000}, far outside the double range) must give the solve from f = 0, up to rounding.
 */
class StreamedLogIterationTest {

    private static final int N = 70;
    private static final int M = 50;

    @Test
    void potentialsFarOutsideTheExponentRangeFallBackToTheMaxShiftedSum() {
        PointCloudCost cost = PointCloudCost.squaredEuclidean(cloud(N, 0, 1), cloud(M, 1, 2));
        double[] a = uniform(N);
        double[] b = uniform(M);
        double eps = 0.05;
        Sinkhorn s = Sinkhorn.logDomain().withKernelMemory(0).withEpsilon(eps).withEpsilonScaling(false);
        SinkhornResult plain = s.solve(a, b, cost);
        assertTrue(plain.converged());
        for (double shift : new double[] {1000 * eps, -1000 * eps}) {
            double[] f0 = new double[N];
            Arrays.fill(f0, shift);
            SinkhornResult warm = s.withWarmStart(f0, new double[M]).solve(a, b, cost);
            assertTrue(warm.converged(), "shift " + shift);
            assertEquals(plain.iterations(), warm.iterations(), "shift " + shift);
            // the first f-update is the same up to the rounding of the max-shifted sum (a few
            // ulps of the potentials, which are O(max C) = O(10)); later steps carry it along
            for (int i = 0; i < N; i++) {
                assertEquals(plain.f()[i], warm.f()[i], 1e-10, "f_" + i + ", shift " + shift);
            }
            assertEquals(plain.transportCost(), warm.transportCost(), 1e-10 * plain.transportCost());
        }
    }

    private static double[][] cloud(int n, double shift, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] p = new double[n][2];
        for (double[] q : p) {
            q[0] = shift + rng.nextGaussian();
            q[1] = rng.nextGaussian();
        }
        return p;
    }

    private static double[] uniform(int n) {
        double[] w = new double[n];
        Arrays.fill(w, 1.0 / n);
        return w;
    }
}
