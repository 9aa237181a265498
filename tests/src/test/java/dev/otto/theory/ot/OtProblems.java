package dev.otto.theory.ot;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** The jqwik arbitrary of {@link OtProblem}: sizes, dimension, scale 1e-6 .. 1e6, weight mode, seed. */
final class OtProblems {

    private OtProblems() {
    }

    /** Problems with n, m in [1, maxN], dimension 1..3 (n = m with uniform weights when uniformEqual). */
    static Arbitrary<OtProblem> problems(int maxN, boolean uniformEqual) {
        Arbitrary<Integer> n = Arbitraries.integers().between(1, maxN);
        Arbitrary<Integer> m = Arbitraries.integers().between(1, maxN);
        Arbitrary<Integer> d = Arbitraries.integers().between(1, 3);
        Arbitrary<Integer> scaleExp = Arbitraries.integers().between(-6, 6);
        Arbitrary<Integer> weightMode = Arbitraries.integers().between(0, OtProblem.WEIGHT_MODES - 1);
        Arbitrary<Long> seed = Arbitraries.longs();
        return Combinators.combine(n, m, d, scaleExp, weightMode, seed)
                .as((nn, mm, dd, se, wm, sd) -> OtProblem.build(nn, uniformEqual ? nn : mm, dd, Math.pow(10, se),
                        uniformEqual ? 0 : wm, sd));
    }
}
