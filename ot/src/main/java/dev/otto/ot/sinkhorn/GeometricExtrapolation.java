package dev.otto.ot.sinkhorn;

/**
 * Extrapolation of a linearly convergent fixed-point iteration to its limit along its slowest mode
 * (the vector form of Aitken's delta-squared process; Brezinski and Redivo-Zaglia 1991, "Extrapolation
 * methods", section 1.3): when the changes D_k = x_k - x_{k-s} over consecutive blocks of s sweeps
 * are parallel, D_k = Theta D_{k-1} with 0 &lt; Theta &lt; 1, the iterates move along one eigenvector
 * of the iteration's linearisation and the distance still to go is the geometric tail
 * sum_{i &gt;= 1} Theta^i D_k = Theta / (1 - Theta) D_k, added in one jump.
 *
 * <p>Used by {@link UnbalancedSinkhorn} and {@link EntropicPartialTransport} for near-permutation
 * plans, where Sinkhorn's second eigenvalue is about 1 - (mass off the permutation) and a sweep
 * contracts one direction (the relative offset of the nearly decoupled blocks of the plan) by only
 * 1 - 1e-5 or less (MATH.md section 1, "Entropic OT"; statements ot.unbalanced and
 * ot.entropic-partial).
 *
 * <p>Why blocks: a sweep's change carries a rounding error of order u |f| that does not shrink with
 * the change, so near the tolerance the ratio of two single-sweep changes cannot resolve 1 - theta
 * (measured: 5e-5 of noise against 1 - theta = 6e-6 at changes of 1e-11 eps). Over s sweeps the
 * slow mode's change grows s-fold and the tail factor Theta/(1 - Theta) shrinks s-fold, so the
 * block length starts at 1 and doubles (up to {@value #MAX_SPAN}) while the estimate is slow but
 * unresolved. Safeguards:
 * <ul>
 *   <li>Theta = &lt;D_k, D_{k-1}&gt; / |D_{k-1}|^2 must be at least {@value #MIN_THETA}^s (a rate
 *       per sweep worth a jump), below 1, and agree with the previous block's estimate to 10% of
 *       1 - Theta;</li>
 *   <li>the jump multiplies whatever in D_k is not geometric, r = D_k - Theta D_{k-1} (faster
 *       modes, rounding), by Theta / (1 - Theta) too, so it is taken only when |r| &lt;= |D_k| / 2:
 *       the error it adds is at most half the distance it removes;</li>
 *   <li>{@value #CHECK_AFTER} sweeps after a jump (the faster modes it disturbed have decayed by
 *       then) a sweep must move the potentials less than the sweep before the jump did, or the
 *       jump is undone; after {@value #MAX_UNDOS} undone jumps extrapolation stops for the rest of
 *       the solve.</li>
 * </ul>
 * A jump ends no solve (the caller's stopping rule reads plain sweeps only) and leaves the fixed
 * point where it is: it only moves the starting point of the next sweep.
 */
final class GeometricExtrapolation {

    /** Smallest rate per sweep worth a jump (below it plain sweeps gain a decade in a few). */
    static final double MIN_THETA = 0.9;
    /** Longest block of sweeps. */
    static final int MAX_SPAN = 4096;
    /** Sweeps after a jump before it is judged. */
    static final int CHECK_AFTER = 3;
    /** Undone jumps after which extrapolation stops. */
    static final int MAX_UNDOS = 3;

    private final double[] start;
    private final double[] current;
    private final double[] blockStart;
    private final double[] previousBlock;
    private final double[] saved;
    private int span = 1;
    private int sweepsInBlock;
    private boolean hasPreviousBlock;
    private double previousTheta = Double.NaN;
    private int checkIn;
    private double sweepBeforeJump;
    private int undos;
    private int jumps;

    private GeometricExtrapolation(int size) {
        start = new double[size];
        current = new double[size];
        blockStart = new double[size];
        previousBlock = new double[size];
        saved = new double[size];
    }

    /** For potentials f of length n and g of length m, starting from their present values. */
    static GeometricExtrapolation of(double[] f, double[] g) {
        GeometricExtrapolation e = new GeometricExtrapolation(f.length + g.length);
        pack(f, g, e.blockStart);
        return e;
    }

    /** Remembers the potentials a sweep starts from. */
    void beforeSweep(double[] f, double[] g) {
        pack(f, g, start);
    }

    /**
     * After a sweep that did not meet the tolerance: may move f and g (a jump to the extrapolated
     * limit, or back from a jump that did not help); returns whether it did.
     */
    boolean afterSweep(double[] f, double[] g) {
        if (undos >= MAX_UNDOS) {
            return false;
        }
        pack(f, g, current);
        double sweep2 = 0;
        for (int k = 0; k < current.length; k++) {
            double d = current[k] - start[k];
            sweep2 += d * d;
        }
        if (checkIn > 0) {
            // the sweeps right after a jump carry its transient in the faster modes: no estimate
            // uses them, and the last of them judges the jump
            if (--checkIn > 0) {
                return false;
            }
            if (sweep2 > sweepBeforeJump) {
                undos++;
                unpack(saved, f, g);
                restartBlocks(saved);
                return true;
            }
            restartBlocks(current);
            return false;
        }
        if (++sweepsInBlock < span) {
            return false;
        }
        double dot = 0;
        double previous2 = 0;
        double block2 = 0;
        for (int k = 0; k < current.length; k++) {
            double d = current[k] - blockStart[k];
            dot += d * previousBlock[k];
            previous2 += previousBlock[k] * previousBlock[k];
            block2 += d * d;
        }
        double theta = hasPreviousBlock && previous2 > 0 ? dot / previous2 : Double.NaN;
        boolean slow = theta >= Math.pow(MIN_THETA, span) && theta < 1;
        if (slow && Math.abs(theta - previousTheta) <= 0.1 * (1 - theta)) {
            double residual2 = 0;
            for (int k = 0; k < current.length; k++) {
                double r = (current[k] - blockStart[k]) - theta * previousBlock[k];
                residual2 += r * r;
            }
            if (residual2 <= 0.25 * block2) {
                jump(f, g, theta / (1 - theta), sweep2);
                return true;
            }
        }
        if (slow && !Double.isNaN(previousTheta) && span < MAX_SPAN) {
            // slow but not resolved at this block length: lengthen the blocks
            span *= 2;
            restartBlocks(current);
            return false;
        }
        for (int k = 0; k < current.length; k++) {
            previousBlock[k] = current[k] - blockStart[k];
        }
        hasPreviousBlock = true;
        previousTheta = theta;
        System.arraycopy(current, 0, blockStart, 0, current.length);
        sweepsInBlock = 0;
        return false;
    }

    /** Jumps taken so far. */
    int jumps() {
        return jumps;
    }

    private void jump(double[] f, double[] g, double factor, double sweep2) {
        System.arraycopy(current, 0, saved, 0, current.length);
        for (int k = 0; k < current.length; k++) {
            current[k] += factor * (current[k] - blockStart[k]);
        }
        unpack(current, f, g);
        jumps++;
        checkIn = CHECK_AFTER;
        sweepBeforeJump = sweep2;
    }

    /** Block estimates start afresh from x (after a jump, an undo or a longer span). */
    private void restartBlocks(double[] x) {
        System.arraycopy(x, 0, blockStart, 0, x.length);
        hasPreviousBlock = false;
        previousTheta = Double.NaN;
        sweepsInBlock = 0;
    }

    private static void pack(double[] f, double[] g, double[] out) {
        System.arraycopy(f, 0, out, 0, f.length);
        System.arraycopy(g, 0, out, f.length, g.length);
    }

    private static void unpack(double[] in, double[] f, double[] g) {
        System.arraycopy(in, 0, f, 0, f.length);
        System.arraycopy(in, f.length, g, 0, g.length);
    }
}
