package dev.otto.autodiff;

/**
 * Softplus and the logistic function from exactly rounded operations only (additions,
 * multiplications, fused multiply-adds, one division, bit manipulation), for the SIMD kernels: the
 * same algorithm runs in {@link VectorKernels} on vector lanes and here on the leftover scalar tail,
 * so every entry gets the same bits whatever the chunking, and whether or not the JIT has compiled
 * the kernel (the Vector API's own exp and log1p change their last bits when it does). On scalars
 * alone {@link Math#exp} is faster, so the plain loops use that instead.
 *
 * <p>exp(u) for u &lt;= 0: u = k ln 2 + r with k = round(u / ln 2) and |r| &lt;= ln 2 / 2 (Cody-Waite,
 * ln 2 split in two parts), e^r by its Taylor polynomial of degree 13 (remainder below 2e-17), and
 * 2^k assembled from its exponent bits. Arguments below -708 give 0 (the true value is then below
 * the smallest normal double, 2.2e-308).
 *
 * <p>log1p(e) for e in (0, 1]: with s = e / (2 + e) in (0, 1/3], log1p(e) = 2 atanh(s) =
 * 2 (s + s^3/3 + s^5/5 + ...), 18 terms (remainder below 1e-18 relative).
 *
 * <p>Measured accuracy against {@link Math#log1p}({@link Math#exp}) over [-700, 700]: a few units in
 * the last place (tested).
 */
final class SoftplusMath {

    static final double LOG2E = 1.4426950408889634;
    static final double LN2_HI = 0.6931471803691238;
    static final double LN2_LO = 1.9082149292705877e-10;
    /** 1.5 * 2^52: adding it rounds to an integer held in the low mantissa bits. */
    static final double ROUNDER = 6755399441055744.0;
    static final long ROUNDER_BITS = Double.doubleToRawLongBits(ROUNDER);
    static final double MIN_ARGUMENT = -708.0;

    /** 1/k! for k = 13 down to 0, the Horner order of e^r. */
    static final double[] EXP_COEFFS = new double[14];
    /** 1/(2j+1) for j = 17 down to 0, the Horner order of atanh(s)/s in s^2. */
    static final double[] ATANH_COEFFS = new double[18];

    static {
        double f = 1;
        double[] inv = new double[14];
        for (int k = 0; k < 14; k++) {
            if (k > 0) {
                f *= k;
            }
            inv[k] = 1.0 / f;
        }
        for (int k = 0; k < 14; k++) {
            EXP_COEFFS[k] = inv[13 - k];
        }
        for (int j = 0; j < 18; j++) {
            ATANH_COEFFS[j] = 1.0 / (2 * (17 - j) + 1);
        }
    }

    private SoftplusMath() {
    }

    /** e^u for u &lt;= 0. */
    static double expNonPositive(double u) {
        double uc = Math.max(u, MIN_ARGUMENT);
        double t = Math.fma(uc, LOG2E, ROUNDER);
        double k = t - ROUNDER;
        double r = Math.fma(-k, LN2_HI, uc);
        r = Math.fma(-k, LN2_LO, r);
        double p = EXP_COEFFS[0];
        for (int i = 1; i < EXP_COEFFS.length; i++) {
            p = Math.fma(p, r, EXP_COEFFS[i]);
        }
        long bits = (Double.doubleToRawLongBits(t) - ROUNDER_BITS + 1023L) << 52;
        return u < MIN_ARGUMENT ? 0.0 : p * Double.longBitsToDouble(bits);
    }

    /** log(1 + e) for e in [0, 1]. */
    static double log1pUnit(double e) {
        double s = e / (2.0 + e);
        double s2 = s * s;
        double q = ATANH_COEFFS[0];
        for (int i = 1; i < ATANH_COEFFS.length; i++) {
            q = Math.fma(q, s2, ATANH_COEFFS[i]);
        }
        return 2.0 * s * q;
    }

    /** log(1 + e^{beta x}) / beta, given inv = 1 / beta. */
    static double softplus(double x, double beta, double inv) {
        double z = beta * x;
        return (Math.max(z, 0.0) + log1pUnit(expNonPositive(-Math.abs(z)))) * inv;
    }

    /** The logistic function 1 / (1 + e^{-z}), accurate in relative terms on both tails. */
    static double sigmoid(double z) {
        double e = expNonPositive(-Math.abs(z));
        return (z >= 0 ? 1.0 : e) / (1.0 + e);
    }
}
