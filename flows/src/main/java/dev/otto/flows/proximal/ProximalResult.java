package dev.otto.flows.proximal;

import dev.otto.flows.Rollback;
import java.util.List;
import java.util.Map;

/**
 * The outcome of {@link ProximalTrainer#train}: the trained flow and discriminator (always with
 * finite parameters: after a divergence, the last finite state), whether the run diverged, why and
 * at which iteration, the final indicators (MATH.md section 6) and the last loss parts.
 *
 * @param flow the generator
 * @param discriminator g
 * @param diverged true when training stopped early: a bad step (a non-finite value, or the
 *                 discriminator objective above its ceiling) recurred after every retry
 * @param reason what went non-finite and where, or "completed"
 * @param iterationsCompleted generator steps that were kept
 * @param indicators the a-posteriori indicators of the returned state
 * @param lastLossParts the loss parts of the last completed iteration
 * @param elapsedSeconds wall time of the run
 * @param rollbacks the bad steps undone by the trainer's divergence policy in this call, oldest first
 *                  (when diverged is true, the retries were used up)
 */
public record ProximalResult(ProximalFlow flow, Discriminator discriminator, boolean diverged, String reason,
                             int iterationsCompleted, Indicators indicators, Map<String, Double> lastLossParts,
                             double elapsedSeconds, List<Rollback> rollbacks) {
    public ProximalResult {
        rollbacks = List.copyOf(rollbacks);
    }
}
