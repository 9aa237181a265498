package dev.otto.flows.proximal;

import java.util.Map;

/**
 * The outcome of {@link ProximalTrainer#train}: the trained flow and discriminator (always with
 * finite parameters: after a divergence, the last finite state), whether the run diverged, why and
 * at which iteration, the final indicators (MATH.md section 6) and the last loss parts.
 *
 * @param flow the generator
 * @param discriminator g
 * @param diverged true when training stopped early on a non-finite value
 * @param reason what went non-finite and where, or "completed"
 * @param iterationsCompleted generator steps that were kept
 * @param indicators the a-posteriori indicators of the returned state
 * @param lastLossParts the loss parts of the last completed iteration
 * @param elapsedSeconds wall time of the run
 */
public record ProximalResult(ProximalFlow flow, Discriminator discriminator, boolean diverged, String reason,
                             int iterationsCompleted, Indicators indicators, Map<String, Double> lastLossParts,
                             double elapsedSeconds) {
}
