package dev.otto.theory.flows;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.data.Datasets;
import dev.otto.flows.data.Embedding;
import dev.otto.flows.data.ImageDensity;
import dev.otto.flows.data.Sampler;
import dev.otto.flows.data.Split;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * The data sets are what their documentation says (Datasets' Javadoc, FFJORD's constants; MATH.md
 * sections 4-6 evaluate on them): deterministic for a seed, with the documented scale and geometry;
 * padding embeds exactly; pictures sample their pixel masses; splits partition.
 */
class DatasetProperties {

    private static final double PI = Math.PI;

    /**
     * E|x|^2 of each set, derived by hand from the documented generator (not from the code):
     * 8gaussians R^2 + 2 sigma^2; checkerboard: both coordinates uniform on [-4, 4): 2 x 16/3;
     * moons: (5.04 - 1.6/pi + 5.64 - 6.4/pi)/2 + 2 (2 x 0.1)^2; pinwheel 4 (E r^2 + E s^2) =
     * 4 (1.09 + 0.01); swissroll (E t^2 + 2)/25 with E t^2 = (1.5 pi)^2 13/3; circles
     * 9 (1 + 1/4)/2 + 2 x 0.24^2; rings mean of the squared radii + 2 x 0.08^2; 2spirals
     * (E n^2 + (E n sin n - E n cos n)/2 + 1/6)/9 + 2 x 0.1^2 with n = 3 pi sqrt(U):
     * E n^2 = 9 pi^2/2, E n sin n = 2 (9 pi^2 - 4)/(9 pi^2), E n cos n = -4/(3 pi).
     */
    static final Map<String, Double> SECOND_MOMENT = Map.of(
            "8gaussians", sq(Datasets.EIGHT_GAUSSIANS_RADIUS) + 2 * sq(Datasets.EIGHT_GAUSSIANS_STD),
            "checkerboard", 32.0 / 3,
            "moons", 5.34 - 4 / PI + 0.08,
            "pinwheel", 4.4,
            "swissroll", (sq(1.5 * PI) * 13 / 3 + 2) / 25,
            "circles", 9 * 1.25 / 2 + 2 * sq(0.24),
            "rings", (9 + 5.0625 + 2.25 + 0.5625) / 4 + 2 * sq(0.08),
            "2spirals", (9 * PI * PI / 2 + (2 * (9 * PI * PI - 4) / (9 * PI * PI) + 4 / (3 * PI)) / 2 + 1.0 / 6) / 9
                    + 2 * sq(0.1));

    private static double sq(double v) {
        return v * v;
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.of(Datasets.names());
    }

    /** The same seed gives the same tensor; another seed a different one (no hidden global generator). */
    @Property(tries = 40)
    @Tag("contracts.datasets")
    void deterministicForASeed(@ForAll("names") String name, @ForAll @IntRange(min = 1, max = 50) int n,
                               @ForAll long seed) {
        Sampler s = Datasets.byName(name);
        Tensor a = s.sample(n, seed);
        assertTrue(a.valueEquals(Datasets.byName(name).sample(n, new SplittableRandom(seed))));
        assertFalse(a.valueEquals(s.sample(n, seed + 1)));
        assertEquals(n + "x2", a.shape());
    }

    /**
     * The sample mean of |x|^2 over n = 20 000 rows is within 5 standard errors (sample standard
     * deviation of |x|^2 / sqrt n) of the documented value above: a CLT bound with spurious failure
     * probability 6e-7 per check. A wrong constant (noise before instead of after scaling, radius
     * 4 instead of 4/1.414, a missing factor 2) moves it by tens of standard errors.
     */
    @Property(tries = 4)
    @Tag("contracts.datasets")
    void secondMomentHasTheDocumentedScale(@ForAll long seed) {
        for (String name : Datasets.names()) {
            double[] x = Datasets.byName(name).sample(20_000, seed).toArray();
            int n = x.length / 2;
            double s = 0;
            double s2 = 0;
            for (int i = 0; i < n; i++) {
                double r2 = x[2 * i] * x[2 * i] + x[2 * i + 1] * x[2 * i + 1];
                s += r2;
                s2 += r2 * r2;
            }
            double mean = s / n;
            double se = Math.sqrt((s2 / n - mean * mean) / n);
            assertEquals(SECOND_MOMENT.get(name), mean, 5 * se, name);
        }
    }

    /**
     * Geometry: every 8gaussians sample's nearest centre is one of the 8 points at radius 4/1.414 on
     * the compass directions, each taking 1/8 of the samples within 5 binomial standard errors
     * (adjacent centres are 6 component standard deviations apart, so misassignment is ~1e-3 and
     * symmetric); every checkerboard sample lies in [-4, 4)^2 on a square with
     * floor(x/2) + floor(y/2) even; every rings sample is within 6.5 noise standard deviations
     * (0.52) of one of the radii 3, 2.25, 1.5, 0.75, each taking 1/4 within 5 standard errors. The
     * radial deviation is about N(0, 0.08^2): 6.5 sd gives a spurious failure probability of 8e-11
     * per sample, 1e-5 over the 120 000 samples of a run (4.7 sd, the earlier bound, failed about
     * one run in three).
     */
    @Property(tries = 6)
    @Tag("contracts.datasets")
    void documentedGeometry(@ForAll long seed) {
        int n = 20_000;
        double[] g = Datasets.byName("8gaussians").sample(n, seed).toArray();
        int[] count = new int[8];
        double r = 4 / 1.414;
        for (int i = 0; i < n; i++) {
            double angle = Math.atan2(g[2 * i + 1], g[2 * i]);
            count[Math.floorMod((int) Math.round(angle / (PI / 4)), 8)]++;
        }
        for (int c : count) {
            assertEquals(n / 8.0, c, 5 * Math.sqrt(n * (1 / 8.0) * (7 / 8.0)));
        }
        double[] m0 = Datasets.eightGaussians().mean(0);
        assertEquals(r, Math.hypot(m0[0], m0[1]), 1e-15);

        double[] c = Datasets.byName("checkerboard").sample(n, seed).toArray();
        for (int i = 0; i < n; i++) {
            double x = c[2 * i];
            double y = c[2 * i + 1];
            assertTrue(x >= -4 && x < 4 && y >= -4 && y < 4, x + "," + y);
            assertEquals(0, Math.floorMod((long) Math.floor(x / 2) + (long) Math.floor(y / 2), 2L), x + "," + y);
        }

        double[] rg = Datasets.byName("rings").sample(n, seed).toArray();
        int[] ring = new int[4];
        for (int i = 0; i < n; i++) {
            double rad = Math.hypot(rg[2 * i], rg[2 * i + 1]);
            int best = 0;
            for (int k = 1; k < 4; k++) {
                if (Math.abs(rad - Datasets.RINGS_RADII[k]) < Math.abs(rad - Datasets.RINGS_RADII[best])) {
                    best = k;
                }
            }
            assertTrue(Math.abs(rad - Datasets.RINGS_RADII[best]) < 6.5 * Datasets.RINGS_NOISE, "radius " + rad);
            ring[best]++;
        }
        for (int k : ring) {
            assertEquals(n / 4.0, k, 5 * Math.sqrt(n * 0.25 * 0.75));
        }
    }

    /** Zero-padding into R^D keeps the sample in the first d coordinates and puts exact zeros after. */
    @Property(tries = 20)
    @Tag("contracts.datasets")
    void zeroPaddingEmbedsExactly(@ForAll("names") String name, @ForAll @IntRange(min = 2, max = 12) int dim,
                                  @ForAll long seed) {
        Tensor padded = Embedding.zeroPad(Datasets.byName(name), dim).sample(30, seed);
        Tensor plain = Datasets.byName(name).sample(30, seed);
        assertEquals(30 + "x" + dim, padded.shape());
        assertTrue(Embedding.project(padded, 2).valueEquals(plain));
        for (int i = 0; i < 30; i++) {
            for (int j = 2; j < dim; j++) {
                assertEquals(0L, Double.doubleToRawLongBits(padded.get(i, j)));
            }
        }
    }

    /**
     * A picture's density: exp(log p) integrates to 1 over the box (a sum over pixels, exact up to
     * rounding, 1e-12), every sample falls in a pixel of positive mass, and each pixel's share of
     * n = 20 000 samples is within 5 binomial standard errors (plus one count) of its mass fraction.
     */
    @Property(tries = 15)
    @Tag("contracts.datasets")
    void pictureSamplesItsPixelMasses(@ForAll @IntRange(min = 1, max = 5) int w, @ForAll @IntRange(min = 1, max = 5) int h,
                                      @ForAll @DoubleRange(min = 0.5, max = 6) double halfWidth, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] v = new double[h][w];
        for (double[] row : v) {
            for (int j = 0; j < w; j++) {
                row[j] = rng.nextInt(4) == 0 ? 1.0 : rng.nextDouble();
            }
        }
        v[0][0] = 0.0;
        ImageDensity p = ImageDensity.fromIntensities(v, ImageDensity.Mass.DARK, halfWidth);
        double a = p.pixelSize();
        double[] box = p.bounds();
        double[] centres = new double[2 * w * h];
        double[] mass = new double[w * h];
        double total = 0;
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                centres[2 * (i * w + j)] = box[0] + (j + 0.5) * a;
                centres[2 * (i * w + j) + 1] = box[3] - (i + 0.5) * a;
                mass[i * w + j] = 1 - v[i][j];
                total += mass[i * w + j];
            }
        }
        double integral = 0;
        double[] lp = p.logDensity(Tensor.wrap(w * h, 2, centres)).toArray();
        for (double l : lp) {
            integral += Math.exp(l) * a * a;
        }
        assertEquals(1.0, integral, 1e-12);
        int n = 20_000;
        double[] x = p.sample(n, rng).toArray();
        int[] count = new int[w * h];
        for (int r = 0; r < n; r++) {
            int j = (int) Math.floor((x[2 * r] - box[0]) / a);
            int i = (int) Math.floor((box[3] - x[2 * r + 1]) / a);
            assertTrue(i >= 0 && i < h && j >= 0 && j < w, "inside the picture");
            count[i * w + j]++;
        }
        for (int q = 0; q < w * h; q++) {
            double f = mass[q] / total;
            assertEquals(n * f, count[q], 5 * Math.sqrt(n * f * (1 - f)) + 1, "pixel " + q);
            if (mass[q] == 0) {
                assertEquals(0, count[q]);
            }
        }
    }

    /** A split is a seeded partition: disjoint, covering, of the requested size, the same for a seed. */
    @Property(tries = 40)
    @Tag("contracts.datasets")
    void splitPartitions(@ForAll @IntRange(min = 2, max = 200) int n, @ForAll @DoubleRange(min = 0.05, max = 0.95) double f,
                         @ForAll long seed) {
        int nTest = (int) Math.round(f * n);
        if (nTest == 0 || nTest == n) {
            return;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        Tensor data = Tensor.wrap(n, 1, v);
        Split s = Split.of(data, f, new SplittableRandom(seed));
        assertEquals(nTest, s.test().rows());
        assertEquals(n - nTest, s.train().rows());
        int[] all = new int[n];
        int k = 0;
        for (int i : s.trainIndex()) {
            all[k++] = i;
        }
        for (int i : s.testIndex()) {
            all[k++] = i;
        }
        Arrays.sort(all);
        for (int i = 0; i < n; i++) {
            assertEquals(i, all[i]);
        }
        assertEquals((double) s.testIndex()[0], s.test().get(0, 0));
        assertArrayEquals(s.testIndex(), Split.of(data, f, new SplittableRandom(seed)).testIndex());
    }
}
