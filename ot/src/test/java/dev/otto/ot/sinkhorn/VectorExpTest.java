package dev.otto.ot.sinkhorn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;

import jdk.incubator.vector.DoubleVector;

import org.junit.jupiter.api.Test;

/**
 * The Vector API exponential of the streamed log-domain Sinkhorn against {@link Math#exp}: a
 * relative error of a few ulps over the whole range the row sums use, arguments clamped to
 * [-708, 709] (-infinity is the exponent of a zero weight); and the row sums against the plain sums
 * of {@link Math#exp}.
 */
class VectorExpTest {

    /**
     * The bounds of {@link VectorExp}: the degree-9 polynomial is within 2.7e-14 relative of exp on
     * |r| &lt;= ln(2)/2, and ln 2 rounded adds |k| 2.3e-17 (k = round(x / ln 2)): 2.8e-14 for
     * |x| &lt;= 40, where the terms of converged row sums live (|k| &lt;= 58), and 5.1e-14 over
     * [-708, 709] (|k| &lt;= 1023); the margins to 3e-14 and 6e-14 cover Horner's rounding.
     */
    private static final double RELATIVE = 3e-14;
    private static final double RELATIVE_FULL_RANGE = 6e-14;

    @Test
    void agreesWithMathExpToTheStatedAccuracy() {
        assumeTrue(VectorSupport.ENABLED, "Vector API path active");
        SplittableRandom rng = new SplittableRandom(11);
        int l = DoubleVector.SPECIES_PREFERRED.length();
        double[] x = new double[l];
        double[] y = new double[l];
        double worstNear = 0;
        double worstFull = 0;
        for (int t = 0; t < 40_000; t++) {
            boolean full = t % 2 == 0;
            for (int k = 0; k < l; k++) {
                x[k] = full ? -708 + 1417 * rng.nextDouble() : 80 * (rng.nextDouble() - 0.5);
            }
            VectorExp.exp(DoubleVector.fromArray(DoubleVector.SPECIES_PREFERRED, x, 0)).intoArray(y, 0);
            for (int k = 0; k < l; k++) {
                double e = Math.exp(x[k]);
                double rel = Math.abs(y[k] - e) / e;
                if (full) {
                    worstFull = Math.max(worstFull, rel);
                } else {
                    worstNear = Math.max(worstNear, rel);
                }
            }
        }
        assertTrue(worstNear <= RELATIVE, "worst relative error for |x| <= 40: " + worstNear);
        assertTrue(worstFull <= RELATIVE_FULL_RANGE, "worst relative error over [-708, 709]: " + worstFull);
    }

    @Test
    void argumentsAreClampedToTheNormalRange() {
        assumeTrue(VectorSupport.ENABLED, "Vector API path active");
        int l = DoubleVector.SPECIES_PREFERRED.length();
        double low = Math.exp(-708);
        double high = Math.exp(709);
        double[] special = {-708.5, -745, -1e300, Double.NEGATIVE_INFINITY, 709.5, 1e300, Double.POSITIVE_INFINITY, 0};
        double[] expected = {low, low, low, low, high, high, high, 1};
        double[] x = new double[l];
        double[] y = new double[l];
        for (int k = 0; k < special.length; k++) {
            java.util.Arrays.fill(x, special[k]);
            VectorExp.exp(DoubleVector.fromArray(DoubleVector.SPECIES_PREFERRED, x, 0)).intoArray(y, 0);
            for (int q = 0; q < l; q++) {
                assertEquals(expected[k], y[q], RELATIVE_FULL_RANGE * expected[k], "exp(" + special[k] + ")");
            }
        }
    }

    /**
     * Row sums of positive terms: each term within RELATIVE, and the sum's rounding m ulps at most;
     * a point-cloud row and the same row stored give the same bits.
     */
    @Test
    void rowSumsAgreeWithPlainSums() {
        assumeTrue(VectorSupport.ENABLED, "Vector API path active");
        SplittableRandom rng = new SplittableRandom(5);
        for (int m = 1; m <= 70; m++) {
            int d = 1 + m % 3;
            double[][] y = new double[d][m];
            double[] xi = new double[d];
            double[] h = new double[m];
            double[] c = new double[m + 3];
            for (int k = 0; k < d; k++) {
                xi[k] = rng.nextDouble();
                for (int j = 0; j < m; j++) {
                    y[k][j] = 2 * rng.nextDouble();
                }
            }
            for (int j = 0; j < m; j++) {
                h[j] = j == 0 ? Double.NEGATIVE_INFINITY : Math.log(rng.nextDouble());
                for (int k = 0; k < d; k++) {
                    c[3 + j] += (xi[k] - y[k][j]) * (xi[k] - y[k][j]);
                }
            }
            double p = 0.3;
            double inv = 7;
            for (boolean root : new boolean[] {false, true}) {
                double plain = 0;
                for (int j = 0; j < m; j++) {
                    double cj = root ? Math.sqrt(c[3 + j]) : c[3 + j];
                    plain += Math.exp(p + h[j] - cj * inv);
                }
                double tol = (RELATIVE + 1e-15 * m) * plain;
                assertEquals(plain, VectorExp.sumPointCloudRow(y, xi, root, h, p, inv, m), tol, "cloud row, m = " + m);
                if (!root) {
                    double stored = VectorExp.sumStoredRow(c, 3, h, p, inv, m);
                    assertEquals(plain, stored, tol, "stored row, m = " + m);
                    // the cloud forms C_ij as PointCloudCost.row does, so the two sums agree bit for bit
                    assertEquals(stored, VectorExp.sumPointCloudRow(y, xi, false, h, p, inv, m), 0.0, "m = " + m);
                }
            }
        }
    }
}
