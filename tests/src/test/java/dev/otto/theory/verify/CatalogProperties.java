package dev.otto.theory.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The theorem catalog behind {@code otto verify} holds on the library as it is: at budget 5 (the
 * first cases of every check visit its edge regimes, see {@link Draw}) and a generated seed, every
 * statement of MATH.md the catalog lists holds, with finite measured quantities and bounds. One try
 * runs every check in a few seconds; the property suite checks the same statements more thoroughly,
 * class by class.
 */
class CatalogProperties {

    @Property(tries = 1)
    void everyStatementHoldsAtASmallBudget(@ForAll long seed) {
        List<TheoremCheck> checks = Catalog.all();
        List<Verdict> verdicts = Catalog.run(checks, 5, seed, null);
        assertEquals(checks.size(), verdicts.size(), "one verdict per check");
        for (int i = 0; i < checks.size(); i++) {
            Verdict v = verdicts.get(i);
            assertEquals(checks.get(i).statement(), v.statement(), "verdicts in catalog order");
            String row = v.statement().id() + " with seed " + seed + ": measured " + v.measured() + ", bound " + v.bound()
                    + " (" + v.definition() + ")";
            assertTrue(v.holds(), row);
            assertTrue(Double.isFinite(v.measured()) && Double.isFinite(v.bound()), "finite numbers: " + row);
            assertEquals(5, v.cases(), row);
        }
    }
}
