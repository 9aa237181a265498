package dev.otto.flows;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One progress report of a trainer: where it is (stage, for example the JKO block, and the iteration
 * within it), the named parts of the loss at that iteration, and the wall time since training began.
 * The command line turns these into a progress bar; tests and notebooks record them.
 *
 * @param stage           the stage (JKO block, or 0 for single-stage trainers), from 0
 * @param stages          the number of stages
 * @param iteration       the iteration within the stage, from 0
 * @param iterations      the number of iterations of the stage
 * @param lossParts       named loss terms, in a fixed order (for example "total", "V", "div", "W2")
 * @param elapsedSeconds  wall time since training started
 */
public record TrainingProgress(int stage, int stages, int iteration, int iterations, Map<String, Double> lossParts,
                               double elapsedSeconds) {

    public TrainingProgress {
        lossParts = Collections.unmodifiableMap(new LinkedHashMap<>(lossParts));
    }

    /** The fraction of all work done, in [0, 1], counting stages as equal. */
    public double fractionDone() {
        return (stage + (iteration + 1.0) / Math.max(1, iterations)) / Math.max(1, stages);
    }
}
