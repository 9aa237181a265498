package dev.otto.theory.flows;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Gradients;
import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * A trainer's loss against finite differences of itself (MATH.md section 2, "the gradient is
 * right"): reverse mode through the whole loss equals the central difference
 * (L(theta + s e) - L(theta - s e)) / (2 s) in six randomly chosen parameter entries. With s = 1e-5
 * on weights of size 1 the difference's truncation error is about 1e-10 |third derivative| and its
 * rounding 1e-16 |L| / 1e-5 = 1e-11 |L|; the bound 1e-6 (1 + |gradient entry|) leaves room for third
 * derivatives up to 1e4 and losses up to 1e5, and a gradient off by a constant factor or missing a
 * term fails it.
 */
public final class FiniteDifferences {

    private FiniteDifferences() {
    }

    /** Checks the gradient of {@code loss} (evaluated afresh in a recording scope) in {@code params}. */
    public static void checkGradient(List<Parameter> params, Supplier<Tensor> loss, SplittableRandom rng, String what) {
        List<Tensor> values = new ArrayList<>();
        for (Parameter p : params) {
            values.add(p.value());
        }
        List<Tensor> grads;
        try (Tape.Scope s = Tape.record()) {
            grads = Gradients.grad(loss.get(), values);
        }
        double step = 1e-5;
        for (int trial = 0; trial < 6; trial++) {
            int which = rng.nextInt(params.size());
            Parameter p = params.get(which);
            Tensor base = p.value();
            int entry = rng.nextInt(base.size());
            double[] plus = base.toArray();
            double[] minus = base.toArray();
            plus[entry] += step;
            minus[entry] -= step;
            p.set(Tensor.wrap(base.rows(), base.cols(), plus));
            double up = value(loss);
            p.set(Tensor.wrap(base.rows(), base.cols(), minus));
            double down = value(loss);
            p.set(base);
            double fd = (up - down) / (2 * step);
            double ad = grads.get(which).toArray()[entry];
            assertTrue(Math.abs(fd - ad) <= 1e-6 * (1 + Math.abs(ad)), what + ": d/d" + p.name() + "[" + entry + "] = "
                    + ad + " by reverse mode, " + fd + " by central differences");
        }
    }

    private static double value(Supplier<Tensor> loss) {
        try (Tape.Scope s = Tape.record()) {
            return loss.get().item();
        }
    }
}
