package dev.otto.theory.verify;

import java.util.SplittableRandom;

/**
 * Edge-first draws for generated cases: the first cases of a budget take the extremes of a range
 * (case 0 the low end, case 1 the high end) and discrete regimes are visited in turn, so that tiny
 * and huge scales, degenerate weights and near-singular matrices are reached even at budget 5, as
 * jqwik's edge cases reach them in the property suite.
 */
public final class Draw {

    private Draw() {
    }

    /** 10^u with u = lo (case 0), hi (case 1), else uniform in [lo, hi]. */
    public static double logScale(int index, SplittableRandom rng, double lo, double hi) {
        return Math.pow(10, uniform(index, rng, lo, hi));
    }

    /** lo (case 0), hi (case 1), else uniform in [lo, hi]. */
    public static double uniform(int index, SplittableRandom rng, double lo, double hi) {
        return index == 0 ? lo : index == 1 ? hi : lo + (hi - lo) * rng.nextDouble();
    }

    /** An integer in [lo, hi]: lo (case 0), hi (case 1), else uniform. */
    public static int integer(int index, SplittableRandom rng, int lo, int hi) {
        return index == 0 ? lo : index == 1 ? hi : lo + rng.nextInt(hi - lo + 1);
    }

    /** Regime number index mod count: every regime is visited once the budget reaches count. */
    public static int regime(int index, int count) {
        return Math.floorMod(index, count);
    }

    /** One of the values (an array such as an enum's values()), visited in turn. */
    public static <T> T cycle(int index, T[] values) {
        return values[regime(index, values.length)];
    }

    /** One of the values, visited in turn. */
    public static double cycle(int index, double... values) {
        return values[regime(index, values.length)];
    }
}
