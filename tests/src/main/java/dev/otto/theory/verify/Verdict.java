package dev.otto.theory.verify;

/**
 * The outcome of checking one statement on {@code cases} generated cases: the worst case's
 * measured quantity and the bound it must respect, whether the statement held on every case (with
 * the tolerance the check justifies), what "measured" and "bound" mean (one short sentence; for a
 * check that threw, the exception instead, with measured and bound NaN), and the wall-clock time.
 */
public record Verdict(Statement statement, double measured, String relation, double bound, boolean holds, int cases,
                      String definition, double seconds) {
}
