package dev.otto.theory.interpolation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Gradients;
import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import dev.otto.flows.interpolation.GaussianMixtureVelocity;
import dev.otto.flows.interpolation.Schedule;
import dev.otto.theory.StatementCases;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

/**
 * MATH.md section 5 (seed paper 3, the Jacobian of the velocity via Tweedie's formula): for a
 * Gaussian-mixture target the closed-form grad_x v = sum_k w_k (a a' I + b b' S_k) C_k^-1
 * + sum_k w_k (v_k - v)(s_k - score)^T equals the reverse-mode Jacobian of the closed-form velocity
 * (computed by {@code GaussianMixtureVelocity.velocityRecorded}, a separate implementation in
 * autodiff operations), at every t in [0, 1] including both ends.
 */
class VelocityJacobianProperties {

    /**
     * Up to 4 components in up to 4 dimensions, covariance eigenvalues 1e-3 .. 1e2, mean entries of
     * magnitude 1e-3 .. 1e1, weights over six decades, t in {0, 1e-9, 1 - 10^-j (j up to 9), 1,
     * uniform}, points near the modes and 20 standard deviations out. Tolerance 1e-7 (1 + max|J|):
     * both sides evaluate the same analytic expression in double precision with condition numbers
     * up to ~1e5 (the smallest eigenvalue of C_k at t = 1), so they agree to about 1e-11 relative;
     * dropping the weight-gradient term or a factor of the gain changes J by O(1) relative.
     */
    @Property(tries = 80)
    @Tag("interpolation.tweedie")
    void closedFormJacobianEqualsReverseMode(@ForAll @IntRange(min = 1, max = 4) int d,
                                             @ForAll @IntRange(min = 1, max = 4) int k,
                                             @ForAll @IntRange(min = 0, max = 3) int schedule,
                                             @ForAll @IntRange(min = 0, max = 7) int time, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        InterpGen.Target g = InterpGen.mixture(d, k, -3, 1, -3, 2, 6, false, rng);
        Schedule s = InterpGen.schedule(schedule);
        GaussianMixtureVelocity v = g.velocity(s);
        double t = InterpGen.time(time, rng);
        Tensor x = InterpGen.points(g, s, t, 8, rng);
        List<double[][]> closed = v.jacobian(t, x);
        double[][][] reverse = new double[x.rows()][d][d];
        for (int r = 0; r < d; r++) {
            double[] onehot = new double[x.rows() * d];
            for (int n = 0; n < x.rows(); n++) {
                onehot[n * d + r] = 1;
            }
            try (Tape.Scope scope = Tape.record()) {
                Tensor xr = Tensor.wrap(x.rows(), d, x.toArray());
                Tensor out = v.velocityRecorded(t, xr);
                Tensor row = Gradients.grad(out, xr, Tensor.wrap(x.rows(), d, onehot), false);
                for (int n = 0; n < x.rows(); n++) {
                    for (int c = 0; c < d; c++) {
                        reverse[n][r][c] = row.get(n, c);
                    }
                }
            }
        }
        for (int n = 0; n < x.rows(); n++) {
            double scale = 1;
            for (double[] rowJ : closed.get(n)) {
                for (double e : rowJ) {
                    scale = Math.max(scale, Math.abs(e));
                }
            }
            for (int r = 0; r < d; r++) {
                for (int c = 0; c < d; c++) {
                    double a = closed.get(n)[r][c];
                    double b = reverse[n][r][c];
                    assertTrue(Double.isFinite(a) && Math.abs(a - b) <= 1e-7 * scale, s.name() + " t=" + t + " J[" + r + "]["
                            + c + "]: closed form " + a + ", reverse mode " + b);
                }
            }
        }
    }

    /**
     * Tweedie's closed-form Jacobian equals reverse mode. Cases of the catalogue's one definition
     * ({@code InterpolationChecks.tweedie}): its generator, predicate, bound and tolerance, the
     * same as {@code otto verify --only interpolation.tweedie}.
     */
    @Property(tries = 100)
    @Tag("interpolation.tweedie")
    void tweedieJacobianOnCatalogueCases(@ForAll @IntRange(min = 0, max = 999) int index, @ForAll long seed) {
        StatementCases.assertHolds("interpolation.tweedie", index, seed);
    }
}
