package dev.otto.bench.interpolation.cfm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One trained model of the benchmark, as both sides append it to {@code runs.tsv}: the side
 * ({@code otto} or {@code torch}), task, seed, method, training iterations, wall seconds (training
 * plus transporting the 1,000 test source rows, in the process, after start-up and data loading),
 * the test NLL in nats (NaN where no density is defined or computed) and the file of the transported
 * test rows, relative to the folder of runs.tsv. {@link CfmTable} scores the samples.
 */
record CfmRecord(String side, String task, long seed, String method, int iterations, double seconds, double nll,
                 String samples) {

    static final String FILE = "runs.tsv";

    /** The file name of a run's transported test rows. */
    static String samplesName(String side, String task, long seed, String method) {
        return side + "-" + method + "-" + task + "-" + seed + ".npy";
    }

    void append(Path dir) throws IOException {
        String line = String.join("\t", side, task, Long.toString(seed), method, Integer.toString(iterations),
                String.format(Locale.ROOT, "%.4f", seconds), Double.isNaN(nll) ? "nan"
                        : String.format(Locale.ROOT, "%.6f", nll), samples) + "\n";
        Files.writeString(dir.resolve(FILE), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    static List<CfmRecord> readAll(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        List<String> lines = Files.readAllLines(file);
        return lines.stream().filter(l -> !l.isBlank()).map(l -> {
            String[] f = l.split("\t");
            if (f.length != 8) {
                throw new IllegalArgumentException(file + ": expected 8 tab-separated fields, got " + f.length
                        + " in '" + l + "'");
            }
            return new CfmRecord(f[0], f[1], Long.parseLong(f[2]), f[3], Integer.parseInt(f[4]),
                    Double.parseDouble(f[5]), f[6].equals("nan") ? Double.NaN : Double.parseDouble(f[6]), f[7]);
        }).toList();
    }

    /** The tasks a command line names: comma-separated, or {@code all}. */
    static List<CfmTask> tasks(String arg) {
        return arg.equals("all") ? CfmTask.all() : Arrays.stream(arg.split(",")).map(CfmTask::byName).toList();
    }

    /** The seeds a command line names, comma-separated. */
    static long[] seeds(String arg) {
        try {
            return Arrays.stream(arg.split(",")).mapToLong(Long::parseLong).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("seeds: expected comma-separated integers, got '" + arg + "'");
        }
    }
}
