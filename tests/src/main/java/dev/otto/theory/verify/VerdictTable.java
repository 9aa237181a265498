package dev.otto.theory.verify;

import java.util.List;
import java.util.Locale;

/**
 * Plain-text tables of verdicts for the command line: one row per statement with the columns
 * statement | measured | relation | bound | holds (numbers in %.4g; the relation, such as &lt;= or ~,
 * is what "holds" requires of measured and bound), and a legend giving each statement's
 * text, reference and the meaning of its numbers.
 */
public final class VerdictTable {

    private VerdictTable() {
    }

    /** The table, with a header, one row per verdict (statement = its id) and a summary line. */
    public static String format(List<Verdict> verdicts) {
        if (verdicts == null) {
            throw new IllegalArgumentException("verdicts: expected a list of verdicts, got null");
        }
        String[] header = {"statement", "measured", "", "bound", "holds"};
        String[][] rows = new String[verdicts.size()][];
        int[] width = new int[header.length];
        for (int c = 0; c < header.length; c++) {
            width[c] = header[c].length();
        }
        int held = 0;
        for (int r = 0; r < rows.length; r++) {
            Verdict v = verdicts.get(r);
            rows[r] = new String[] {v.statement().id(), number(v.measured()), v.relation(), number(v.bound()),
                v.holds() ? "yes" : "NO"};
            held += v.holds() ? 1 : 0;
            for (int c = 0; c < header.length; c++) {
                width[c] = Math.max(width[c], rows[r][c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, width);
        StringBuilder rule = new StringBuilder();
        for (int c = 0; c < header.length; c++) {
            rule.append(c == 0 ? "" : "-+-").append("-".repeat(width[c]));
        }
        sb.append(rule).append('\n');
        for (String[] row : rows) {
            line(sb, row, width);
        }
        sb.append(held).append(" of ").append(verdicts.size()).append(" statements hold\n");
        return sb.toString();
    }

    /** For each verdict: id, section, statement, reference, cases, time and what measured and bound mean. */
    public static String legend(List<Verdict> verdicts) {
        StringBuilder sb = new StringBuilder();
        for (Verdict v : verdicts) {
            Statement s = v.statement();
            sb.append(s.id()).append(" (MATH.md section ").append(s.section())
                    .append(s.reference().isEmpty() ? "" : "; " + s.reference()).append("): ").append(s.text()).append('\n');
            sb.append("    ").append(v.cases()).append(" cases, ")
                    .append(String.format(Locale.ROOT, "%.2f", v.seconds())).append(" s. ").append(v.definition()).append('\n');
        }
        return sb.toString();
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

    private static String number(double x) {
        return String.format(Locale.ROOT, "%.4g", x);
    }
}
