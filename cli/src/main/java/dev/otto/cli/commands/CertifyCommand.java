package dev.otto.cli.commands;

import dev.otto.cli.BadInputException;
import dev.otto.cli.eval.Certification;
import dev.otto.cli.io.DataSource;
import dev.otto.cli.io.Models;
import dev.otto.cli.io.StagedOutputs;
import dev.otto.cli.report.JsonWriter;
import dev.otto.flows.Flow;
import dev.otto.flows.certificate.Certificate;
import dev.otto.flows.io.AtomicFiles;
import dev.otto.flows.io.ModelFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code otto certify MODEL [--data NAME|FILE] [--json f.json]}: holds a saved model to the guarantees
 * of its family on held-out data (see {@code dev.otto.flows.certificate}) and prints the table. A
 * failed check exits with status 1 and one line naming the check, the value and the bound. The
 * model file itself is not changed (training records its certificate in it); without
 * {@code --data} the --data and --embed values training recorded in the file are used.
 */
@Command(name = "certify", mixinStandardHelpOptions = true,
        description = "Check a saved model against the guarantees of its family (MATH.md) on held-out data;"
                + " exit 1 if a check fails.")
public final class CertifyCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "Model file written by otto train or otto demo.")
    Path model;

    @Option(names = "--data", paramLabel = "NAME|FILE",
            description = "Held-out data: a built-in distribution or a .npy/.csv file (default: the --data and"
                    + " --embed the model was trained with, recorded in its file by otto train and otto demo).")
    String data;

    @Mixin
    HeaderOption csv;

    @Option(names = "--embed", paramLabel = "D", description = "Zero-pad the data into D dimensions (default: as in training).")
    Integer embed;

    @Option(names = "-n", defaultValue = "1000", description = "Held-out and generated samples (default ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the held-out draws and the noise (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the certificate as JSON (default: none).")
    Path json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (n < 2) {
            throw BadInputException.of("-n", "expected at least 2 samples, got " + n);
        }
        Certificate c;
        try (StagedOutputs staged = new StagedOutputs()) {
            Path jsonFile = json == null ? null : staged.file("--json", json);
            Flow flow = Models.load("MODEL", model);
            DataSource d = DataSource.parse("--data", data != null ? data : trainedOn(),
                    csv.reading(spec.commandLine().getErr()));
            Integer dim = embed != null ? embed : data != null ? null : trainedEmbedding();
            d = dim == null ? d : d.embed("--embed", dim);
            if (d.dimension() != flow.dimension()) {
                throw BadInputException.of("--data", d.name() + " has dimension " + d.dimension() + ", the model "
                        + model + " has " + flow.dimension());
            }
            c = new Certification(n, seed).of(model, flow, d);
            Certification.print(spec.commandLine().getOut(), c);
            if (jsonFile != null) {
                Map<String, Object> root = new LinkedHashMap<>();
                root.put("model", model.toString());
                root.put("data", d.name());
                root.put("certificate", c.toMap());
                AtomicFiles.write(jsonFile, ByteBuffer.wrap(JsonWriter.write(root).getBytes(StandardCharsets.UTF_8)));
            }
            staged.commit();
        }
        if (!c.passed()) {
            throw Certification.failure(c, model.toString());
        }
        return 0;
    }

    /** The --data value the model was trained with (recorded in its metadata), or a message asking for --data. */
    private String trainedOn() throws IOException {
        String name = ModelFile.metadata(model, Certification.DATA_KEY);
        if (name == null) {
            throw BadInputException.of("--data", "the model " + model + " does not say which data it was trained on;"
                    + " give a built-in distribution or a .npy/.csv file");
        }
        return name;
    }

    /** The --embed value the model was trained with, if any. */
    private Integer trainedEmbedding() throws IOException {
        String dim = ModelFile.metadata(model, Certification.EMBED_KEY);
        return dim == null ? null : Integer.valueOf(dim);
    }
}
