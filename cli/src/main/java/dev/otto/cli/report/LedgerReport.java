package dev.otto.cli.report;

import dev.otto.theory.verify.Outcome;
import dev.otto.theory.verify.TheoremCheck;
import dev.otto.theory.verify.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The HTML form of {@code otto verify}'s ledger: a summary table (id, pass/fail, margin, statement),
 * then per statement its words, what was measured and bounded, the worst case, and a chart of
 * measured against bound over the generated cases. Checks with an abscissa (such as eps or the step
 * size, see {@link TheoremCheck#abscissa}) plot measured and bound against it: the W_2 decay of the
 * JKO steps beside Theorem 4.3's bound, the observed convergence orders beside the methods' orders,
 * the entropic gap beside its bound against eps. The others plot measured/bound per case with the
 * line 1 that it must stay below (or above); exact identities ("=") get no chart.
 */
public final class LedgerReport {

    private LedgerReport() {
    }

    /** Writes the report of {@code verdicts} (of {@code checks}, in the same order) into {@code dir}. */
    public static void write(Path dir, List<TheoremCheck> checks, List<Verdict> verdicts, int budget, long seed)
            throws IOException {
        Report report = new Report(dir, "otto verify: the theorem ledger");
        long held = verdicts.stream().filter(Verdict::holds).count();
        report.note("Summary", held + " of " + verdicts.size() + " statements hold, " + budget
                + " generated cases each, seed " + seed + ". Margin: (bound - measured) / (|measured| + |bound|) for <=, "
                + "the mirror for >=, in units of the tolerance for ~; it is >= 0 exactly when the worst case holds. "
                + "The statements, their sources and tolerances are in docs/MATH.md.");
        for (Verdict v : verdicts) {
            report.metric("Summary", v.statement().id() + (v.holds() ? "  holds" : "  FAILS"), v.slack(),
                    "margin of the worst case; " + v.statement().text());
        }
        for (int i = 0; i < verdicts.size(); i++) {
            Verdict v = verdicts.get(i);
            String section = v.statement().id() + (v.holds() ? " (holds)" : " (FAILS)");
            report.note(section, "MATH.md section " + v.statement().section()
                    + (v.statement().reference().isEmpty() ? "" : ", " + v.statement().reference()) + ". " + v.statement().text());
            report.note(section, "Checked by " + v.definition());
            report.note(section, "Worst " + worstCaseText(v));
            chart(report, section, checks.get(i), v);
        }
        report.write();
    }

    private static String worstCaseText(Verdict v) {
        return v.worstCase() < 0 ? "case: none, the check did not run to the end." : String.format(Locale.ROOT,
                "case: number %d of %d, measured %s %s bound %s, margin %s.", v.worstCase(), v.cases(),
                Report.format(v.measured()), v.relation(), Report.format(v.bound()), Report.format(v.slack()));
    }

    private static void chart(Report report, String section, TheoremCheck check, Verdict v) throws IOException {
        List<Outcome> cases = v.outcomes();
        if (cases.isEmpty() || v.relation().equals("=")) {
            return;
        }
        String id = v.statement().id();
        String file = id.replace('.', '-') + ".png";
        int n = cases.size();
        double[] x = new double[n];
        double[] measured = new double[n];
        double[] bound = new double[n];
        boolean placed = !check.abscissa().isEmpty();
        for (int k = 0; k < n; k++) {
            Outcome o = cases.get(k);
            x[k] = placed ? o.at() : k;
            measured[k] = o.measured();
            bound[k] = o.bound();
        }
        if (placed || v.relation().equals("~")) {
            String xLabel = placed ? check.abscissa() : "case";
            Path png = report.chart(section, file, id + ": measured (circles) and bound (crosses) for each generated case, "
                    + "against " + xLabel);
            Figures.points(png, id, xLabel, "measured, bound", logScale(x), logScale(measured) && logScale(bound),
                    List.of(new Figures.Line("measured", x, measured, false), new Figures.Line("bound", x, bound, false)),
                    List.of());
            return;
        }
        double[] ratio = new double[n];
        for (int k = 0; k < n; k++) {
            ratio[k] = measured[k] / bound[k];
        }
        String side = v.relation().equals("<=") ? "below" : "above";
        Path png = report.chart(section, file, id + ": measured / bound for each generated case; the statement holds "
                + side + " the line 1");
        Figures.points(png, id, "case", "measured / bound", false, logScale(ratio),
                List.of(new Figures.Line("measured / bound", x, ratio, false)),
                List.of(new Figures.Line("1", new double[] {0, n - 1}, new double[] {1, 1}, true)));
    }

    /** True when every finite value is positive and they span more than two decades. */
    private static boolean logScale(double[] v) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (double x : v) {
            if (Double.isFinite(x)) {
                if (x <= 0) {
                    return false;
                }
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
        }
        return hi > 0 && hi / lo > 100;
    }
}
