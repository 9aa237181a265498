package dev.otto.flows.certificate;

/**
 * The outcome of one {@link Check}: the measured value is on the right side of its bound (PASS),
 * on the wrong side or not finite (FAIL), or the bound lies below what the finite-sample estimator
 * can distinguish from zero (NOT_RESOLVABLE: neither pass nor fail, see {@link Check#aboveFloor}).
 */
public enum Verdict {
    PASS, FAIL, NOT_RESOLVABLE
}
