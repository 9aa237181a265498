package dev.otto.cli.report;

import java.util.List;

/**
 * One chart of training curves: the loss parts that share a unit, drawn on one y axis whose title
 * names that unit. A family's curves are split into several panels rather than mixing, say, an
 * objective in nats with a gradient norm on one axis.
 *
 * @param file      the chart's file name suffix (the section's prefix goes before it), e.g. "loss"
 * @param title     what the chart shows, e.g. "objective terms"
 * @param axis      the y axis title with its unit, e.g. "nats"
 * @param logY      a log y axis (for residuals spanning decades; non-positive values are dropped)
 * @param indicator the parts are evaluated every few iterations and repeated in between: only the
 *                  iterations where a new value appears are drawn
 * @param parts     the loss parts drawn, by the names the trainer reports them under
 * @param caption   the caption under the chart: what the parts are and what their course means
 */
public record LossPanel(String file, String title, String axis, boolean logY, boolean indicator, List<String> parts,
                        String caption) {

    public LossPanel {
        if (!file.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("file: expected lower-case letters, digits and '-', got " + file);
        }
        parts = List.copyOf(parts);
    }

    /** A panel of training curves (drawn at every recorded iteration, linear axis). */
    public static LossPanel curves(String file, String title, String axis, String caption, String... parts) {
        return new LossPanel(file, title, axis, false, false, List.of(parts), caption);
    }

    /** A panel of a-posteriori indicators (drawn where evaluated, log axis). */
    public static LossPanel indicators(String file, String title, String axis, String caption, String... parts) {
        return new LossPanel(file, title, axis, true, true, List.of(parts), caption);
    }

    /** A panel of its own for a part no panel claims: its unit is whatever the trainer reports. */
    static LossPanel alone(String part) {
        String slug = part.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return curves("loss-" + (slug.isEmpty() ? "part" : slug), part, part + " (as the trainer reports it)",
                "Loss part " + part + " over training, as the trainer reports it.", part);
    }
}
