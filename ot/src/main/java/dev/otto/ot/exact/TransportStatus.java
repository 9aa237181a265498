package dev.otto.ot.exact;

/**
 * Outcome of the exact solver (MATH.md section 1, "Discrete OT"). Reported explicitly in the
 * result instead of a warning.
 */
public enum TransportStatus {
    /** No arc has a negative reduced cost (relative tolerance): the plan and duals are optimal. */
    OPTIMAL,
    /** The pivot limit was reached first: the plan is feasible but possibly not optimal. */
    ITERATION_LIMIT,
    /**
     * Mass could not be routed through real arcs (an artificial arc kept flow above the
     * feasibility tolerance): only possible through round-off on extreme inputs.
     */
    INFEASIBLE
}
