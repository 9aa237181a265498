package dev.otto.cli.commands;

import dev.otto.cli.BadInputException;
import dev.otto.cli.eval.Evaluation;
import dev.otto.cli.io.DataSource;
import dev.otto.cli.io.FileNames;
import dev.otto.cli.io.Models;
import dev.otto.cli.io.StagedOutputs;
import dev.otto.cli.report.JsonWriter;
import dev.otto.flows.Flow;
import dev.otto.flows.io.AtomicFiles;
import dev.otto.flows.metrics.Measurement;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code otto eval MODEL --data D}: the model's figures against data, each with its definition. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a saved model against data: MMD^2, W2, Sinkhorn divergence; NLL, KL and inversion error"
                + " when the model has a density.")
public final class EvalCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "Model file written by otto train.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "NAME|FILE",
            description = "Data to compare with: a built-in distribution, a .npy/.csv file or a .png/.jpg picture.")
    String data;

    @Mixin
    HeaderOption csv;

    @Option(names = "--embed", paramLabel = "D", description = "Zero-pad the data into D dimensions, as in training (default: the data's own).")
    Integer embed;

    @Option(names = "-n", defaultValue = "1000",
            description = "Data and model samples, all of them in every figure (default ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the noise and fresh data (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures with their definitions as JSON (default: none).")
    Path json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (n < 2) {
            throw BadInputException.of("-n", "expected at least 2 samples, got " + n);
        }
        try (StagedOutputs staged = new StagedOutputs()) {
            if (json != null) {
                FileNames.requireExtension("--json", json, ".json");
            }
            Path jsonFile = json == null ? null : staged.file("--json", json);
            Flow flow = Models.load("MODEL", model);
            DataSource d = DataSource.parse("--data", data, csv.reading(spec.commandLine().getErr()));
            d = embed == null ? d : d.embed("--embed", embed);
            if (d.dimension() != flow.dimension()) {
                throw BadInputException.of("--data", d.name() + " has dimension " + d.dimension() + ", the model "
                        + model + " has " + flow.dimension());
            }
            List<Measurement> figures = new Evaluation(n, n, seed).of(flow, d);
            print(spec.commandLine().getOut(), figures);
            if (jsonFile != null) {
                Map<String, Object> root = new LinkedHashMap<>();
                root.put("model", model.toString());
                root.put("data", d.name());
                Map<String, Object> m = new LinkedHashMap<>();
                for (Measurement f : figures) {
                    Map<String, Object> one = new LinkedHashMap<>();
                    one.put("value", f.value());
                    one.put("standardError", f.standardError());
                    one.put("definition", f.definition());
                    m.put(f.metric(), one);
                }
                root.put("metrics", m);
                AtomicFiles.write(jsonFile, ByteBuffer.wrap(JsonWriter.write(root).getBytes(StandardCharsets.UTF_8)));
            }
            staged.commit();
        }
        return 0;
    }

    static void print(PrintWriter out, List<Measurement> figures) {
        out.println("figure | value | definition");
        for (Measurement f : figures) {
            String v = String.format(Locale.ROOT, "%.5g", f.value())
                    + (Double.isNaN(f.standardError()) ? "" : String.format(Locale.ROOT, " +- %.2g", f.standardError()));
            out.println(f.metric() + " | " + v + " | " + f.definition());
        }
    }
}
