package dev.otto.flows.certificate;

import dev.otto.flows.io.Json;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One named guarantee of a trained model checked on held-out data: the statement of MATH.md (or the
 * paper) it rests on, the measured value, the bound or tolerance it is held to, the relation between
 * them ("&lt;=", "&gt;=" or "&lt;"), the estimator's own floor where one matters (NaN otherwise), the verdict,
 * and a sentence saying what the figure means.
 *
 * @param id        a stable name such as {@code jko.w2-decay[2]}
 * @param statement the MATH.md statement id or the paper's result the bound comes from
 * @param value     the measured figure
 * @param relation  "&lt;=" (value at most bound), "&gt;=" (value at least bound) or "&lt;" (strictly below)
 * @param bound     the bound or tolerance
 * @param floor     the smallest value the estimator resolves (NaN when not relevant)
 * @param verdict   PASS, FAIL or NOT_RESOLVABLE
 * @param meaning   what the figure says about the model, in one sentence
 */
public record Check(String id, String statement, double value, String relation, double bound, double floor,
                    Verdict verdict, String meaning) {

    public static final String AT_MOST = "<=";
    public static final String AT_LEAST = ">=";
    public static final String BELOW = "<";

    public Check {
        if (!AT_MOST.equals(relation) && !AT_LEAST.equals(relation) && !BELOW.equals(relation)) {
            throw new IllegalArgumentException("relation: expected <=, >= or <, got " + relation);
        }
    }

    /** value &lt;= bound; a non-finite value fails. */
    public static Check atMost(String id, String statement, double value, double bound, String meaning) {
        boolean holds = Double.isFinite(value) && value <= bound;
        return new Check(id, statement, value, AT_MOST, bound, Double.NaN, holds ? Verdict.PASS : Verdict.FAIL, meaning);
    }

    /** value &gt;= bound; a non-finite value fails. */
    public static Check atLeast(String id, String statement, double value, double bound, String meaning) {
        boolean holds = Double.isFinite(value) && value >= bound;
        return new Check(id, statement, value, AT_LEAST, bound, Double.NaN, holds ? Verdict.PASS : Verdict.FAIL, meaning);
    }

    /**
     * A bound on a quantity that is estimated from samples with an upward bias of about
     * {@code floor} (the estimate's value when the true quantity is 0): NOT_RESOLVABLE when the bound
     * itself is below the floor (the estimator cannot tell it from 0), otherwise PASS when
     * value &lt;= bound + floor, the bias allowed for.
     */
    public static Check aboveFloor(String id, String statement, double value, double bound, double floor,
                                   String meaning) {
        Verdict v;
        if (!Double.isFinite(value)) {
            v = Verdict.FAIL;
        } else if (bound < floor) {
            v = Verdict.NOT_RESOLVABLE;
        } else {
            v = value <= bound + floor ? Verdict.PASS : Verdict.FAIL;
        }
        return new Check(id, statement, value, AT_MOST, bound, floor, v, meaning);
    }

    /**
     * An estimate that must come out strictly below the same estimator's value for a reference
     * (both biased alike, so the bias cancels in the comparison): NOT_RESOLVABLE when the reference
     * itself is below the estimator's {@code floor}, otherwise PASS when value &lt; reference. A value
     * equal to the reference, as for a map that does not move, fails.
     */
    public static Check below(String id, String statement, double value, double reference, double floor,
                              String meaning) {
        Verdict v;
        if (!Double.isFinite(value)) {
            v = Verdict.FAIL;
        } else if (reference < floor) {
            v = Verdict.NOT_RESOLVABLE;
        } else {
            v = value < reference ? Verdict.PASS : Verdict.FAIL;
        }
        return new Check(id, statement, value, BELOW, reference, floor, v, meaning);
    }

    /** A figure that cannot be measured for this model, with the reason in {@code meaning}. */
    public static Check notResolvable(String id, String statement, String meaning) {
        return new Check(id, statement, Double.NaN, AT_MOST, Double.NaN, Double.NaN, Verdict.NOT_RESOLVABLE, meaning);
    }

    public boolean failed() {
        return verdict == Verdict.FAIL;
    }

    /** One line naming the check, the value and the bound, e.g. for an error message. */
    public String summary() {
        return id + ": measured " + number(value) + ", bound " + relation + " " + number(bound)
                + (Double.isNaN(floor) ? "" : " (estimator floor " + number(floor) + ")") + ", " + verdict
                + " [" + statement + "]";
    }

    /** Four significant digits, or "-" for NaN. */
    public static String number(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4g", v);
    }

    /** The fields as an ordered map (numbers as doubles, NaN kept), for JSON. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("statement", statement);
        m.put("value", value);
        m.put("relation", relation);
        m.put("bound", bound);
        m.put("floor", floor);
        m.put("verdict", verdict.name());
        m.put("meaning", meaning);
        return m;
    }

    /** The check a {@link #toMap} wrote (null numbers are NaN, as JSON writes them). */
    static Check fromMap(Map<?, ?> m) {
        return new Check(text(m, "id"), text(m, "statement"), number(m, "value"), text(m, "relation"),
                number(m, "bound"), number(m, "floor"), Verdict.valueOf(text(m, "verdict")), text(m, "meaning"));
    }

    private static String text(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException("certificate check: expected a string '" + key + "', got " + v);
        }
        return s;
    }

    private static double number(Map<?, ?> m, String key) {
        return Json.toDouble(m.get(key), "certificate check '" + key + "'");
    }
}
