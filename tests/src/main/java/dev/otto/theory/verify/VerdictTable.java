package dev.otto.theory.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Plain-text forms of verdicts for the command line. {@link #ledger} is the readable form: per
 * statement a block giving pass/fail, the id and MATH.md section, the statement in words, what was
 * measured and what it is bounded by (words and units, the check's definition), and the worst case
 * found (its number among the cases, measured, relation, bound, the margin and, for inequalities,
 * measured/bound). {@link #format} is the compact form, one line per statement. Numbers in %.4g.
 *
 * <p>The margin is the scale-free slack of {@link Outcome}: &gt;= 0 exactly when the case holds,
 * (bound - measured) / (|measured| + |bound|) for &lt;=, in units of the tolerance for "~".
 */
public final class VerdictTable {

    private static final int WIDTH = 100;

    private VerdictTable() {
    }

    /** The ledger: a block per verdict and a summary line. */
    public static String ledger(List<Verdict> verdicts) {
        check(verdicts);
        StringBuilder sb = new StringBuilder();
        for (Verdict v : verdicts) {
            Statement s = v.statement();
            sb.append(v.holds() ? "holds  " : "FAILS  ").append(s.id()).append("   (MATH.md section ").append(s.section())
                    .append(s.reference().isEmpty() ? "" : "; " + s.reference()).append(")\n");
            wrap(sb, "statement   ", s.text());
            wrap(sb, "checked by  ", v.definition());
            wrap(sb, "worst case  ", worstCase(v));
            sb.append('\n');
        }
        sb.append(summary(verdicts));
        return sb.toString();
    }

    /**
     * The compact table: id | measured | relation | bound | margin | worst case | holds, with a header
     * and a summary line.
     */
    public static String format(List<Verdict> verdicts) {
        check(verdicts);
        String[] header = {"statement", "measured", "", "bound", "margin", "case", "holds"};
        List<String[]> rows = new ArrayList<>();
        rows.add(header);
        for (Verdict v : verdicts) {
            rows.add(new String[] {v.statement().id(), number(v.measured()), v.relation(), number(v.bound()),
                number(v.slack()), v.worstCase() < 0 ? "-" : v.worstCase() + "/" + v.cases(), v.holds() ? "yes" : "NO"});
        }
        int[] width = new int[header.length];
        for (String[] r : rows) {
            for (int c = 0; c < r.length; c++) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            line(sb, rows.get(i), width);
            if (i == 0) {
                StringBuilder rule = new StringBuilder();
                for (int c = 0; c < width.length; c++) {
                    rule.append(c == 0 ? "" : "-+-").append("-".repeat(width[c]));
                }
                sb.append(rule).append('\n');
            }
        }
        sb.append(summary(verdicts));
        return sb.toString();
    }

    /** "case 7 of 20: measured 0.09082 <= bound 0.6077, margin 0.7396, measured/bound 0.1494", or the failure to run. */
    static String worstCase(Verdict v) {
        if (v.worstCase() < 0) {
            return "none: the check did not run to the end (see above)";
        }
        String ratio = Double.isNaN(v.ratio()) ? "" : ", measured/bound " + number(v.ratio());
        return "case " + v.worstCase() + " of " + v.cases() + ": measured " + number(v.measured()) + " " + v.relation()
                + " bound " + number(v.bound()) + ", margin " + number(v.slack()) + ratio
                + String.format(Locale.ROOT, " (%.2f s)", v.seconds());
    }

    private static String summary(List<Verdict> verdicts) {
        long held = verdicts.stream().filter(Verdict::holds).count();
        return held + " of " + verdicts.size() + " statements hold\n";
    }

    private static void check(List<Verdict> verdicts) {
        if (verdicts == null) {
            throw new IllegalArgumentException("verdicts: expected a list of verdicts, got null");
        }
    }

    /** Appends text after a label, wrapped at WIDTH columns with continuation lines indented under it. */
    private static void wrap(StringBuilder sb, String label, String text) {
        String indent = "       ";
        String hanging = indent + " ".repeat(label.length());
        StringBuilder line = new StringBuilder(indent).append(label);
        int start = line.length();
        for (String word : text.split(" ")) {
            if (line.length() > start && line.length() + 1 + word.length() > WIDTH) {
                sb.append(line).append('\n');
                line = new StringBuilder(hanging);
                start = line.length();
            }
            if (line.length() > start) {
                line.append(' ');
            }
            line.append(word);
        }
        sb.append(line).append('\n');
    }

    private static void line(StringBuilder sb, String[] cells, int[] width) {
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) {
                sb.append(" | ");
            }
            boolean left = c == 0 || c == cells.length - 1;
            String pad = " ".repeat(width[c] - cells[c].length());
            sb.append(left ? cells[c] + (c == cells.length - 1 ? "" : pad) : pad + cells[c]);
        }
        sb.append('\n');
    }

    static String number(double x) {
        return String.format(Locale.ROOT, "%.4g", x);
    }
}
