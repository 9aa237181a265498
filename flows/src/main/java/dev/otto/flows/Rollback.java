package dev.otto.flows;

/**
 * One rollback by a trainer's {@link DivergencePolicy}: where the bad step was, why it was bad, and
 * the learning-rate scale training goes on with (the product of the policy's factors so far).
 *
 * @param stage             the stage (JKO block, or 0 for single-stage trainers), from 0
 * @param iteration         the iteration of the stage whose step was undone, from 0
 * @param attempt           1 for the first rollback of the run (of the block for JKO), 2 for the next...
 * @param reason            what was wrong, e.g. "non-finite loss NaN" or "loss 3.1e9 above the ceiling 2.0e3"
 * @param learningRateScale the factor now applied to the configured learning rate
 */
public record Rollback(int stage, int iteration, int attempt, String reason, double learningRateScale) {

    @Override
    public String toString() {
        return "rolled back " + (stage > 0 ? "block " + stage + ", " : "") + "iteration " + iteration + " (" + reason
                + "); retry " + attempt + " with learning rate x " + learningRateScale;
    }
}
