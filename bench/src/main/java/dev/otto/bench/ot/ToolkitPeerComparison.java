package dev.otto.bench.ot;

import dev.otto.ot.FreeSupportBarycenter;
import dev.otto.ot.SlicedWasserstein;
import dev.otto.ot.TransportBatch;
import dev.otto.ot.cost.Cost;
import dev.otto.ot.cost.CostMatrix;
import dev.otto.ot.cost.PointCloudCost;
import dev.otto.ot.sinkhorn.EntropicBarycenter;
import dev.otto.ot.sinkhorn.EntropicPartialResult;
import dev.otto.ot.sinkhorn.EntropicPartialTransport;
import dev.otto.ot.sinkhorn.Sinkhorn;
import dev.otto.ot.sinkhorn.UnbalancedResult;
import dev.otto.ot.sinkhorn.UnbalancedSinkhorn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Side-by-side timing of the transport toolkit (sliced Wasserstein, unbalanced Sinkhorn,
 * free-support barycenter, batches of small problems; MATH.md section 1) against POT 0.8.2 on the
 * same clouds in the same run, POT first on each case. Cases are {@code solver:n:d:reps} as in
 * {@code bench/peers/ot_toolkit_pot.py} ({@code entropic_barycenter:n:d:reps:H} also takes the
 * number of histograms, 2 by default), whose docstring fixes each peer call; the sliced case
 * hands POT Otto's 200 seeded directions, so both compute the same number. Prints a markdown
 * table of median seconds and ratios Otto / POT (below 1: Otto is faster), with each side's value,
 * and to the error stream each side's CPU time per rep (every thread of the process: POT's median,
 * Otto's mean, as the JVM's process clock ticks in 10 ms steps), which a loaded machine disturbs
 * far less than the wall time.
 * Conventions that differ are in the value column: POT's unbalanced entropy is sum P log P, Otto's
 * KL(P | a b^T), so the plans differ (the cost of an iteration does not). Otto's {@code unbalanced}
 * runs its kernel (scaling) form against POT's {@code method="sinkhorn"}, {@code unbalanced_log} its
 * log domain against POT's {@code sinkhorn_stabilized} (with the threshold the peer's docstring
 * explains); for both, each side's accuracy at the stop (the potentials' move in one more sweep,
 * over eps) goes to the error stream; {@code partial} runs the log-domain
 * {@link EntropicPartialTransport} of mass 0.5 against POT's {@code entropic_partial_wasserstein}
 * (with uniform weights the two entropies differ by a constant, so the plans agree).
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar
 * dev.otto.bench.ot.ToolkitPeerComparison [cases]}.
 */
public final class ToolkitPeerComparison {

    private static final int DIRECTIONS = 200;
    /** Warm-up runs of each case before timing: at least, and at most ({@link #warmUp}). */
    private static final int MIN_WARM_UP = 3;
    private static final int MAX_WARM_UP = 30;
    /** CPU time of the whole JVM (every thread, the JIT's and the collector's included). */
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    private ToolkitPeerComparison() {
    }

    public static void main(String[] args) throws Exception {
        String spec = args.length > 0 ? args[0]
                : "sliced:10000:3:5,unbalanced:1000:2:3,unbalanced_log:1000:2:3,barycenter:500:2:3,batch:50:2:3";
        String python = System.getProperty("otto.python", "/usr/bin/python3");
        String script = System.getProperty("otto.potScript", "bench/peers/ot_toolkit_pot.py");
        Path dir = Files.createTempDirectory("otto-ot-toolkit-bench");
        List<String[]> cases = new ArrayList<>();
        for (String c : spec.split(",")) {
            String[] f = c.split(":");
            cases.add(f);
            int n = Integer.parseInt(f[1]);
            int d = Integer.parseInt(f[2]);
            double[][][] xy = OtPeerComparison.clouds(n, d, 0);
            OtPeerComparison.writeNpy(dir.resolve("x_" + n + "_" + d + ".npy"), xy[0]);
            OtPeerComparison.writeNpy(dir.resolve("y_" + n + "_" + d + ".npy"), xy[1]);
            OtPeerComparison.writeNpy(dir.resolve("theta_" + d + ".npy"), SlicedWasserstein.directions(DIRECTIONS, d, 0));
        }
        System.out.println("| solver | n | d | POT median s | Otto median s | ratio Otto/POT | POT value | Otto value | POT iters | Otto iters |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (String[] f : cases) {
            int n = Integer.parseInt(f[1]);
            int d = Integer.parseInt(f[2]);
            int reps = Integer.parseInt(f[3]);
            double[][][] xy = OtPeerComparison.clouds(n, d, 0);
            Supplier<double[]> run = f[0].equals("entropic_barycenter")
                    ? entropicBarycenter(xy[0], f.length > 4 ? Integer.parseInt(f[4]) : 2)
                    : otto(f[0], xy[0], xy[1]);
            warmUp(run);
            String[] p = OtPeerComparison.runPot(python, script, dir, String.join(":", f));
            double[] times = new double[reps];
            double[] out = null;
            long c0 = PROCESS.getProcessCpuTime();
            for (int k = 0; k < reps; k++) {
                long t0 = System.nanoTime();
                out = run.get();
                times[k] = (System.nanoTime() - t0) / 1e9;
            }
            // the process clock ticks in 10 ms steps here: a mean over the reps, not a median
            double cpu = (PROCESS.getProcessCpuTime() - c0) / 1e9 / reps;
            Arrays.sort(times);
            double med = times[reps / 2];
            double pt = Double.parseDouble(p[3]);
            String solver = f.length > 4 ? f[0] + " H=" + f[4] : f[0];
            System.out.printf("| %s | %d | %d | %.4f | %.4f | %.2f | %s | %.12g | %s | %d |%n", solver, n, d, pt, med,
                    med / pt, p[4], out[0], p[5], (long) out[1]);
            String potCpu = field(p, "cpu=");
            System.err.printf("CPU %s: POT %s s (median), Otto %.4f s (mean), ratio %s%n", solver, potCpu, cpu,
                    potCpu.equals("-") ? "-" : String.format("%.2f", cpu / Double.parseDouble(potCpu)));
            if (out.length > 2) {
                // the accuracy each side stopped at, in the same measure
                System.err.printf("Otto %s: last sweep moved the potentials by %.3g eps; POT's one more sweep: %s eps%n",
                        solver, out[2], field(p, "change="));
            }
        }
    }

    /**
     * Runs the case until the JIT is done with it: at least {@value #MIN_WARM_UP} runs, then until
     * a run during which nothing was compiled (at most {@value #MAX_WARM_UP} runs). One run was the
     * rule before, and a 1000-point unbalanced solve then still ran partly interpreted or beside
     * the compiler threads for several timed reps (one JVM, load 10: 906, 275, 229, 288, 188, 126,
     * 408, 503, 63, 52, 44, 42 ms for runs 1 to 12), which timed the JIT, not the solver; POT has
     * nothing to warm.
     */
    static void warmUp(Supplier<double[]> run) {
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        for (int k = 0; k < MAX_WARM_UP; k++) {
            long compiled = jit.getTotalCompilationTime();
            run.get();
            if (k + 1 >= MIN_WARM_UP && jit.getTotalCompilationTime() == compiled) {
                System.err.println("warm after " + (k + 1) + " runs");
                return;
            }
        }
        System.err.println("still compiling after " + MAX_WARM_UP + " warm-up runs");
    }


    /** The value of the peer's {@code key=value} field, or "-". */
    private static String field(String[] peer, String key) {
        for (String f : peer) {
            if (f.startsWith(key)) {
                return f.substring(key.length());
            }
        }
        return "-";
    }

    /**
     * Otto's side of {@code entropic_barycenter:n:d:reps[:H]}: the kernel form on the fixed support
     * x, all H histograms on the one cost |x_i - x_j|^2 (one symmetric kernel), eps = 0.05 mean(C),
     * uniform weights 1/H; histogram 0 uniform, histogram k &gt;= 1 proportional to
     * exp(-|x_i - s_k 1|^2) with s_k = 1, -1, 1/2, -1/2, 1/3, ... (H = 2: uniform and s = 1, as
     * before the H field). Value sum_i a_i |x_i|^2, as the peer's docstring.
     */
    static Supplier<double[]> entropicBarycenter(double[][] x, int histograms) {
        if (histograms < 1) {
            throw new IllegalArgumentException("case: entropic_barycenter needs H >= 1 histograms, got " + histograms);
        }
        int n = x.length;
        CostMatrix c = CostMatrix.of(PointCloudCost.squaredEuclidean(x, x));
        double eps = 0.05 * OtPeerComparison.mean(c.data());
        Cost[] costs = new Cost[histograms];
        double[][] b = new double[histograms][n];
        double[] square = new double[n];
        Arrays.fill(b[0], 1.0 / n);
        for (int k = 0; k < histograms; k++) {
            costs[k] = c;
            double shift = k == 0 ? 0 : (k % 2 == 1 ? 1.0 : -1.0) / ((k + 1) / 2);
            for (int i = 0; k > 0 && i < n; i++) {
                double s = 0;
                for (double v : x[i]) {
                    s += (v - shift) * (v - shift);
                }
                b[k][i] = Math.exp(-s);
            }
        }
        for (int i = 0; i < n; i++) {
            for (double v : x[i]) {
                square[i] += v * v;
            }
        }
        return () -> {
            EntropicBarycenter.Result r = EntropicBarycenter.solveScaling(costs, b, null, eps, 1e-9, 10_000);
            double m2 = 0;
            for (int i = 0; i < n; i++) {
                m2 += r.weights()[i] * square[i];
            }
            return new double[] {m2, r.iterations()};
        };
    }

    /** Otto's side of a case: returns {value, iterations}. */
    private static Supplier<double[]> otto(String solver, double[][] x, double[][] y) {
        int n = x.length;
        switch (solver) {
            case "sliced": {
                double[][] dirs = SlicedWasserstein.directions(DIRECTIONS, x[0].length, 0);
                return () -> new double[] {SlicedWasserstein.slices(x, null, y, null, 2, dirs).sliced(), -1};
            }
            case "unbalanced":
            case "unbalanced_log": {
                CostMatrix c = CostMatrix.of(PointCloudCost.squaredEuclidean(x, y));
                double mean = OtPeerComparison.mean(c.data());
                double[] w = new double[n];
                Arrays.fill(w, 1.0 / n);
                Sinkhorn.Method method = solver.equals("unbalanced") ? Sinkhorn.Method.SCALING : Sinkhorn.Method.LOG_DOMAIN;
                return () -> {
                    UnbalancedResult r = UnbalancedSinkhorn.withPenalty(mean).withEpsilon(0.05 * mean).withTolerance(1e-9)
                            .withMethod(method).solve(w, w, c);
                    double[] changes = r.potentialChanges();
                    return new double[] {r.transportCost(), r.iterations(), changes[changes.length - 1]};
                };
            }
            case "partial": {
                CostMatrix c = CostMatrix.of(PointCloudCost.squaredEuclidean(x, y));
                double mean = OtPeerComparison.mean(c.data());
                double[] w = new double[n];
                Arrays.fill(w, 1.0 / n);
                return () -> {
                    EntropicPartialResult r = EntropicPartialTransport.create().withEpsilon(0.05 * mean)
                            .withTolerance(1e-9).solve(w, w, c, 0.5);
                    return new double[] {r.transportCost(), r.iterations()};
                };
            }
            case "barycenter":
                return () -> {
                    FreeSupportBarycenter.Result r = FreeSupportBarycenter.create().withTolerance(1e-7)
                            .solve(new double[][][] {x, y}, null, null, x, null);
                    double s = 0;
                    for (double[] row : r.support()) {
                        for (double v : row) {
                            s += Math.abs(v);
                        }
                    }
                    return new double[] {s, r.iterations()};
                };
            case "batch": {
                List<TransportBatch.Problem> batch = new ArrayList<>();
                for (int k = 0; k < 1000; k++) {
                    double[][] xs = new double[n][];
                    for (int i = 0; i < n; i++) {
                        xs[i] = x[i].clone();
                        for (int q = 0; q < xs[i].length; q++) {
                            xs[i][q] += 0.001 * k;
                        }
                    }
                    batch.add(TransportBatch.Problem.uniform(xs, y));
                }
                return () -> new double[] {Arrays.stream(TransportBatch.wpp(batch, 2)).sum(), -1};
            }
            default:
                throw new IllegalArgumentException("case: unknown solver " + solver);
        }
    }
}
