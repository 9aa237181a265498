package dev.otto.theory;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.theory.verify.Catalog;
import dev.otto.theory.verify.Outcome;
import dev.otto.theory.verify.TheoremCheck;
import java.util.SplittableRandom;

/**
 * The bridge from a jqwik property to the one definition of a statement in the catalog: jqwik draws
 * the case index and the seed, the catalog's check generates the case and judges it with its own
 * bound and tolerance. Indices 0 and 1 are the edge regimes of every generator (see
 * {@code dev.otto.theory.verify.Draw}), which jqwik's integer edge cases reach first.
 */
public final class StatementCases {

    private StatementCases() {
    }

    /** Asserts that case {@code index} of statement {@code id}, drawn from {@code seed}, holds. */
    public static void assertHolds(String id, int index, long seed) {
        TheoremCheck check = Catalog.get(id);
        Outcome o = check.check(index, new SplittableRandom(seed));
        assertTrue(o.holds(), () -> id + ", case " + index + " of seed " + seed + ": measured " + o.measured() + " "
                + o.relation() + " bound " + o.bound() + " does not hold (" + check.definition() + ")");
    }
}
