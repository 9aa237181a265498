package dev.otto.bench.interpolation.cfm;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.io.Npy;
import dev.otto.flows.metrics.TensorTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The table of the benchmark: {@code CfmTable DATA OUT} scores every model of OUT/runs.tsv, both
 * sides with the same code: W2 = sqrt of the exact-OT cost (network simplex, |x - y|^2, uniform
 * weights; MATH.md sections 1 and 7) between its 1,000 transported test source rows and the 1,000
 * target test rows of its (task, seed). Per task and method it prints the mean and sample standard
 * deviation of W2 over the seeds, the median wall seconds per run, Otto's time over PyTorch's for
 * the same method, whether Otto's mean W2 is within PyTorch's mean plus one standard deviation, and
 * Otto's test NLL; then reflow's straightness and few-step errors (OUT/reflow.tsv).
 */
public final class CfmTable {

    private static final List<String> METHODS = List.of("icfm", "otcfm", "fm", "reflow");

    private CfmTable() {
    }

    /** The seed statistics of one (side, task, method). */
    private record Cell(double[] w2, double[] seconds, double[] nll) {
        String w2Text() {
            return f(mean(w2)) + " ± " + f(sd(w2));
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: CfmTable DATA OUT");
        }
        Path data = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Map<String, List<double[]>> rows = new LinkedHashMap<>();
        List<String> tasks = new ArrayList<>();
        for (CfmRecord r : CfmRecord.readAll(out)) {
            Tensor test = CfmSplit.read(CfmSplit.folder(data, CfmTask.byName(r.task()), r.seed())).test();
            double w2 = TensorTransport.w2(Npy.read(out.resolve(r.samples())), test);
            rows.computeIfAbsent(key(r.side(), r.task(), r.method()), k -> new ArrayList<>())
                    .add(new double[] {w2, r.seconds(), r.nll()});
            if (!tasks.contains(r.task())) {
                tasks.add(r.task());
            }
        }
        System.out.println("| task | method | Otto W2 (mean ± sd) | PyTorch W2 (mean ± sd) | Otto s/run | PyTorch s/run"
                + " | time Otto/PyTorch | Otto W2 within PyTorch mean + sd | Otto NLL (nats) | seeds |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (String task : tasks) {
            for (String method : METHODS) {
                Cell o = cell(rows.get(key("otto", task, method)));
                Cell t = cell(rows.get(key("torch", task, method)));
                if (o == null && t == null) {
                    continue;
                }
                String ratio = o != null && t != null ? f(median(o.seconds) / median(t.seconds)) : "-";
                String within = o != null && t != null
                        ? (mean(o.w2) <= mean(t.w2) + sd(t.w2) ? "yes" : "no") : "-";
                String nll = o == null || Double.isNaN(mean(o.nll)) ? "-" : f(mean(o.nll)) + " ± " + f(sd(o.nll));
                int seeds = Math.max(o == null ? 0 : o.w2.length, t == null ? 0 : t.w2.length);
                System.out.println("| " + task + " | " + method + " | " + (o == null ? "-" : o.w2Text()) + " | "
                        + (t == null ? "-" : t.w2Text()) + " | " + (o == null ? "-" : f(median(o.seconds))) + " | "
                        + (t == null ? "-" : f(median(t.seconds))) + " | " + ratio + " | " + within + " | " + nll
                        + " | " + seeds + " |");
            }
        }
        printReflow(out.resolve("reflow.tsv"));
    }

    private static void printReflow(Path file) throws Exception {
        if (!Files.exists(file)) {
            return;
        }
        Map<String, List<double[]>> byTask = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split("\t");
            double[] v = Arrays.stream(f, 2, f.length).mapToDouble(Double::parseDouble).toArray();
            byTask.computeIfAbsent(f[0], k -> new ArrayList<>()).add(v);
        }
        System.out.println();
        System.out.println("Reflow (one round), mean over seeds: straightness E|x_1 - x_0| / path length"
                + " (RK4 x 32) and E|x_Euler - x_RK4x256|^2 for 1, 2, 4 Euler steps, before -> after");
        System.out.println("| task | straightness | 1 Euler step | 2 Euler steps | 4 Euler steps | seeds |");
        System.out.println("|---|---|---|---|---|---|");
        for (Map.Entry<String, List<double[]>> e : byTask.entrySet()) {
            StringBuilder row = new StringBuilder("| " + e.getKey());
            for (int c = 0; c < 4; c++) {
                int col = c;
                double before = e.getValue().stream().mapToDouble(v -> v[col]).average().orElse(Double.NaN);
                double after = e.getValue().stream().mapToDouble(v -> v[4 + col]).average().orElse(Double.NaN);
                row.append(" | ").append(f(before)).append(" -> ").append(f(after));
            }
            System.out.println(row + " | " + e.getValue().size() + " |");
        }
    }

    private static String key(String side, String task, String method) {
        return side + "/" + task + "/" + method;
    }

    private static Cell cell(List<double[]> runs) {
        if (runs == null) {
            return null;
        }
        return new Cell(runs.stream().mapToDouble(r -> r[0]).toArray(), runs.stream().mapToDouble(r -> r[1]).toArray(),
                runs.stream().mapToDouble(r -> r[2]).toArray());
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    /** The sample standard deviation (n - 1), 0 for one value. */
    private static double sd(double[] v) {
        if (v.length < 2) {
            return 0;
        }
        double m = mean(v);
        return Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / (v.length - 1));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, Math.abs(v) < 1e-3 && v != 0 ? "%.2e" : "%.3f", v);
    }
}
