package dev.otto.theory.autodiff;

import dev.otto.autodiff.GradientCheck;
import dev.otto.autodiff.Gradients;
import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import dev.otto.theory.autodiff.OpCase.Domain;
import dev.otto.theory.verify.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The one definition of MATH.md section 2's statement {@code autodiff.gradient} for a single tape
 * operation: reverse mode equals central finite differences, in the fused form and in the recorded
 * form used for double backward, and the recorded form's own derivative does too. The catalogue
 * ({@code DifferentiationChecks.gradient}) runs it on every operation of a generated case; the
 * property suite runs it per operation, so that a failure shrinks to the operation and shape.
 *
 * <p>Tolerance: the step is relative to the distance r that the operation's domain keeps from its
 * nearest singular point, h = 1e-5 r, with r = s for inputs of scale s where there is none and
 * r = 0.05 s for logs, powers and denominators ({@link OpCase.Domain#margin()}). The functions of
 * {@link OpCase} vary on that length: their k-th derivative is O(r^-k) times the value. So the
 * truncation error h^2 |f'''| / 6 is about 1e-10 of the terms that make up the derivative. This
 * matters for the double-backward check, where those terms can cancel: the second derivative of
 * a / b in b near its pole, a sum of terms in a / b^3 and 1 / b^2, was measured at 2300 while its
 * terms were about 4e7, and a step relative to s alone (h / b = 2e-4 at b = 0.052 s) left a
 * truncation error of 2.4e-5 of the derivative. The rounding error of the differences is left out
 * by {@link GradientCheck}, which counts only what exceeds its measured floor. A tolerance of 1e-5
 * relative to max(1, |derivative|) leaves orders of margin yet catches any wrong rule, which is off
 * by O(1).
 */
public final class OperationGradient {

    /** Central-difference step relative to the distance from the nearest singular point (class note). */
    public static final double H = 1e-5;

    /** Error allowed relative to max(1, |derivative|). */
    public static final double TOL = 1e-5;

    private OperationGradient() {
    }

    /**
     * Checks one operation on given inputs at input scale {@code scale}: the fused backward rule
     * against central differences with step {@link #H} x scale x the domain's margin (bound {@link #TOL}), the recorded
     * rule against the fused one for random output weights (bound 1e-12), and the recorded rule's
     * own gradient against central differences (bound {@link #TOL}); the worst of the three.
     */
    public static Outcome check(OpCase op, List<Tensor> inputs, double scale, SplittableRandom rng) {
        double h = H * scale * op.domain().margin();
        Outcome fd = Outcome.error(GradientCheck.check(op.f(), inputs, h).maxScaledError(), TOL);
        double mismatch = 0;
        try (Tape.Scope s = Tape.record()) {
            Tensor y = op.f().apply(inputs);
            Tensor w = TensorGen.draw(rng, y.rows(), y.cols(), 1.0, Domain.ANY);
            List<Tensor> fused = Gradients.grad(List.of(y), inputs, List.of(w), false);
            List<Tensor> recorded = Gradients.grad(List.of(y), inputs, List.of(w), true);
            for (int k = 0; k < inputs.size(); k++) {
                double[] f = fused.get(k).toArray();
                double[] r = recorded.get(k).toArray();
                for (int e = 0; e < f.length; e++) {
                    mismatch = Math.max(mismatch, Math.abs(f[e] - r[e]) / Math.max(1, Math.abs(f[e])));
                }
            }
        }
        return Outcome.worst(fd, Outcome.error(mismatch, 1e-12), secondOrder(op, inputs, h, rng));
    }

    /**
     * The recorded rule differentiated once more: the gradient of g(x) = sum_k &lt;u_k, grad_k &lt;w, f(x)&gt;&gt;
     * (the first gradient recorded with createGraph) by reverse mode against central differences of
     * g, to the same scaled tolerance as the first order. A backward rule that is right in value but
     * treats a factor as a constant (so that double backward misses a term) fails here and nowhere
     * else in this check.
     */
    private static Outcome secondOrder(OpCase op, List<Tensor> inputs, double h, SplittableRandom rng) {
        Tensor w;
        List<Tensor> u = new ArrayList<>();
        try (Tape.Scope s = Tape.record()) {
            Tensor y = op.f().apply(inputs);
            w = TensorGen.draw(rng, y.rows(), y.cols(), 1.0, Domain.ANY);
        }
        for (Tensor x : inputs) {
            u.add(TensorGen.draw(rng, x.rows(), x.cols(), 1.0, Domain.ANY));
        }
        Function<List<Tensor>, Tensor> g = xs -> {
            if (!Tape.isRecording()) { // the finite differences evaluate g outside the check's tape
                try (Tape.Scope s = Tape.record()) {
                    return Tensor.wrap(1, 1, new double[] {directionalGradient(op, xs, w, u).item()});
                }
            }
            return directionalGradient(op, xs, w, u);
        };
        return Outcome.error(GradientCheck.check(g, inputs, h).maxScaledError(), TOL);
    }

    /** sum_k &lt;u_k, grad_k &lt;w, f(x)&gt;&gt;, with the gradient recorded so that it can be differentiated again. */
    private static Tensor directionalGradient(OpCase op, List<Tensor> xs, Tensor w, List<Tensor> u) {
        List<Tensor> first = Gradients.grad(List.of(op.f().apply(xs)), xs, List.of(w), true);
        Tensor sum = first.get(0).mul(u.get(0)).sum();
        for (int k = 1; k < xs.size(); k++) {
            sum = sum.add(first.get(k).mul(u.get(k)).sum());
        }
        return sum;
    }
}
