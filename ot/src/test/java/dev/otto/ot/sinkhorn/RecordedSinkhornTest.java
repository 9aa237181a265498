package dev.otto.ot.sinkhorn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.otto.ot.cost.Cost;
import dev.otto.ot.cost.CostMatrix;
import dev.otto.ot.cost.GroundCost;
import dev.otto.ot.cost.PointCloudCost;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

/**
 * Sinkhorn's results are pinned bit for bit: every problem below was solved once and its outputs
 * (potentials, plan, marginal-error history as SHA-256 digests of their IEEE bit patterns; cost,
 * objective, marginal errors, eps as exact bit patterns; iteration count, convergence flag, method)
 * stored in {@code recorded-sinkhorn-<mode>.txt}. Any change to the order of a floating-point
 * operation in the solver shows up here, so a refactoring that claims "same results" is checked.
 *
 * <p>The problems reach every path of the solver (MATH.md section 1, "Entropic OT"): the streamed
 * log-domain iteration on an on-the-fly cost; the log-domain iteration on a stored cost with its
 * absorbed kernel, over-relaxation and re-absorption; the scaling iteration, including its
 * fall-back to the log domain when the kernel underflows; epsilon scaling (automatic and forced);
 * both stopping rules; skewed and zero weights, n != m, a mass mismatch within tolerance, warm
 * starts, and iteration limits that end a solve unconverged.
 *
 * <p>The fused kernel pass reduces rows with the Vector API when it is loaded, which rounds
 * differently from the plain loop, so there is one recording per mode: {@code plain}, and
 * {@code simd-L} for L double lanes (a machine with another vector width skips the SIMD check).
 * To record again (only when results are meant to change):
 * {@code mvn -B -pl ot test -Dtest=RecordedSinkhornTest -Dotto.record.sinkhorn=ot/src/test/resources/dev/otto/ot/sinkhorn}.
 */
class RecordedSinkhornTest {

    private static final String RECORD_PROPERTY = "otto.record.sinkhorn";

    @Test
    void solverReproducesTheRecordedOutputsBitForBit() throws IOException {
        Map<String, String> now = new LinkedHashMap<>();
        for (Map.Entry<String, Supplier<SinkhornResult>> e : problems().entrySet()) {
            now.put(e.getKey(), fingerprint(e.getValue().get()));
        }
        String file = "recorded-sinkhorn-" + mode() + ".txt";
        String dir = System.getProperty(RECORD_PROPERTY);
        if (dir != null && !dir.isEmpty()) {
            try (Writer w = Files.newBufferedWriter(Path.of(dir).resolve(file), StandardCharsets.UTF_8)) {
                for (Map.Entry<String, String> e : now.entrySet()) {
                    w.write(e.getKey() + " " + e.getValue() + "\n");
                }
            }
            return;
        }
        InputStream in = RecordedSinkhornTest.class.getResourceAsStream(file);
        if (!VectorSupport.ENABLED) {
            assertNotNull(in, file + ": the recording of the plain loops is missing");
        }
        assumeTrue(in != null, file + ": no recording for this vector width");
        Map<String, String> recorded = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                int sp = line.indexOf(' ');
                recorded.put(line.substring(0, sp), line.substring(sp + 1));
            }
        }
        assertEquals(recorded.keySet(), now.keySet(), "the recorded problem set");
        for (String name : recorded.keySet()) {
            assertEquals(recorded.get(name), now.get(name), name);
        }
    }

    private static String mode() {
        return VectorSupport.ENABLED ? "simd-" + jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.length() : "plain";
    }

    /** The problems, by name, in a fixed order. */
    static Map<String, Supplier<SinkhornResult>> problems() {
        Map<String, Supplier<SinkhornResult>> p = new LinkedHashMap<>();
        Cloud small = cloud(1, 40, 30, 2);
        Cloud big = cloud(2, 150, 130, 3);
        Cloud skew = cloud(3, 60, 90, 2);
        double[] skewA = skewed(5, 60, 3.0);
        double[] skewB = skewed(6, 90, 1.0);
        double[] zeroA = uniform(40);
        zeroA[3] = 0;
        zeroA[17] = 0;
        rescale(zeroA);
        double[] nearlyB = uniform(30);
        nearlyB[0] *= 1 + 1e-10;

        // streamed log domain (on-the-fly cost, no kernel memory)
        p.put("log-streamed-default", () -> Sinkhorn.logDomain().withKernelMemory(0).solve(small.a, small.b, small.lazy));
        p.put("log-streamed-pot-rule", () -> Sinkhorn.logDomain().withKernelMemory(0).withStoppingRule(Sinkhorn.StoppingRule.L2_EVERY_10)
                .withTolerance(1e-7).solve(small.a, small.b, small.lazy));
        p.put("log-streamed-auto-eps-scaling", () -> Sinkhorn.logDomain().withKernelMemory(0).withRelativeEpsilon(0.003)
                .solve(big.a, big.b, big.lazy));
        p.put("log-streamed-limit", () -> Sinkhorn.logDomain().withKernelMemory(0).withEpsilon(0.01).withMaxIterations(7)
                .solve(small.a, small.b, small.lazy));
        p.put("log-streamed-euclidean-skewed", () -> Sinkhorn.logDomain().withKernelMemory(0)
                .solve(skewA, skewB, PointCloudCost.of(skew.x, 60, skew.y, 90, 2, GroundCost.EUCLIDEAN, 1)));
        // log domain on a stored cost: absorbed kernel, over-relaxation, re-absorption
        p.put("log-stored-default", () -> Sinkhorn.logDomain().solve(big.a, big.b, big.stored));
        p.put("log-stored-relaxed-small-eps", () -> Sinkhorn.logDomain().withRelativeEpsilon(0.005)
                .withEpsilonScaling(false).solve(small.a, small.b, small.stored));
        p.put("log-stored-auto-eps-scaling", () -> Sinkhorn.logDomain().withRelativeEpsilon(0.001)
                .solve(big.a, big.b, big.stored));
        p.put("log-stored-pot-rule", () -> Sinkhorn.logDomain().withStoppingRule(Sinkhorn.StoppingRule.L2_EVERY_10)
                .withRelativeEpsilon(0.01).solve(big.a, big.b, big.stored));
        p.put("log-stored-pot-rule-limit", () -> Sinkhorn.logDomain().withStoppingRule(Sinkhorn.StoppingRule.L2_EVERY_10)
                .withRelativeEpsilon(0.002).withEpsilonScaling(false).withMaxIterations(333)
                .solve(small.a, small.b, small.stored));
        p.put("log-stored-limit", () -> Sinkhorn.logDomain().withRelativeEpsilon(0.002).withEpsilonScaling(false)
                .withMaxIterations(250).solve(skewA, skewB, skew.stored));
        p.put("log-stored-skewed", () -> Sinkhorn.logDomain().withRelativeEpsilon(0.02).solve(skewA, skewB, skew.stored));
        p.put("log-stored-zero-weights-mass-mismatch", () -> Sinkhorn.logDomain().solve(zeroA, nearlyB, small.stored));
        p.put("log-stored-warm-start", () -> {
            SinkhornResult coarse = Sinkhorn.logDomain().withRelativeEpsilon(0.1).solve(small.a, small.b, small.stored);
            return Sinkhorn.logDomain().withRelativeEpsilon(0.01).withWarmStart(coarse.f(), coarse.g())
                    .solve(small.a, small.b, small.stored);
        });
        p.put("log-stored-one-iteration", () -> Sinkhorn.logDomain().withMaxIterations(1)
                .solve(small.a, small.b, small.stored));
        p.put("log-stored-wide-range", () -> Sinkhorn.logDomain().withEpsilon(1e-3).withEpsilonScaling(false)
                .withMaxIterations(400).solve(small.a, small.b, wideRange(7, 40, 30)));
        p.put("log-stored-degenerate-cost", () -> Sinkhorn.logDomain().withRelativeEpsilon(0.003)
                .withEpsilonScaling(false).solve(uniform(50), uniform(45), degenerate(50, 45)));
        // scaling
        p.put("scaling-default", () -> Sinkhorn.scaling().solve(big.a, big.b, big.stored));
        p.put("scaling-pot-rule", () -> Sinkhorn.scaling().withStoppingRule(Sinkhorn.StoppingRule.L2_EVERY_10)
                .solve(big.a, big.b, big.stored));
        p.put("scaling-pot-rule-warm", () -> Sinkhorn.scaling().withStoppingRule(Sinkhorn.StoppingRule.L2_EVERY_10)
                .withWarmStart(new double[40], new double[30]).withMaxIterations(55).solve(small.a, small.b, small.stored));
        p.put("scaling-limit", () -> Sinkhorn.scaling().withRelativeEpsilon(0.01).withMaxIterations(12)
                .solve(skewA, skewB, skew.stored));
        p.put("scaling-lazy-cost", () -> Sinkhorn.scaling().solve(small.a, small.b, small.lazy));
        p.put("scaling-underflow-to-log", () -> Sinkhorn.scaling().withEpsilon(1e-4).withEpsilonScaling(false)
                .withMaxIterations(300).solve(small.a, small.b, small.stored));
        p.put("scaling-overflow-to-log", () -> Sinkhorn.scaling().withEpsilon(0.1)
                .withWarmStart(new double[40], constant(30, 1e3)).withMaxIterations(200)
                .solve(small.a, small.b, small.stored));
        p.put("scaling-eps-scaling", () -> Sinkhorn.scaling().withRelativeEpsilon(0.004).solve(skewA, skewB, skew.stored));
        p.put("scaling-forced-eps-scaling", () -> Sinkhorn.scaling().withEpsilonScaling(true)
                .solve(zeroA, nearlyB, small.stored));
        p.put("scaling-one-iteration", () -> Sinkhorn.scaling().withMaxIterations(1).solve(small.a, small.b, small.stored));
        return p;
    }

    /** Uniform weights and a squared-Euclidean cost between two Gaussian clouds, lazy and stored. */
    private static Cloud cloud(long seed, int n, int m, int d) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = gaussian(rng, n * d, 0);
        double[] y = gaussian(rng, m * d, 0.7);
        PointCloudCost lazy = PointCloudCost.of(x, n, y, m, d, GroundCost.SQUARED_EUCLIDEAN, 2);
        return new Cloud(x, y, uniform(n), uniform(m), lazy, CostMatrix.of(lazy));
    }

    private static double[] gaussian(SplittableRandom rng, int k, double shift) {
        double[] v = new double[k];
        for (int i = 0; i < k; i++) {
            double u1 = rng.nextDouble();
            double u2 = rng.nextDouble();
            v[i] = shift + Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
        }
        return v;
    }

    /** Weights proportional to exp(spread * N(0,1)), summing to 1. */
    private static double[] skewed(long seed, int n, double spread) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] w = gaussian(rng, n, 0);
        for (int i = 0; i < n; i++) {
            w[i] = Math.exp(spread * w[i]);
        }
        rescale(w);
        return w;
    }

    /** A stored cost spanning seven orders of magnitude (uniform exponents in [-3, 4]). */
    private static Cost wideRange(long seed, int n, int m) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] c = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                c[i][j] = Math.pow(10, -3 + 7 * rng.nextDouble());
            }
        }
        return CostMatrix.of(c);
    }

    /**
     * C_ij = (i j mod 3): many optimal plans, so Sinkhorn's rate is close to 1 and over-relaxation
     * stalls and falls back to plain updates.
     */
    private static Cost degenerate(int n, int m) {
        double[][] c = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                c[i][j] = (i * j) % 3;
            }
        }
        return CostMatrix.of(c);
    }

    private static double[] constant(int n, double v) {
        double[] w = new double[n];
        java.util.Arrays.fill(w, v);
        return w;
    }

    private static double[] uniform(int n) {
        double[] w = new double[n];
        return constant(n, 1.0 / n);
    }

    private static void rescale(double[] w) {
        double s = 0;
        for (double v : w) {
            s += v;
        }
        for (int i = 0; i < w.length; i++) {
            w[i] /= s;
        }
    }

    /** The outputs of a solve as one line: exact scalars, then digests of the arrays. */
    static String fingerprint(SinkhornResult r) {
        List<String> parts = new ArrayList<>();
        parts.add("method=" + r.method());
        parts.add("iterations=" + r.iterations());
        parts.add("converged=" + r.converged());
        parts.add("eps=" + bits(r.epsilon()));
        parts.add("cost=" + bits(r.transportCost()));
        parts.add("objective=" + bits(r.objective()));
        parts.add("rowError=" + bits(r.rowMarginalError()));
        parts.add("colError=" + bits(r.columnMarginalError()));
        parts.add("f=" + digest(r.f()));
        parts.add("g=" + digest(r.g()));
        parts.add("errors=" + digest(r.marginalErrors()));
        double[] flat = new double[r.n() * r.m()];
        double[] row = new double[r.m()];
        for (int i = 0; i < r.n(); i++) {
            r.planRow(i, row);
            System.arraycopy(row, 0, flat, i * r.m(), r.m());
        }
        parts.add("plan=" + digest(flat));
        return String.join(" ", parts);
    }

    private static String bits(double v) {
        return Long.toHexString(Double.doubleToRawLongBits(v));
    }

    private static String digest(double[] v) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (double x : v) {
                long l = Double.doubleToRawLongBits(x);
                for (int k = 0; k < 8; k++) {
                    md.update((byte) (l >>> (8 * k)));
                }
            }
            StringBuilder sb = new StringBuilder();
            for (byte b : md.digest()) {
                sb.append(String.format("%02x", b));
            }
            return sb.substring(0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    private record Cloud(double[] x, double[] y, double[] a, double[] b, PointCloudCost lazy, CostMatrix stored) {
    }
}
