package dev.otto.theory.verify;

import java.util.SplittableRandom;

/** A statement of MATH.md with a procedure that checks it on generated cases. */
public interface TheoremCheck {

    /** The statement checked. */
    Statement statement();

    /**
     * Checks the statement on {@code budget} generated cases drawn from {@code rng} and reports the
     * worst one. May throw (a library error); {@link Catalog#run} turns that into a failed verdict.
     */
    Verdict run(int budget, SplittableRandom rng);
}
