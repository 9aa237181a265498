package dev.otto.theory.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The catalog's contract with the command line: failures are reported, not hidden; filters are checked. */
class CatalogTest {

    private static final Statement MADE_UP = new Statement("test.made-up", "1", "2 <= 1", "");

    private static List<String> ids(List<TheoremCheck> checks) {
        List<String> out = new ArrayList<>();
        for (TheoremCheck c : checks) {
            out.add(c.statement().id());
        }
        return out;
    }

    @Test
    void aViolatedBoundIsReportedAsNotHolding() {
        TheoremCheck wrong = WorstCase.of(MADE_UP, "measured: 2; bound: 1",
                (index, rng) -> index == 3 ? Outcome.atMost(2.0, 1.0) : Outcome.atMost(0.5, 1.0));
        Verdict v = Catalog.run(List.of(wrong), 6, 7L, null).get(0);
        assertFalse(v.holds(), "one violating case out of six must fail the statement");
        assertEquals(2.0, v.measured(), 0.0, "the reported case is the violating one");
        assertEquals(1.0, v.bound(), 0.0);
        assertEquals(6, v.cases());
        assertTrue(VerdictTable.format(List.of(v)).contains("NO"), "the table shows the failure");
    }

    @Test
    void nanAndOrderOutcomesAreJudgedCorrectly() {
        assertFalse(Outcome.atMost(Double.NaN, 1.0).holds(), "NaN never holds");
        assertTrue(Outcome.atMost(Double.NaN, 1.0).worseThan(Outcome.atMost(5.0, 1.0)), "NaN is the worst case");
        assertTrue(Outcome.near(3.8, 4, 0.3).holds());
        assertFalse(Outcome.near(3.6, 4, 0.3).holds());
        assertTrue(Outcome.between(0, 0.5, 1).holds());
        assertFalse(Outcome.between(0, -1e-300, 1).holds());
        assertFalse(Outcome.exactlyZero(Double.MIN_VALUE).holds());
        assertTrue(Outcome.atLeast(Double.POSITIVE_INFINITY, 1.0).holds(), "+infinity is above every finite bound");
    }

    @Test
    void aThrowingCheckFailsWithItsMessageAndTheRunGoesOn() {
        TheoremCheck throwing = WorstCase.of(MADE_UP, "measured: nothing",
                (index, rng) -> {
                    throw new IllegalStateException("solver diverged");
                });
        TheoremCheck fine = Catalog.select("ot.vertex").get(0);
        List<Verdict> vs = new ArrayList<>();
        List<Verdict> out = Catalog.run(List.of(throwing, fine), 3, 1L, vs::add);
        assertEquals(2, out.size(), "the run continues after a check throws");
        assertEquals(out, vs, "every verdict is passed to the callback, in order");
        Verdict v = out.get(0);
        assertFalse(v.holds());
        assertTrue(Double.isNaN(v.measured()) && Double.isNaN(v.bound()));
        assertTrue(v.definition().contains("IllegalStateException") && v.definition().contains("solver diverged"),
                v.definition());
        assertTrue(out.get(1).holds());
    }

    @Test
    void selectTakesIdsModulesAndSectionsInCatalogOrder() {
        List<String> all = Catalog.ids();
        assertEquals(new HashSet<>(all).size(), all.size(), "ids are unique");
        Set<String> sections = new HashSet<>();
        for (TheoremCheck c : Catalog.all()) {
            sections.add(c.statement().section());
        }
        assertEquals(Set.of("1", "2", "3", "4", "5", "6", "7"), sections, "every section of MATH.md is covered");
        assertEquals(all, ids(Catalog.select("")), "a blank filter selects everything");
        assertEquals(all, ids(Catalog.select(null)));
        List<String> ot = ids(Catalog.select("ot"));
        assertTrue(ot.size() > 5 && ot.stream().allMatch(id -> id.startsWith("ot.")), ot.toString());
        assertEquals(ot, ids(Catalog.select("1")), "module ot is section 1");
        assertTrue(ids(Catalog.select("4")).stream().allMatch(id -> id.startsWith("jko.")));
        assertEquals(List.of("ot.duality", "jko.contraction"), ids(Catalog.select("jko.contraction, ot.duality ot.duality")),
                "catalog order, no duplicates");
    }

    @Test
    void selectRejectsUnknownIdsNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Catalog.select("ot.duality,ot.dualty,9"));
        assertTrue(e.getMessage().startsWith("filter:") && e.getMessage().contains("ot.dualty")
                && e.getMessage().contains("9") && e.getMessage().contains("ot.duality"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Catalog.run(Catalog.all(), 0, 1L, null));
    }

    @Test
    void aSelectionGivesTheSameVerdictAsTheWholeCatalogWould() {
        List<TheoremCheck> one = Catalog.select("ot.w1-le-w2");
        Verdict a = Catalog.run(one, 4, 11L, null).get(0);
        Verdict b = Catalog.run(Catalog.select("ot.vertex ot.w1-le-w2"), 4, 11L, null).get(1);
        assertEquals(a.measured(), b.measured(), 0.0);
        assertEquals(a.bound(), b.bound(), 0.0);
    }

    @Test
    void theTableHasOneRowPerVerdictAndTheLedgerABlockWithEveryPart() {
        Verdict held = new Verdict(MADE_UP, 0.12345678, "<=", 1.0, 0.78, 3, true, 5, "measured: x; bound: y", 0.5,
                List.of(Outcome.atMost(0.12345678, 1.0)));
        String table = VerdictTable.format(List.of(held));
        String[] lines = table.split("\n");
        assertEquals(4, lines.length, table);
        assertTrue(lines[0].startsWith("statement") && lines[0].contains("measured") && lines[0].contains("bound")
                && lines[0].contains("margin") && lines[0].endsWith("holds"), table);
        assertTrue(lines[2].contains("test.made-up") && lines[2].contains("0.1235") && lines[2].contains("1.000")
                && lines[2].contains("3/5") && lines[2].endsWith("yes"), table);
        assertEquals("1 of 1 statements hold", lines[3]);
        String ledger = VerdictTable.ledger(List.of(held));
        for (String part : List.of("holds  test.made-up", "MATH.md section 1", "statement   2 <= 1", "checked by  measured: x; bound: y",
                "case 3 of 5: measured 0.1235 <= bound 1.000, margin 0.7800, measured/bound 0.1235")) {
            assertTrue(ledger.contains(part), part + " missing from\n" + ledger);
        }
    }
}
