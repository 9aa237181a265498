package dev.otto.bench.ot;

import dev.otto.bench.PeerProcess;
import dev.otto.ot.cost.CostMatrix;
import dev.otto.ot.cost.PointCloudCost;
import dev.otto.ot.exact.NetworkSimplex;
import dev.otto.ot.sinkhorn.Sinkhorn;
import dev.otto.ot.sinkhorn.SinkhornResult;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Log-domain Sinkhorn at small eps (MATH.md section 1, "Entropic OT"): eps = 1e-3 mean(C) on the
 * peer-comparison clouds (x ~ N(0, I_d), y ~ N(1, I_d), uniform weights, C = |x - y|^2), with
 * Otto's defaults (epsilon scaling on below 0.01 mean(C), the small-eps default tolerance of
 * {@link Sinkhorn#defaultTolerance}, at most 10,000 iterations), the exact OT for the entropic
 * bound, and POT 0.8.2's ot.sinkhorn (methods sinkhorn and sinkhorn_log, at most 1000 iterations)
 * on the same clouds. Not part of the test build.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar
 * dev.otto.bench.ot.SmallEpsilonRun [1000:2,1000:10,2000:2,2000:10] [pot|nopot]}.
 */
public final class SmallEpsilonRun {

    private SmallEpsilonRun() {
    }

    public static void main(String[] args) throws Exception {
        String spec = args.length > 0 ? args[0] : "1000:2,1000:10,2000:2,2000:10";
        boolean pot = args.length < 2 || args[1].equals("pot");
        Path dir = Files.createTempDirectory("otto-ot-small");
        List<String> potCases = new ArrayList<>();
        System.out.println("| n | d | Otto s | iters | converged | tolerance (rel.) | L1 row err | L1 col err | <C,P> | <C,P> - OT | eps (H(a)+H(b)) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (String c : spec.split(",")) {
            String[] f = c.split(":");
            int n = Integer.parseInt(f[0]);
            int d = Integer.parseInt(f[1]);
            double[][][] xy = OtPeerComparison.clouds(n, d, 0);
            OtPeerComparison.writeNpy(dir.resolve("x_" + n + "_" + d + ".npy"), xy[0]);
            OtPeerComparison.writeNpy(dir.resolve("y_" + n + "_" + d + ".npy"), xy[1]);
            potCases.add("small_sinkhorn:" + n + ":" + d + ":1");
            potCases.add("small_sinkhorn_log:" + n + ":" + d + ":1");
            CostMatrix cost = CostMatrix.of(PointCloudCost.squaredEuclidean(xy[0], xy[1]));
            double[] w = new double[n];
            Arrays.fill(w, 1.0 / n);
            double eps = 1e-3 * OtPeerComparison.mean(cost.data());
            long t0 = System.nanoTime();
            SinkhornResult r = Sinkhorn.logDomain().withEpsilon(eps).solve(w, w, cost);
            double t = (System.nanoTime() - t0) / 1e9;
            double ot = new NetworkSimplex().solve(w, w, cost).cost();
            double tol = Sinkhorn.defaultTolerance(w, w, cost, eps);
            System.out.printf("| %d | %d | %.2f | %d | %s | %.1e | %.1e | %.1e | %.9f | %.2e | %.2e |%n", n, d, t, r.iterations(),
                    r.converged(), tol, r.rowMarginalError(), r.columnMarginalError(), r.transportCost(),
                    r.transportCost() - ot, eps * 2 * Math.log(n));
        }
        if (!pot) {
            return;
        }
        List<String> cmd = new ArrayList<>(Arrays.asList(System.getProperty("otto.python", "/usr/bin/python3"),
                System.getProperty("otto.potScript", "bench/peers/ot_pot.py"), dir.toString()));
        cmd.addAll(potCases);
        Process proc = PeerProcess.of(cmd).start();
        System.out.println();
        System.out.println("| POT 0.8.2 method | n | d | s | iters | L1 marginal error | <G,M> | warnings |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        try (BufferedReader rd = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = rd.readLine()) != null) {
                String[] t = line.trim().split("\\s+");
                System.out.printf("| %s | %s | %s | %.2f | %s | %s | %s | %s |%n", t[0].substring(6), t[1], t[2],
                        Double.parseDouble(t[3]), t[5], t[6], t[4], t[7]);
            }
        }
        proc.waitFor();
    }
}
