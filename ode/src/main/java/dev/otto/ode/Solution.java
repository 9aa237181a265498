package dev.otto.ode;

import dev.otto.autodiff.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The result of a solve (MATH.md section 3): the final state (every component; component 0 is the
 * primary state x), the states kept by the {@link SaveAt}, and statistics: field evaluations,
 * accepted and rejected steps. Inside a recording scope the tensors are differentiable.
 */
public final class Solution {

    private final List<Tensor> finalState;
    private final double[] times;
    private final List<List<Tensor>> saved;
    private final int evaluations;
    private final int acceptedSteps;
    private final int rejectedSteps;

    Solution(List<Tensor> finalState, double[] times, List<List<Tensor>> saved, int evaluations,
             int acceptedSteps, int rejectedSteps) {
        this.finalState = List.copyOf(finalState);
        this.times = times;
        this.saved = Collections.unmodifiableList(saved);
        this.evaluations = evaluations;
        this.acceptedSteps = acceptedSteps;
        this.rejectedSteps = rejectedSteps;
    }

    /** The final primary state x(t1). */
    public Tensor state() {
        return finalState.get(0);
    }

    /** The final value of every component (component 0 is the primary state). */
    public List<Tensor> components() {
        return finalState;
    }

    /** The times of the saved states (for {@link SaveAt#end()}: t1 only). */
    public double[] times() {
        return times.clone();
    }

    /** The saved primary states, one per entry of {@link #times()}. */
    public List<Tensor> saved() {
        List<Tensor> out = new ArrayList<>(saved.size());
        for (List<Tensor> s : saved) {
            out.add(s.get(0));
        }
        return out;
    }

    /** The saved states with all their components, one list per entry of {@link #times()}. */
    public List<List<Tensor>> savedComponents() {
        return saved;
    }

    /** Number of evaluations of the field (of the whole system, once per stage). */
    public int evaluations() {
        return evaluations;
    }

    /** Number of accepted steps. */
    public int acceptedSteps() {
        return acceptedSteps;
    }

    /** Number of rejected steps (always 0 on a fixed grid). */
    public int rejectedSteps() {
        return rejectedSteps;
    }

    @Override
    public String toString() {
        return "Solution[" + state().shape() + ", " + times.length + " saved, evaluations=" + evaluations
                + ", accepted=" + acceptedSteps + ", rejected=" + rejectedSteps + "]";
    }
}
