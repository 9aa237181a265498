package dev.otto.ot;

import dev.otto.ot.exact.ExactResult;
import dev.otto.ot.internal.Parallel;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Many independent transport problems at once (MATH.md section 1: each is its own OT(a, b, C)),
 * solved over the common ForkJoin pool, one problem per task, with the results in input order.
 * Every problem is solved by the same sequential-or-deterministic solver it would be solved by
 * alone, and each writes only its own slot, so a batch returns bitwise the same values as the
 * one-by-one loop, whatever the number of threads. A problem that fails is reported by its index:
 * {@code problems[k]: <the solver's message>}.
 */
public final class TransportBatch {

    private TransportBatch() {
    }

    /**
     * One problem between weighted point clouds: x with weights a (null = uniform) and y with
     * weights b (null = uniform), as for {@link Wasserstein}.
     */
    public record Problem(double[][] x, double[] a, double[][] y, double[] b) {

        /** Uniform weights on both clouds. */
        public static Problem uniform(double[][] x, double[][] y) {
            return new Problem(x, null, y, null);
        }
    }

    /** Applies {@code solver} to every problem over the pool; results in input order. */
    public static <P, R> List<R> map(List<P> problems, Function<? super P, ? extends R> solver) {
        if (problems == null) {
            throw new IllegalArgumentException("problems: expected a list of problems, got null");
        }
        if (solver == null) {
            throw new IllegalArgumentException("solver: expected a function, got null");
        }
        Object[] out = new Object[problems.size()];
        Parallel.forEachBlock(problems.size(), 1, (lo, hi) -> {
            for (int k = lo; k < hi; k++) {
                try {
                    out[k] = solver.apply(problems.get(k));
                } catch (IllegalArgumentException | ArithmeticException e) {
                    throw rethrow(k, e);
                }
            }
        });
        List<R> res = new ArrayList<>(out.length);
        for (Object o : out) {
            @SuppressWarnings("unchecked")
            R r = (R) o;
            res.add(r);
        }
        return res;
    }

    /** The exact solutions (network simplex, cost |x - y|^p) of every problem, in input order. */
    public static List<ExactResult> exact(List<Problem> problems, double p) {
        return map(problems, q -> Wasserstein.solve(q.x(), q.a(), q.y(), q.b(), p));
    }

    /** W_p^p = OT(a, b, |x - y|^p) of every problem, in input order. */
    public static double[] wpp(List<Problem> problems, double p) {
        return exact(problems, p).stream().mapToDouble(ExactResult::cost).toArray();
    }

    private static RuntimeException rethrow(int k, RuntimeException e) {
        String msg = "problems[" + k + "]: " + e.getMessage();
        RuntimeException wrapped = e instanceof ArithmeticException ? new ArithmeticException(msg)
                : new IllegalArgumentException(msg);
        wrapped.initCause(e);
        return wrapped;
    }
}
