package dev.otto.cli.commands;

import dev.otto.cli.BadInputException;
import dev.otto.ot.sinkhorn.Sinkhorn;
import java.util.function.BiFunction;
import picocli.CommandLine.Option;

/**
 * The options every entropic solver of {@code otto ot} shares (sinkhorn, unbalanced, partial, barycenter):
 * the regularisation eps (MATH.md section 1, "Entropic OT"), absolute or relative to the mean cost
 * under a b^T, the stopping tolerance and the iteration limit. Unset options keep the solver's
 * defaults; {@link #requested} tells a command that has an exact form whether eps was asked for.
 */
public final class EntropicOptions {

    @Option(names = "--eps", paramLabel = "EPS", description = "Regularisation eps, absolute (default: from --relative-eps).")
    Double eps;

    @Option(names = "--relative-eps", paramLabel = "R",
            description = "eps = R * mean cost under a b^T, when --eps is absent (default 0.05).")
    Double relativeEps;

    @Option(names = "--tol", paramLabel = "TOL",
            description = "Stopping tolerance of the entropic solver, on its marginal error (default 1e-9 times the mass;"
                    + " Sinkhorn loosens it at small eps; see the solver's documentation for what it bounds).")
    Double tolerance;

    @Option(names = "--max-iter", paramLabel = "N", description = "Iteration limit of the entropic solver (default 10000).")
    Integer maxIterations;

    /** Whether --eps or --relative-eps was given. */
    boolean requested() {
        return eps != null || relativeEps != null;
    }

    /** Refuses values out of range, naming the option. */
    void check() {
        finitePositive("--eps", eps);
        finitePositive("--relative-eps", relativeEps);
        finitePositive("--tol", tolerance);
        if (maxIterations != null && maxIterations < 1) {
            throw BadInputException.of("--max-iter", "expected at least 1 iteration, got " + maxIterations);
        }
    }

    /** Refuses --tol and --max-iter without --eps or --relative-eps, for commands whose default is exact. */
    void checkOnlyWithEpsilon() {
        if (!requested() && (tolerance != null || maxIterations != null)) {
            throw BadInputException.of(tolerance != null ? "--tol" : "--max-iter",
                    "applies to the entropic solver only; give --eps or --relative-eps too");
        }
    }

    /**
     * Refuses an eps resolved from --relative-eps (or its default) that is out of range, which
     * happens when the costs have no scale (all points the same); an explicit --eps was checked by
     * {@link #check}.
     */
    void checkResolved(double resolved) {
        if (eps == null && !(resolved > 0 && Double.isFinite(resolved))) {
            double relative = relativeEps != null ? relativeEps : Sinkhorn.DEFAULT_RELATIVE_EPSILON;
            throw BadInputException.of("--relative-eps", "eps = " + relative + " x the scale of the costs = " + resolved
                    + " is out of range (expected a finite eps > 0; are all points the same?); give --eps");
        }
    }

    /** eps: --eps, or --relative-eps (default 0.05) times the given cost scale. */
    double epsilon(double costScale) {
        if (eps != null) {
            return eps;
        }
        return (relativeEps != null ? relativeEps : Sinkhorn.DEFAULT_RELATIVE_EPSILON) * costScale;
    }

    /** --tol, or the solver's default. */
    double tolerance(double solverDefault) {
        return tolerance != null ? tolerance : solverDefault;
    }

    /** --max-iter, or the solver's default. */
    int maxIterations(int solverDefault) {
        return maxIterations != null ? maxIterations : solverDefault;
    }

    /** The solver with the given options applied through its {@code with*} methods. */
    <S> S apply(S solver, BiFunction<S, Double, S> withEpsilon, BiFunction<S, Double, S> withRelativeEpsilon,
                BiFunction<S, Double, S> withTolerance, BiFunction<S, Integer, S> withMaxIterations) {
        S s = solver;
        if (eps != null) {
            s = withEpsilon.apply(s, eps);
        } else if (relativeEps != null) {
            s = withRelativeEpsilon.apply(s, relativeEps);
        }
        if (tolerance != null) {
            s = withTolerance.apply(s, tolerance);
        }
        if (maxIterations != null) {
            s = withMaxIterations.apply(s, maxIterations);
        }
        return s;
    }

    private static void finitePositive(String option, Double value) {
        if (value != null && !(value > 0 && Double.isFinite(value))) {
            throw BadInputException.of(option, "expected a finite value > 0, got " + value);
        }
    }
}
