package dev.otto.ot;

import dev.otto.ot.internal.Checks;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Closed-form OT between Gaussians, MATH.md section 1 ("Gaussians"):
 * W_2^2(N(m1,S1), N(m2,S2)) = |m1 - m2|^2 + tr(S1 + S2 - 2 (S1^1/2 S2 S1^1/2)^1/2) (Bures),
 * and the OT map T(x) = m2 + A (x - m1), A = S1^-1/2 (S1^1/2 S2 S1^1/2)^1/2 S1^-1/2.
 * Matrix square roots use EJML's symmetric eigen-decomposition with eigenvalues clamped at 0
 * (round-off can make them slightly negative). {@link #w2} returns W_2, {@link #w2Squared} W_2^2.
 * The map needs S1 positive definite.
 */
public final class GaussianW2 {

    private GaussianW2() {
    }

    /** W_2^2 between N(m1, S1) and N(m2, S2) (covariances symmetric positive semi-definite). */
    public static double w2Squared(double[] m1, double[][] s1, double[] m2, double[][] s2) {
        int d = check(m1, s1, "1");
        if (check(m2, s2, "2") != d) {
            throw new IllegalArgumentException("m2: expected dimension " + d + " (as m1), got " + m2.length);
        }
        DMatrixRMaj a = new DMatrixRMaj(s1);
        DMatrixRMaj b = new DMatrixRMaj(s2);
        DMatrixRMaj r = sqrtm(a, 0.5);
        DMatrixRMaj mid = sqrtm(sandwich(r, b), 0.5);
        double tr = CommonOps_DDRM.trace(a) + CommonOps_DDRM.trace(b) - 2 * CommonOps_DDRM.trace(mid);
        double dm = 0;
        for (int k = 0; k < d; k++) {
            double t = m1[k] - m2[k];
            dm += t * t;
        }
        return dm + Math.max(0, tr);
    }

    /** W_2 (not squared) between N(m1, S1) and N(m2, S2). */
    public static double w2(double[] m1, double[][] s1, double[] m2, double[][] s2) {
        return Math.sqrt(w2Squared(m1, s1, m2, s2));
    }

    /** The matrix A of the OT map T(x) = m2 + A (x - m1) (symmetric positive semi-definite). */
    public static double[][] mapMatrix(double[][] s1, double[][] s2) {
        int d = check(new double[s1.length], s1, "1");
        if (check(new double[s2.length], s2, "2") != d) {
            throw new IllegalArgumentException("s2: expected a " + d + " x " + d + " matrix, got " + s2.length + " rows");
        }
        DMatrixRMaj a = new DMatrixRMaj(s1);
        DMatrixRMaj r = sqrtm(a, 0.5);
        DMatrixRMaj ri = sqrtm(a, -0.5);
        DMatrixRMaj mid = sqrtm(sandwich(r, new DMatrixRMaj(s2)), 0.5);
        DMatrixRMaj out = sandwich(ri, mid);
        double[][] res = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                res[i][j] = 0.5 * (out.get(i, j) + out.get(j, i));
            }
        }
        return res;
    }

    /** Applies T(x) = m2 + A (x - m1) to every row of x. */
    public static double[][] map(double[][] x, double[] m1, double[][] s1, double[] m2, double[][] s2) {
        double[][] a = mapMatrix(s1, s2);
        int d = a.length;
        if (m1.length != d || m2.length != d) {
            throw new IllegalArgumentException("m1, m2: expected dimension " + d + ", got " + m1.length + " and " + m2.length);
        }
        double[][] out = new double[x.length][d];
        for (int n = 0; n < x.length; n++) {
            if (x[n].length != d) {
                throw new IllegalArgumentException("x: expected points of dimension " + d + ", point " + n + " has " + x[n].length);
            }
            for (int i = 0; i < d; i++) {
                double s = m2[i];
                for (int j = 0; j < d; j++) {
                    s += a[i][j] * (x[n][j] - m1[j]);
                }
                out[n][i] = s;
            }
        }
        return out;
    }

    /** r b r for symmetric r, symmetrised. */
    static DMatrixRMaj sandwich(DMatrixRMaj r, DMatrixRMaj b) {
        DMatrixRMaj t = new DMatrixRMaj(r.numRows, r.numCols);
        DMatrixRMaj out = new DMatrixRMaj(r.numRows, r.numCols);
        CommonOps_DDRM.mult(r, b, t);
        CommonOps_DDRM.mult(t, r, out);
        DMatrixRMaj tr = new DMatrixRMaj(out.numCols, out.numRows);
        CommonOps_DDRM.transpose(out, tr);
        CommonOps_DDRM.add(0.5, out, 0.5, tr, out);
        return out;
    }

    /** S^power for symmetric S by eigen-decomposition (eigenvalues clamped at 0). */
    static DMatrixRMaj sqrtm(DMatrixRMaj s, double power) {
        int d = s.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(s.copy())) {
            throw new ArithmeticException("symmetric eigen-decomposition failed (d = " + d + ")");
        }
        DMatrixRMaj out = new DMatrixRMaj(d, d);
        for (int k = 0; k < d; k++) {
            double lam = Math.max(0, eig.getEigenvalue(k).getReal());
            if (power < 0 && lam == 0) {
                throw new IllegalArgumentException("s1: expected a positive definite covariance for the map, got a zero eigenvalue");
            }
            double w = Math.pow(lam, power);
            DMatrixRMaj v = eig.getEigenVector(k);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    out.add(i, j, w * v.get(i) * v.get(j));
                }
            }
        }
        return out;
    }

    /** Validates a mean and a symmetric d x d covariance (names m{which}, s{which}); returns d. */
    static int check(double[] mean, double[][] s, String which) {
        if (mean == null || mean.length == 0) {
            throw new IllegalArgumentException("m" + which + ": expected a non-empty mean, got " + (mean == null ? "null" : "length 0"));
        }
        Checks.finite("m" + which, mean);
        int d = mean.length;
        if (s == null || s.length != d) {
            throw new IllegalArgumentException("s" + which + ": expected a " + d + " x " + d + " matrix, got "
                    + (s == null ? "null" : s.length + " rows"));
        }
        for (int i = 0; i < d; i++) {
            if (s[i] == null || s[i].length != d) {
                throw new IllegalArgumentException("s" + which + ": expected a " + d + " x " + d + " matrix, row " + i
                        + " has " + (s[i] == null ? "null" : s[i].length) + " entries");
            }
            Checks.finite("s" + which, s[i]);
            for (int j = 0; j < i; j++) {
                if (Math.abs(s[i][j] - s[j][i]) > 1e-9 * (Math.abs(s[i][j]) + Math.abs(s[j][i]) + Double.MIN_NORMAL)) {
                    throw new IllegalArgumentException("s" + which + ": expected a symmetric matrix, got s[" + i + "][" + j
                            + "] = " + s[i][j] + " vs s[" + j + "][" + i + "] = " + s[j][i]);
                }
            }
        }
        return d;
    }
}
