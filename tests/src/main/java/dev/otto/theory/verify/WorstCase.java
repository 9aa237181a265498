package dev.otto.theory.verify;

import java.util.SplittableRandom;

/**
 * The usual shape of a check: a statement, a one-sentence definition of what "measured" and
 * "bound" mean, and a function from (case index, random source) to one case's {@link Outcome};
 * {@link #run} draws {@code budget} cases and reports the worst (smallest slack). Case indices let
 * generators visit edge regimes first ({@link Draw}), so even a small budget reaches them.
 */
public final class WorstCase implements TheoremCheck {

    /** One generated case of a statement. */
    @FunctionalInterface
    public interface GeneratedCase {
        /** Generates case number {@code index} from {@code rng} and checks the statement on it. */
        Outcome check(int index, SplittableRandom rng);
    }

    private final Statement statement;
    private final String definition;
    private final GeneratedCase generatedCase;

    private WorstCase(Statement statement, String definition, GeneratedCase generatedCase) {
        if (statement == null) {
            throw new IllegalArgumentException("statement: expected a Statement, got null");
        }
        if (definition == null || definition.isBlank()) {
            throw new IllegalArgumentException("definition: expected what measured and bound mean, got " + definition);
        }
        if (generatedCase == null) {
            throw new IllegalArgumentException("generatedCase: expected a case function, got null");
        }
        this.statement = statement;
        this.definition = definition;
        this.generatedCase = generatedCase;
    }

    /** A check of {@code statement} by the worst of generated cases. */
    public static TheoremCheck of(Statement statement, String definition, GeneratedCase generatedCase) {
        return new WorstCase(statement, definition, generatedCase);
    }

    @Override
    public Statement statement() {
        return statement;
    }

    @Override
    public Verdict run(int budget, SplittableRandom rng) {
        if (budget < 1) {
            throw new IllegalArgumentException("budget: expected at least one case, got " + budget);
        }
        long start = System.nanoTime();
        Outcome worst = null;
        for (int i = 0; i < budget; i++) {
            Outcome o = generatedCase.check(i, rng.split());
            if (o == null) {
                throw new IllegalStateException("case " + i + " of " + statement.id() + " returned no outcome");
            }
            worst = Outcome.worseOf(worst, o);
        }
        double seconds = (System.nanoTime() - start) * 1e-9;
        return new Verdict(statement, worst.measured(), worst.relation(), worst.bound(), worst.holds(), budget, definition, seconds);
    }

    @Override
    public String toString() {
        return statement.id();
    }
}
