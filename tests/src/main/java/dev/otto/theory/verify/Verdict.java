package dev.otto.theory.verify;

import java.util.List;

/**
 * The outcome of checking one statement on {@code cases} generated cases: the worst case's
 * measured quantity and the bound it must respect, its slack (the margin, &gt;= 0 when it holds),
 * its index among the cases, whether the statement held on every case (with the tolerance the
 * check justifies), what "measured" and "bound" mean (for a check that threw, the exception
 * instead, with measured and bound NaN), the wall-clock time, and every case's outcome in order
 * (empty when the check threw), for plots of measured against bound.
 */
public record Verdict(Statement statement, double measured, String relation, double bound, double slack, int worstCase,
                      boolean holds, int cases, String definition, double seconds, List<Outcome> outcomes) {

    /** Copies the outcomes. */
    public Verdict {
        outcomes = List.copyOf(outcomes);
    }

    /** The verdict of a run whose case number {@code worst} has the smallest slack. */
    static Verdict of(Statement statement, String definition, List<Outcome> outcomes, int worst, double seconds) {
        Outcome w = outcomes.get(worst);
        boolean holds = outcomes.stream().allMatch(Outcome::holds);
        return new Verdict(statement, w.measured(), w.relation(), w.bound(), w.slack(), worst, holds, outcomes.size(),
                definition, seconds, outcomes);
    }

    /** The verdict of a check that threw on its way through {@code cases} cases. */
    static Verdict threw(Statement statement, int cases, Throwable e, double seconds) {
        return new Verdict(statement, Double.NaN, "?", Double.NaN, Double.NaN, -1, false, cases,
                "the check threw " + e.getClass().getSimpleName() + ": " + e.getMessage(), seconds, List.of());
    }

    /** measured / bound for the relations &lt;= and &gt;= (how much of the bound the worst case uses), else NaN. */
    public double ratio() {
        return relation.equals("<=") || relation.equals(">=") ? measured / bound : Double.NaN;
    }
}
