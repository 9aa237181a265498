package dev.otto.ot.sinkhorn;

/**
 * exp(x) for x &lt;= 0, the only arguments the log-sum-exp kernels of log-domain Sinkhorn
 * (MATH.md section 1) produce after subtracting the row maximum. Table-driven range reduction
 * (Tang's method): x = (k/256) ln 2 + r with |r| &lt;= ln2/512, exp(r) by a degree-5 polynomial,
 * so the relative error is a few ulps; arguments below -708 return 0 (such terms are below
 * 1e-307 relative to the row maximum, which contributes 1). Deterministic and thread-safe.
 */
final class FastExp {

    private static final double[] TABLE = new double[256];
    private static final double INV_STEP = 256 / Math.log(2);
    /** ln(2)/256 split in a head with trailing zero bits (exact products with k) and a tail. */
    private static final double STEP_HI = Double.longBitsToDouble(0x3fe62e42fee00000L) / 256;
    private static final double STEP_LO = Double.longBitsToDouble(0x3dea39ef35793c76L) / 256;
    private static final double SHIFTER = 0x1.8p52;

    static {
        for (int j = 0; j < 256; j++) {
            TABLE[j] = Math.pow(2, j / 256.0);
        }
    }

    private FastExp() {
    }

    /** exp(x) for x &lt;= 0 (NaN and -infinity return 0; callers never pass NaN). */
    static double expNonPositive(double x) {
        if (!(x > -708)) {
            return 0;
        }
        return core(x);
    }

    /** exp(x) for any x: the fast path on (-708, 709), {@link Math#exp} outside it. */
    static double exp(double x) {
        if (x > -708 && x < 709) {
            return core(x);
        }
        return Math.exp(x);
    }

    /**
     * exp(x) for kernel entries, with results below about 1e-304 flushed to 0: subnormal kernel
     * entries make every multiply-add that touches them take a slow microcode path (measured:
     * log-domain iterations at eps = 1e-3 mean(C) ran 6x slower), and such entries are negligible
     * next to the O(1) entries of every row of an absorbed kernel.
     */
    static double expKernel(double x) {
        if (!(x > -700)) {
            return 0;
        }
        return x < 709 ? core(x) : Math.exp(x);
    }

    private static double core(double x) {
        double t = x * INV_STEP + SHIFTER;
        long k = Double.doubleToRawLongBits(t);
        double kd = t - SHIFTER;
        double r = (x - kd * STEP_HI) - kd * STEP_LO;
        int kk = (int) k;
        double p = 1 + r * (1 + r * (0.5 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120)))));
        long bits = Double.doubleToRawLongBits(TABLE[kk & 255]) + ((long) (kk >> 8) << 52);
        return Double.longBitsToDouble(bits) * p;
    }
}
