package dev.otto.theory.verify;

import java.util.SplittableRandom;

/**
 * The usual shape of a check: a statement, a one-sentence definition of what "measured" and
 * "bound" mean, and a function from (case index, random source) to one case's {@link Outcome};
 * {@link TheoremCheck#run} draws {@code budget} cases and reports the worst (smallest slack). Case
 * indices let generators visit edge regimes first ({@link Draw}), so even a small budget reaches them.
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
    private final String abscissa;

    private WorstCase(Statement statement, String definition, String abscissa, GeneratedCase generatedCase) {
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
        this.abscissa = abscissa;
    }

    /** A check of {@code statement} by the worst of generated cases. */
    public static TheoremCheck of(Statement statement, String definition, GeneratedCase generatedCase) {
        return new WorstCase(statement, definition, "", generatedCase);
    }

    /** The same, with cases placed on an abscissa (see {@link TheoremCheck#abscissa}). */
    public static TheoremCheck of(Statement statement, String definition, String abscissa, GeneratedCase generatedCase) {
        if (abscissa == null || abscissa.isBlank()) {
            throw new IllegalArgumentException("abscissa: expected the name of the case parameter, got " + abscissa);
        }
        return new WorstCase(statement, definition, abscissa, generatedCase);
    }

    @Override
    public String abscissa() {
        return abscissa;
    }

    @Override
    public Statement statement() {
        return statement;
    }

    @Override
    public String definition() {
        return definition;
    }

    @Override
    public Outcome check(int index, SplittableRandom rng) {
        return generatedCase.check(index, rng);
    }

    @Override
    public String toString() {
        return statement.id();
    }
}
