package dev.otto.cli.commands;

import dev.otto.cli.BadInputException;
import dev.otto.cli.Interrupt;
import dev.otto.cli.LossHistory;
import dev.otto.cli.ProgressBar;
import dev.otto.cli.RunFailedException;
import dev.otto.cli.eval.Certification;
import dev.otto.cli.eval.Evaluation;
import dev.otto.cli.io.DataSource;
import dev.otto.cli.io.Models;
import dev.otto.cli.io.StagedOutputs;
import dev.otto.cli.report.ModelReport;
import dev.otto.cli.report.Report;
import dev.otto.flows.certificate.Certificate;
import dev.otto.flows.metrics.Measurement;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code otto demo}: trains the three families on the same 2-D data (about two minutes on two
 * quiet cores at the default scale), certifies each (the certificate tables are printed, recorded in the
 * model files and shown in the report), prints their figures side by side and writes a report
 * folder with the charts, metrics.json and the three model files (usable with {@code otto sample},
 * {@code otto eval} and {@code otto certify}). A failed check still writes everything and exits 1.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Train a JKO flow, a Gaussian interpolation flow and a W1/W2 proximal flow on 2-D data and write"
                + " a report (index.html with charts, metrics.json, the models).")
public final class DemoCommand implements Callable<Integer> {

    /**
     * Iterations of each family at scale 1 (JKO: per block, 4 blocks), chosen on the measured quality
     * against time of each family (bench/README.md, "The demo's budget"): the proximal family gets
     * most of the time the faster steps freed, the interpolation family the rest.
     */
    static final int JKO_ITERATIONS = 80;
    static final int INTERP_ITERATIONS = 12000;
    static final int PROX_ITERATIONS = 1400;

    /**
     * The proximal family's learning rates in the demo: three times the reference rates of MATH.md
     * section 6 (2e-5 for the discriminator, 1e-4 for the generator; seed paper 2, section 5, set
     * for 25,000 iterations), annealed by a cosine to 5% of that over the run. At the reference
     * rates the game still moves after the demo's 1,400 iterations and its W2 circles around a
     * plateau; the larger rates reach that plateau in a few hundred and the annealing lets the
     * iterates settle below it. Not the paper's algorithm ({@code otto train prox} keeps the
     * paper's constant rates unless asked).
     */
    static final List<String> PROX_LEARNING_RATES = List.of("--discriminator-lr", "6e-5", "--lr", "3e-4",
            "--lr-decay", "0.05");

    @Option(names = "--data", defaultValue = "8gaussians",
            description = "Built-in 2-D distribution, .npy/.csv file or .png/.jpg picture (default ${DEFAULT-VALUE}).")
    String data;

    @Option(names = {"-o", "--out"}, defaultValue = "otto-demo", paramLabel = "DIR",
            description = "Report folder (default ${DEFAULT-VALUE}); replaced when the demo completes.")
    Path out;

    @Option(names = "--scale", defaultValue = "1.0",
            description = "Multiplies every training length (0.05 for a smoke test, 4 for better models; default ${DEFAULT-VALUE}).")
    double scale;

    @Option(names = "--eval-samples", defaultValue = "1000", description = "Samples behind the figures (default ${DEFAULT-VALUE}).")
    int evalSamples;

    @Option(names = "--seed", defaultValue = "0", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    HeaderOption csv;

    @Option(names = "--quiet", description = "No progress bars.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw BadInputException.of("--scale", "expected a finite factor > 0, got " + scale);
        }
        if (evalSamples < 2) {
            throw BadInputException.of("--eval-samples", "expected at least 2, got " + evalSamples);
        }
        DataSource d = DataSource.parse("--data", data, csv.reading(spec.commandLine().getErr()));
        if (d.dimension() != 2) {
            throw BadInputException.of("--data", d.name() + " has dimension " + d.dimension() + "; the demo draws 2-D"
                    + " data (use otto train for other dimensions)");
        }
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, List<Measurement>> table = new LinkedHashMap<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        RunFailedException failed = null;
        try (StagedOutputs staged = new StagedOutputs()) {
            Path dir = staged.directory("--out", out);
            Path models = Files.createDirectory(dir.resolve("models"));
            Report report = new Report(dir, "Otto demo: three flows on " + d.name());
            report.note("overview", "Each family trained on " + d.name() + " (seed " + seed + ", scale " + scale
                    + "); the figures compare " + evalSamples + " data samples with as many generated ones. Models are in"
                    + " models/ (otto sample, otto eval read them).");
            for (FamilyTraining family : families(d.name())) {
                String title = family.title(d);
                LossHistory history = new LossHistory(250);
                ProgressBar bar = ProgressBar.onStandardError("demo " + family.label(), err);
                long t0 = System.nanoTime();
                Trained t;
                try {
                    t = family.train(d, quiet ? history : LossHistory.both(bar, history),
                            models.resolve(family.label() + ".checkpoint"), false);
                } finally {
                    bar.finish();
                }
                if (Interrupt.requested()) {
                    throw new RunFailedException("interrupted; no report written");
                }
                seconds.put(title, (System.nanoTime() - t0) / 1e9);
                Files.deleteIfExists(models.resolve(family.label() + ".checkpoint"));
                Path model = models.resolve(family.label() + ".safetensors");
                t.writer().save(model);
                o.println(title + ":");
                Certificate certificate = new Certification(evalSamples, seed).record(model, Models.load("--out", model),
                        d, data, null, o);
                if (!certificate.passed() && failed == null) {
                    failed = Certification.failure(certificate, out.resolve("models").resolve(model.getFileName()).toString());
                }
                ModelReport section = new ModelReport(report, title, family.label());
                List<Measurement> figures = section.addModel(t.flow(), d, new Evaluation(evalSamples, evalSamples, seed));
                report.metric(title, "training seconds", seconds.get(title), "wall time of training on this machine");
                if (t.failure() != null) {
                    report.note(title, "Training stopped early: " + t.failure());
                }
                section.addLosses(history, family.lossPanels());
                t.extras().add(section, history);
                section.addCertificate(certificate);
                table.put(title, figures);
            }
            report.write();
            staged.commit();
        }
        print(o, table, seconds);
        o.println("report: " + out.resolve("index.html"));
        if (failed != null) {
            throw failed;
        }
        return 0;
    }

    /** The three trainers, set up as {@code otto train} would be with the demo's options. */
    List<FamilyTraining> families(String dataName) {
        List<FamilyTraining> f = new ArrayList<>();
        f.add(populate(new TrainJko(), dataName, JKO_ITERATIONS, "--blocks", "4"));
        f.add(populate(new TrainInterp(), dataName, INTERP_ITERATIONS));
        f.add(populate(new TrainProx(), dataName, PROX_ITERATIONS, PROX_LEARNING_RATES.toArray(new String[0])));
        return f;
    }

    private <T extends FamilyTraining> T populate(T family, String dataName, int iterations, String... extra) {
        List<String> args = new ArrayList<>(List.of("--data", dataName, "--out", "unused.safetensors", "--seed",
                Long.toString(seed), "--iterations", Integer.toString(Math.max(2, (int) Math.round(iterations * scale)))));
        args.addAll(List.of(extra));
        return CommandLine.populateCommand(family, args.toArray(new String[0]));
    }

    private static void print(PrintWriter o, Map<String, List<Measurement>> table, Map<String, Double> seconds) {
        List<String> names = new ArrayList<>();
        table.values().forEach(list -> list.forEach(m -> {
            if (!names.contains(m.metric())) {
                names.add(m.metric());
            }
        }));
        StringBuilder h = new StringBuilder(String.format(Locale.ROOT, "%-44s %9s", "model", "train s"));
        names.forEach(n -> h.append(String.format(Locale.ROOT, " %14s", n.length() > 14 ? n.substring(0, 14) : n)));
        o.println(h);
        table.forEach((model, figures) -> {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-44s %9.1f", model, seconds.get(model)));
            for (String n : names) {
                double v = figures.stream().filter(m -> m.metric().equals(n)).mapToDouble(Measurement::value)
                        .findFirst().orElse(Double.NaN);
                b.append(String.format(Locale.ROOT, " %14s", Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4g", v)));
            }
            o.println(b);
        });
        o.println("definitions: see metrics.json in the report");
    }
}
