package dev.otto.cli.eval;

import dev.otto.autodiff.Tensor;
import dev.otto.cli.RunFailedException;
import dev.otto.cli.io.DataSource;
import dev.otto.flows.Flow;
import dev.otto.flows.certificate.Certificate;
import dev.otto.flows.certificate.Certifiers;
import dev.otto.flows.certificate.Check;
import dev.otto.flows.io.ModelFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * How the commands certify a model (see {@code dev.otto.flows.certificate}): on {@code samples}
 * held-out points, fresh draws of a built-in distribution from a stream of their own (never the
 * training stream), or the first rows of a data file (which training also saw: a file gives no
 * unseen data), with every random choice drawn from {@code seed}.
 *
 * @param samples held-out points (and generated samples) behind the checks
 * @param seed    seed of the held-out draws and of the certificate's noise
 */
public record Certification(int samples, long seed) {

    /** Model-file metadata keys of the training data (the --data value) and its --embed dimension. */
    public static final String DATA_KEY = "otto.data";
    public static final String EMBED_KEY = "otto.embed";

    /** Mixed into the seed so held-out draws never repeat the training draws of the same seed. */
    private static final long HELD_OUT_STREAM = 0x6A09E667F3BCC909L;

    public Certification {
        if (samples < 2) {
            throw new IllegalArgumentException("samples: expected at least 2, got " + samples);
        }
    }

    /** The certificate of the model saved in {@code modelFile} (loaded as {@code flow}) against {@code data}. */
    public Certificate of(Path modelFile, Flow flow, DataSource data) throws IOException {
        Tensor heldOut = data.fixed() != null ? data.samples(samples, null)
                : data.sampler().sample(samples, new SplittableRandom(seed ^ HELD_OUT_STREAM));
        return Certifiers.certify(flow, ModelFile.load(modelFile, null).config(), heldOut, seed);
    }

    /**
     * Certifies a freshly trained model file, records in it the certificate and the training data
     * ({@code dataOption} and {@code embed}, the --data and --embed values, so {@code otto certify}
     * can find them again), and prints the table.
     */
    public Certificate record(Path modelFile, Flow flow, DataSource data, String dataOption, Integer embed,
                              PrintWriter out) throws IOException {
        Certificate c = of(modelFile, flow, data);
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put(Certificate.METADATA_KEY, c.toJson());
        entries.put(DATA_KEY, dataOption);
        if (embed != null) {
            entries.put(EMBED_KEY, embed.toString());
        }
        ModelFile.putMetadata(modelFile, entries);
        print(out, c);
        return c;
    }

    /** The certificate as a table on the terminal. */
    public static void print(PrintWriter out, Certificate c) {
        out.println(c.table());
    }

    /**
     * The exit-1 error of a failed certificate: one line naming the check, the value and the bound,
     * and where the model (with the failure recorded) is.
     */
    public static RunFailedException failure(Certificate c, String model) {
        Check f = c.firstFailure().orElseThrow();
        return new RunFailedException("certificate check " + f.summary() + "; the model is in " + model
                + " with its certificate recorded");
    }
}
