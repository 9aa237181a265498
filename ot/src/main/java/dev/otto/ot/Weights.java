package dev.otto.ot;

import dev.otto.ot.internal.Checks;

/** Weight vectors for the transport problems of MATH.md section 1. */
public final class Weights {

    private Weights() {
    }

    /** The uniform probability vector (1/n, ..., 1/n), n &gt;= 1. */
    public static double[] uniform(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n: expected at least one weight, got " + n);
        }
        return Checks.uniform(n);
    }
}
