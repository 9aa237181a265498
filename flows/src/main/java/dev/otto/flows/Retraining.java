package dev.otto.flows;

/**
 * A stage that a trainer trained again because a check of its result failed (for a JKO block: its
 * training and sampling maps disagreed, {@code dev.otto.flows.jko.MapAgreement}).
 *
 * @param stage     the stage (JKO block), from 0
 * @param check     what was measured, e.g. "train/sample disagreement"
 * @param measured  the measured value
 * @param tolerance the largest acceptable value
 * @param change    what the retraining changes, e.g. "RK4 steps 3 -> 6"
 */
public record Retraining(int stage, String check, double measured, double tolerance, String change) {

    @Override
    public String toString() {
        return "retraining block " + stage + ": " + check + " " + measured + " > tolerance " + tolerance + "; "
                + change;
    }
}
