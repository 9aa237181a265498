package dev.otto.theory.ode;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.ode.AdaptiveOptions;
import dev.otto.ode.ButcherTableau;
import dev.otto.ode.Odeint;
import dev.otto.ode.OdeSystem;
import dev.otto.ode.RungeKuttaStepper;
import dev.otto.ode.Solution;
import dev.otto.ode.VectorField;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.ejml.data.DMatrixRMaj;

/**
 * Adaptive step control (MATH.md section 3; Hairer, Norsett and Wanner, Solving ODEs I, II.4):
 * the embedded pair's error estimate measures the true local error, and the controller's step
 * sequence follows the problem's own time scale.
 */
class AdaptiveStepControlProperties {

    private static final ButcherTableau DOPRI = ButcherTableau.DORMAND_PRINCE_54;

    /**
     * ode.error-estimate. For one Dormand-Prince step of size h the estimate
     * e = h sum (b_i - bHat_i) k_i = y_1 - yHat_1 is the local error of the embedded fourth-order
     * solution to leading order: with yHat_1 = y_0 + h sum bHat_i k_i formed here from the stages and
     * the tableau's bHat, and l = y(h) - yHat_1 its true local error,
     * e - l = y_1 - y(h) is the fifth-order solution's local error, O(h^6) against l = O(h^5), so
     * |e - l| &lt;= 2 |lambda h| |l| (the ratio of consecutive terms of the Taylor remainder is
     * |lambda h| / 6 for an eigenvalue lambda; the factor 12 over that covers the difference of the two
     * error constants), checked on dx/dt = A x with A = [[alpha, -beta], [beta, alpha]] (eigenvalues
     * alpha +- i beta, exact flow e^(t alpha) R(t beta)), |lambda| h from 0.005 to 0.2. Rounding adds
     * 1e-15 |y_0| (the error is at least 1e-13 |y_0| in this range); measured: at most 0.3 of the
     * bound. Also the estimate has the embedded order: halving h divides |e| by 2^5 within 10%
     * (measured: within 4%).
     */
    @Property(tries = 60)
    @Tag("ode.error-estimate")
    void estimateIsTheEmbeddedLocalError(@ForAll @DoubleRange(min = -2, max = 1) double alpha,
                                         @ForAll @DoubleRange(min = -3, max = 3) double beta,
                                         @ForAll @DoubleRange(min = -2.3, max = -0.7) double logLambdaH,
                                         @ForAll @IntRange(min = -6, max = 6) int timeScaleExponent,
                                         @ForAll boolean backward, @ForAll long seed) {
        double modulus = Math.hypot(alpha, beta);
        if (modulus < 0.1) {
            return;
        }
        double scale = Math.pow(10, timeScaleExponent);
        double a = alpha * scale;
        double b = beta * scale;
        double h = (backward ? -1 : 1) * Math.pow(10, logLambdaH) / (modulus * scale);
        Tensor y0 = Tensor.randn(3, 2, new SplittableRandom(seed));
        VectorField field = (t, x) -> x.matmul(Tensor.of(2, 2, a, b, -b, a));
        RungeKuttaStepper.Step step = new RungeKuttaStepper(DOPRI).step(OdeSystem.of(field), 0, h, List.of(y0), null);
        double[] e = step.errorEstimate(DOPRI, h);
        double[] exact = exactFlow(y0, a, b, h);
        double[] y = y0.toArray();
        double[] l = new double[e.length];
        double[] diff = new double[e.length];
        for (int i = 0; i < e.length; i++) {
            double yHat = y[i];
            for (int s = 0; s < DOPRI.stages(); s++) {
                yHat += h * DOPRI.bHat(s) * step.stages().get(s).get(0).toArray()[i];
            }
            l[i] = exact[i] - yHat;
            diff[i] = e[i] - l[i];
        }
        double lambdaH = Math.abs(h) * modulus * scale;
        double bound = 2 * lambdaH * norm(l) + 1e-15 * norm(y0.toArray());
        assertTrue(norm(diff) <= bound, "|e - l| = " + norm(diff) + " > " + bound + " with |l| = " + norm(l)
                + ", |lambda h| = " + lambdaH);
        double ratio = norm(e) / norm(errorEstimate(field, y0, h / 2));
        assertTrue(Math.abs(ratio / 32 - 1) <= 0.1, "|e(h)| / |e(h/2)| = " + ratio + ", expected about 2^5");
    }

    /**
     * ode.adaptive-time-rescaling. dy/dt = c f(c t, y) on [0, T / c] is dy/ds = f(s, y) on [0, T] on the
     * clock s = c t, and the step control is covariant under that change except for its start: the
     * stages of a step of size h / c on c f are those of a step of size h on f, the error estimate and
     * its norm are equal, and the PI controller's factor depends on norms only. So from the same first
     * step on the s clock (h0 on f, h0 / c on c f) the two solves take the same steps up to rounding
     * (h0 / c times c is not always h0, which can flip an accept decision whose error norm is within
     * a few ulps of 1): the counts of accepted and of rejected steps differ by at most 2 (measured: 0),
     * and the end states agree within the tolerance's order, 100 rtol (1 + |y|). The automatic start,
     * Hairer, Norsett and Wanner's heuristic h1 = (0.01 / max(d1, d2))^(1/(p+1)) with d1 = |f|
     * (1/time) and d2 = |f'| (1/time^2), is not covariant: at loose tolerances, where a solve is a
     * handful of steps, the start decides the count (6 against 2 at c = 40, rtol 8e-4), so from it only
     * the end states are compared. c runs from 1e-3 to 1e3; the field is a time-dependent tanh field
     * (bounded, Lipschitz constant 1 to 3).
     */
    @Property(tries = 40)
    @Tag("ode.time-rescaling")
    void stepCountIsInvariantUnderTimeRescaling(@ForAll @DoubleRange(min = -3, max = 3) double logC,
                                                @ForAll @DoubleRange(min = 1, max = 3) double lipschitz,
                                                @ForAll @IntRange(min = 1, max = 4) int d,
                                                @ForAll @DoubleRange(min = -7, max = -3) double logTol,
                                                @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double c = Math.pow(10, logC);
        DMatrixRMaj w = OdeFixtures.withSingularValues(singularValues(d, lipschitz), rng);
        double[] bias = new double[d];
        double[] drift = new double[d];
        for (int j = 0; j < d; j++) {
            bias[j] = rng.nextGaussian();
            drift[j] = rng.nextGaussian();
        }
        VectorField f = OdeFixtures.tanhField(1.0, w, bias, drift);
        VectorField fast = (t, x) -> f.apply(c * t, x).scale(c);
        Tensor y0 = Tensor.randn(4, d, rng);
        double tol = Math.pow(10, logTol);
        double horizon = 3.0;
        AdaptiveOptions options = AdaptiveOptions.tolerances(tol, tol);
        double h0 = horizon / 100;
        Solution slow = Odeint.adaptive(f, y0, 0, horizon, options.withFirstStep(h0));
        Solution quick = Odeint.adaptive(fast, y0, 0, horizon / c, options.withFirstStep(h0 / c));
        assertTrue(Math.abs(slow.acceptedSteps() - quick.acceptedSteps()) <= 2, "accepted steps "
                + slow.acceptedSteps() + " on [0, " + horizon + "] vs " + quick.acceptedSteps() + " at c = " + c);
        assertTrue(Math.abs(slow.rejectedSteps() - quick.rejectedSteps()) <= 2, "rejected steps "
                + slow.rejectedSteps() + " vs " + quick.rejectedSteps() + " at c = " + c);
        double bound = 100 * tol * (1 + OdeFixtures.norm(slow.state()));
        double gap = OdeFixtures.distance(slow.state(), quick.state());
        assertTrue(gap <= bound, "end states differ by " + gap + " > " + bound + " at c = " + c);
        Solution slowAuto = Odeint.adaptive(f, y0, 0, horizon, options);
        Solution quickAuto = Odeint.adaptive(fast, y0, 0, horizon / c, options);
        double gapAuto = OdeFixtures.distance(slowAuto.state(), quickAuto.state());
        assertTrue(gapAuto <= bound, "from the automatic start, end states differ by " + gapAuto + " > " + bound
                + " at c = " + c);
    }

    private static double[] singularValues(int d, double largest) {
        double[] s = new double[d];
        for (int i = 0; i < d; i++) {
            s[i] = largest / (1 + i);
        }
        return s;
    }

    private static double[] errorEstimate(VectorField field, Tensor y0, double h) {
        return new RungeKuttaStepper(DOPRI).step(OdeSystem.of(field), 0, h, List.of(y0), null).errorEstimate(DOPRI, h);
    }

    /** Rows of y0 moved by e^(h alpha) R(h beta), the flow of x -> x [[alpha, beta], [-beta, alpha]]. */
    private static double[] exactFlow(Tensor y0, double alpha, double beta, double h) {
        double g = Math.exp(alpha * h);
        double cos = Math.cos(beta * h);
        double sin = Math.sin(beta * h);
        double[] out = new double[y0.size()];
        for (int i = 0; i < y0.rows(); i++) {
            double u = y0.get(i, 0);
            double v = y0.get(i, 1);
            out[2 * i] = g * (cos * u - sin * v);
            out[2 * i + 1] = g * (sin * u + cos * v);
        }
        return out;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
