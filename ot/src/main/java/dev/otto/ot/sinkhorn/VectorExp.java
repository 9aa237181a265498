package dev.otto.ot.sinkhorn;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The exponential on Vector API lanes, and the row sums of exponentials that the streamed
 * log-domain Sinkhorn iteration is made of (MATH.md section 1, "Entropic OT"):
 * S_i = sum_j exp(p + h_j - C_ij / eps). Why: the scalar table-driven {@link FastExp} took three
 * quarters of a streamed iteration's samples (JFR, n = 600), one exponential at a time.
 *
 * <p>exp(x) = 2^k exp(r) with k = round(x / ln 2) (the 1.5 2^52 shifter trick, which leaves k in
 * the low bits of the sum, so 2^k is added to the exponent field by an integer shift and add)
 * and r = x - k ln 2, |r| &lt;= ln(2)/2; exp(r) by a near-minimax polynomial of degree 9. The
 * relative error is below 2.7e-14 (the polynomial) + |k| 2.3e-17 (ln 2 rounded) plus the rounding
 * of Horner's scheme: measured at most 2e-14 where the terms of a converged row sum live
 * (|x| &lt;= 40) and 4.2e-14 over the whole range ({@code VectorExpTest}), 1e5 times below the
 * 1e-9 tolerance of Sinkhorn's marginals, and two multiply-adds cheaper than a result within one
 * ulp. Arguments are clamped to [-708, 709]; callers never pass NaN.
 *
 * <p>Loaded only when {@link VectorSupport#ENABLED} (see {@link VectorDot}). Sums are taken in a
 * fixed order (lane accumulator, lanes reduced in order, then the scalar tail through
 * {@link FastExp#exp}), so results are deterministic and independent of the thread count.
 */
final class VectorExp {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final double INV_LN2 = 1 / Math.log(2);
    private static final double SHIFTER = 0x1.8p52;
    /*
     * exp(r) ~ P0 + P1 r + ... + P9 r^9 on |r| <= ln(2)/2: the interpolant at the 10 Chebyshev
     * nodes of the interval (computed in exact rational arithmetic from 60-digit values of exp,
     * then rounded), near-minimax: its error is at most 2 (ln(2)/4)^10 sqrt(2) / 10! = 1.9e-14
     * on values of at least 1/sqrt(2), so 2.7e-14 relative. Every multiply-add counts (the row
     * sums are bound by the FMA units: 14 per lane and entry), and this is 1e5 times below any
     * tolerance Sinkhorn is run at.
     */
    private static final double P0 = 1.0000000000000135;
    private static final double P1 = 1.0000000000000013;
    private static final double P2 = 0.4999999999943859;
    private static final double P3 = 0.16666666666615648;
    private static final double P4 = 0.04166666704055191;
    private static final double P5 = 0.008333333367311603;
    private static final double P6 = 0.0013888801749656543;
    private static final double P7 = 0.0001984119064754424;
    private static final double P8 = 2.4884459751751116e-05;
    private static final double P9 = 2.7632640675430236e-06;
    /** -ln 2 rounded: off by 2.3e-17, so r is off by |k| 2.3e-17 &lt;= 2.4e-14 (|k| &lt;= 1023). */
    private static final DoubleVector NEG_LN2 = DoubleVector.broadcast(S, -Math.log(2));
    private VectorExp() {
    }

    /**
     * exp of every lane, the argument clamped to [-708, 709] first: a term below e^-708 (3e-308)
     * counts as e^-708, which no sum in the range the callers accept (above 1e-200) can see, and
     * a term above e^709 makes its sum leave that range (clamping costs two instructions where
     * masking to 0 and infinity costs four).
     */
    static DoubleVector exp(DoubleVector x) {
        DoubleVector xc = x.max(-708.0).min(709.0);
        DoubleVector t = xc.fma(INV_LN2, SHIFTER);
        DoubleVector k = t.sub(SHIFTER);
        DoubleVector r = k.fma(NEG_LN2, xc);
        DoubleVector p = c(P9).fma(r, c(P8));
        p = p.fma(r, c(P7));
        p = p.fma(r, c(P6));
        p = p.fma(r, c(P5));
        p = p.fma(r, c(P4));
        p = p.fma(r, c(P3));
        p = p.fma(r, c(P2));
        p = p.fma(r, c(P1));
        p = p.fma(r, c(P0));
        // t holds 1.5 2^52 + k: its low bits are k, and shifting them into the exponent field adds k
        LongVector scale = t.reinterpretAsLongs().lanewise(VectorOperators.LSHL, 52);
        return p.reinterpretAsLongs().add(scale).reinterpretAsDoubles();
    }

    /** A constant on every lane. */
    private static DoubleVector c(double v) {
        return DoubleVector.broadcast(S, v);
    }

    /** sum_j exp(p + h_j - c[off + j] inv), j &lt; m: a stored or materialised cost row. */
    static double sumStoredRow(double[] c, int off, double[] h, double p, double inv, int m) {
        int l = S.length();
        DoubleVector negInv = DoubleVector.broadcast(S, -inv);
        DoubleVector acc = DoubleVector.zero(S);
        int j = 0;
        for (; j + l <= m; j += l) {
            DoubleVector z = DoubleVector.fromArray(S, c, off + j).fma(negInv, DoubleVector.fromArray(S, h, j).add(p));
            acc = acc.add(exp(z));
        }
        double s = acc.reduceLanes(VectorOperators.ADD);
        for (; j < m; j++) {
            s += FastExp.exp(p + h[j] - c[off + j] * inv);
        }
        return s;
    }

    /**
     * sum_j exp(p + h_j - C_ij inv) for C_ij = |x_i - y_j|^2 (or |x_i - y_j| when {@code root}),
     * the cost formed in registers from the coordinate-major targets y[k][j] and the source's
     * coordinates xi[k], never written to memory. The squares are formed and added coordinate by
     * coordinate in the order of {@link dev.otto.ot.cost.PointCloudCost#row}, so C_ij is the same
     * bit for bit (and the sum equals {@link #sumStoredRow} over that row).
     */
    static double sumPointCloudRow(double[][] y, double[] xi, boolean root, double[] h, double p, double inv, int m) {
        int l = S.length();
        int d = xi.length;
        DoubleVector negInv = DoubleVector.broadcast(S, -inv);
        DoubleVector acc = DoubleVector.zero(S);
        int j = 0;
        if (d == 2 && !root) {
            // the common case without the coordinate loop, which C2 compiles less reliably
            double[] y0 = y[0];
            double[] y1 = y[1];
            double x0 = xi[0];
            double x1 = xi[1];
            for (; j + l <= m; j += l) {
                DoubleVector t0 = DoubleVector.fromArray(S, y0, j).sub(x0);
                DoubleVector t1 = DoubleVector.fromArray(S, y1, j).sub(x1);
                DoubleVector c = t0.mul(t0).add(t1.mul(t1));
                acc = acc.add(exp(c.fma(negInv, DoubleVector.fromArray(S, h, j).add(p))));
            }
        }
        for (; j + l <= m; j += l) {
            DoubleVector c = DoubleVector.zero(S);
            for (int k = 0; k < d; k++) {
                DoubleVector t = DoubleVector.fromArray(S, y[k], j).sub(xi[k]);
                c = c.add(t.mul(t));
            }
            if (root) {
                c = c.lanewise(VectorOperators.SQRT);
            }
            acc = acc.add(exp(c.fma(negInv, DoubleVector.fromArray(S, h, j).add(p))));
        }
        double s = acc.reduceLanes(VectorOperators.ADD);
        for (; j < m; j++) {
            double c = 0;
            for (int k = 0; k < d; k++) {
                double t = y[k][j] - xi[k];
                c += t * t;
            }
            if (root) {
                c = Math.sqrt(c);
            }
            s += FastExp.exp(p + h[j] - c * inv);
        }
        return s;
    }
}
