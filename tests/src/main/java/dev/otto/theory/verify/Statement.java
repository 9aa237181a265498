package dev.otto.theory.verify;

/**
 * One statement of MATH.md: id like "ot.duality" (the prefix names the MATH.md section's module:
 * ot, autodiff, ode, jko, interpolation, proximal, metrics), section like "1", the statement in
 * one line, and the paper reference if any (empty when MATH.md states it without one).
 */
public record Statement(String id, String section, String text, String reference) {

    /** Checks that every field is present; the reference may be empty. */
    public Statement {
        if (id == null || !id.matches("[a-z]+\\.[a-z0-9-]+")) {
            throw new IllegalArgumentException("id: expected <module>.<name> in lower case, got " + id);
        }
        if (section == null || !section.matches("[1-9]")) {
            throw new IllegalArgumentException("section: expected a MATH.md section number 1-9, got " + section);
        }
        if (text == null || text.isBlank() || text.contains("\n")) {
            throw new IllegalArgumentException("text: expected the statement in one line, got " + text);
        }
        if (reference == null) {
            throw new IllegalArgumentException("reference: expected a paper reference or an empty string, got null");
        }
    }
}
