package dev.otto.theory.interpolation;

import dev.otto.flows.interpolation.GaussianMixtureVelocity;
import dev.otto.flows.interpolation.Schedule;

/**
 * Explicit bounds on the eigenvalues of the symmetric part of grad_x v for Gaussian interpolation
 * flows (MATH.md section 5, "Regularity"; seed paper 3, its Lipschitz bounds on grad_x V), from
 * grad v = (a'/a) I + (b' - a' b/a)(b/a^2) Cov[X_1 | X_t = x] (Tweedie), and the flow-map bounds
 * they give. The derivations are in the documentation of JacobianBoundProperties (test sources).
 */
public final class JacobianBounds {

    /** Trapezoids of the integrals of Lambda: relative error below ~1e-5 where Lambda varies on the scale sqrt(l_min). */
    public static final int TRAPEZOIDS = 20000;

    private JacobianBounds() {
    }

    /**
     * Targets in a ball of radius D: 0 &lt;= Cov &lt;= D^2 I, so the eigenvalues lie in
     * {lower, upper} = {a'/a, a'/a + (b' - a' b/a) b D^2 / a^2} (t &lt; 1).
     */
    public static double[] ballInterval(Schedule.Values c, double radius) {
        double lo = c.aPrime() / c.a();
        double hi = lo + (c.bPrime() - c.aPrime() * c.b() / c.a()) * c.b() * radius * radius / (c.a() * c.a());
        return new double[] {lo, hi};
    }

    /**
     * The lower bound (beta a a' + b b') / (beta a^2 + b^2) for mixtures with -hess log nu &lt;= beta I,
     * beta = max_k 1/lambda_min(S_k) (Cramer-Rao on the posterior of X_1).
     */
    public static double lower(Schedule.Values c, double beta) {
        return (beta * c.aTimesAPrime() + c.bTimesBPrime()) / (beta * c.a() * c.a() + c.b() * c.b());
    }

    /**
     * The upper bound Lambda for a shared covariance S with spectrum in [lMin, lMax] and means at
     * most diameter apart: max over l in {lMin, lMax} of (a a' + b b' l)/(a^2 + b^2 l) plus
     * (a^2 b' - a a' b) b Delta^2 / (4 (a^2 + b^2 lMin)^2); finite on all of [0, 1].
     */
    public static double upper(Schedule.Values c, double lMin, double lMax, double diameter) {
        double a2 = c.a() * c.a();
        double b2 = c.b() * c.b();
        double gain = Math.max((c.aTimesAPrime() + c.bTimesBPrime() * lMin) / (a2 + b2 * lMin),
                (c.aTimesAPrime() + c.bTimesBPrime() * lMax) / (a2 + b2 * lMax));
        double denom = a2 + b2 * lMin;
        return gain + (a2 * c.bPrime() - c.aTimesAPrime() * c.b()) * c.b() * diameter * diameter / (4 * denom * denom);
    }

    /** Cumulative int_s^{r_i} Lambda on r_i = s + i (t - s)/n by the trapezoid rule, Lambda = {@link #upper}. */
    public static double[] lambdaIntegral(GaussianMixtureVelocity v, double diameter, double s, double t, int n) {
        double[] cum = new double[n + 1];
        double h = (t - s) / n;
        double prev = upper(v.schedule().at(s), v.minCovarianceEigenvalue(), v.maxCovarianceEigenvalue(), diameter);
        for (int i = 1; i <= n; i++) {
            double cur = upper(v.schedule().at(Math.min(t, s + i * h)), v.minCovarianceEigenvalue(),
                    v.maxCovarianceEigenvalue(), diameter);
            cum[i] = cum[i - 1] + 0.5 * h * (prev + cur);
            prev = cur;
        }
        return cum;
    }

    /** The flow map's Lipschitz bound exp(int_s^t Lambda) ({@link #TRAPEZOIDS} trapezoids). */
    public static double flowLipschitz(GaussianMixtureVelocity v, double diameter, double s, double t) {
        return Math.exp(lambdaIntegral(v, diameter, s, t, TRAPEZOIDS)[TRAPEZOIDS]);
    }

    /**
     * int_s^t exp(int_r^t Lambda) dr: a field w with |w - v| &lt;= delta moves each endpoint by at most
     * delta times this (Gronwall with the one-sided constant, d|e|/dt &lt;= Lambda |e| + delta).
     */
    public static double gronwallIntegral(GaussianMixtureVelocity v, double diameter, double s, double t) {
        int n = TRAPEZOIDS;
        double[] cum = lambdaIntegral(v, diameter, s, t, n);
        double h = (t - s) / n;
        double sum = 0;
        for (int i = 0; i <= n; i++) {
            double weight = (i == 0 || i == n) ? 0.5 : 1;
            sum += weight * h * Math.exp(cum[n] - cum[i]);
        }
        return sum;
    }
}
