package dev.otto.ot.cost;

/**
 * The ground cost c(x, y) between two points, MATH.md section 1 ("W_p between point clouds":
 * C_ij = |x_i - y_j|^p). Note: the squared Euclidean cost is |x - y|^2, NOT |x - y|^2 / 2.
 */
public enum GroundCost {
    /** c(x, y) = |x - y|^2 (no factor 1/2), so OT(a, b, C) = W_2^2. */
    SQUARED_EUCLIDEAN,
    /** c(x, y) = |x - y|, so OT(a, b, C) = W_1. */
    EUCLIDEAN,
    /** c(x, y) = |x - y|^p for the exponent given to {@link PointCloudCost#power}. */
    POWER
}
