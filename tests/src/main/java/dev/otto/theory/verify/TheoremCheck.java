package dev.otto.theory.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A checkable statement of MATH.md: the one definition of its predicate, bound and tolerance and of
 * its case generator, shared by {@code otto verify} (which runs {@link #run} at a budget of cases) and
 * the property suite (which draws the case index and seed, and asserts {@link #check}). Users add
 * statements of their own by implementing this interface, usually through {@link WorstCase#of}, and
 * listing the implementation in {@code META-INF/services/dev.otto.theory.verify.TheoremCheck} (see
 * {@link Catalog#all} and docs/MATH.md, "Adding a statement").
 */
public interface TheoremCheck {

    /** The statement checked. */
    Statement statement();

    /**
     * What "measured" and "bound" mean for one case, with units, in one or two sentences starting
     * "measured: ...; bound: ..." (shown in the ledger).
     */
    String definition();

    /**
     * The name of the case parameter that outcomes are placed at ({@link Outcome#at}), such as
     * "eps / mean cost", for plots of measured and bound against it; empty when cases are only
     * numbered.
     */
    default String abscissa() {
        return "";
    }

    /**
     * Generates case number {@code index} from {@code rng} and checks the statement on it. Case
     * indices let generators visit edge regimes first ({@link Draw}). May throw (a library error);
     * {@link Catalog#run} turns that into a failed verdict, the property suite into a failed property.
     */
    Outcome check(int index, SplittableRandom rng);

    /**
     * Checks the statement on {@code budget} generated cases, case i drawing from the i-th split of
     * {@code rng}, and reports the worst case (smallest slack) with every case's outcome.
     */
    default Verdict run(int budget, SplittableRandom rng) {
        if (budget < 1) {
            throw new IllegalArgumentException("budget: expected at least one case, got " + budget);
        }
        long start = System.nanoTime();
        List<Outcome> outcomes = new ArrayList<>(budget);
        int worst = 0;
        for (int i = 0; i < budget; i++) {
            Outcome o = check(i, rng.split());
            if (o == null) {
                throw new IllegalStateException("case " + i + " of " + statement().id() + " returned no outcome");
            }
            outcomes.add(o);
            if (o.worseThan(outcomes.get(worst))) {
                worst = i;
            }
        }
        return Verdict.of(statement(), definition(), outcomes, worst, (System.nanoTime() - start) * 1e-9);
    }
}
