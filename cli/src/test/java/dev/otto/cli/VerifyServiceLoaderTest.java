package dev.otto.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.cli.example.W1TriangleInequality;
import dev.otto.theory.verify.Catalog;
import dev.otto.theory.verify.Verdict;
import dev.otto.theory.verify.VerdictTable;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A statement of a user's own (docs/MATH.md, "Adding a statement") runs both ways: from the API,
 * and from {@code otto verify}, which finds it on the class path through its META-INF/services entry
 * (this module's test resources play the user's jar).
 */
class VerifyServiceLoaderTest {

    @Test
    void aUserStatementRunsFromTheApi() {
        List<Verdict> verdicts = Catalog.run(List.of(new W1TriangleInequality()), 12, 3L, null);
        assertEquals(1, verdicts.size());
        assertTrue(verdicts.get(0).holds(), VerdictTable.ledger(verdicts));
        assertTrue(VerdictTable.ledger(verdicts).contains("holds  example.w1-triangle"), VerdictTable.ledger(verdicts));
    }

    @Test
    void ottoVerifyFindsAUserStatementOnTheClassPath() {
        assertTrue(Catalog.ids().contains("example.w1-triangle"), "the service entry is loaded: " + Catalog.ids());
        assertEquals("example.w1-triangle", Catalog.ids().get(Catalog.ids().size() - 1), "after the built-in statements");
        Cli.Result r = Cli.run("verify", "--budget", "6", "--only", "example");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("holds  example.w1-triangle") && r.out().contains("1 of 1 statements hold"), r.toString());
    }
}
