package dev.otto.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.certificate.Certificate;
import dev.otto.flows.certificate.Check;
import dev.otto.flows.io.Json;
import dev.otto.flows.io.ModelFile;
import dev.otto.flows.io.Npy;
import dev.otto.flows.io.SafeTensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificates from the command line: recorded by training, recomputed identically by
 * {@code otto certify}, a failed check exiting 1 with the check, value and bound named, and data
 * float64 cannot carry refused before any work.
 */
class CertifyTest {

    @TempDir
    Path dir;

    private String at(String name) {
        return dir.resolve(name).toString();
    }

    /** The certificate inside a --json file of otto certify. */
    private static Certificate certificateOf(Path json) throws IOException {
        Map<?, ?> root = (Map<?, ?>) Json.parse(Files.readString(json));
        return Certificate.fromJson(Json.write(root.get("certificate")));
    }

    @Test
    void trainingRecordsTheCertificateAndCertifyRecomputesIt() throws IOException {
        Cli.Result train = Cli.run("train", "interp", "--data", "8gaussians", "--iterations", "300", "--batch", "128",
                "--width", "32", "--eval-samples", "300", "--quiet", "-o", at("m.safetensors"));
        assertEquals(0, train.code(), train.toString());
        assertTrue(train.out().contains("interp.cycle") && train.out().contains("all checks hold"), train.toString());
        Certificate recorded = Certificate.readFrom(dir.resolve("m.safetensors")).orElseThrow();
        assertTrue(recorded.passed(), recorded::table);

        // without --data, the data the model was trained on (recorded in the file)
        Cli.Result certify = Cli.run("certify", at("m.safetensors"), "-n", "300", "--json", at("c.json"));
        assertEquals(0, certify.code(), certify.toString());
        assertTrue(certify.out().contains("interp.velocity-lipschitz"), certify.toString());
        assertSameFigures(recorded, certificateOf(dir.resolve("c.json")));

        // the same model in the first schema's layout (string entries, no otto.schema) certifies alike
        toFirstSchema(dir.resolve("m.safetensors"), dir.resolve("old.safetensors"));
        Cli.Result old = Cli.run("certify", at("old.safetensors"), "-n", "300", "--json", at("old.json"));
        assertEquals(0, old.code(), old.toString());
        assertSameFigures(recorded, certificateOf(dir.resolve("old.json")));
    }

    /**
     * Rewrites an interpolation model as the first schema's writer did: each configuration entry a
     * string under "otto.config.KEY" (widths comma-separated), the time input described in words.
     */
    private static void toFirstSchema(Path model, Path out) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(model);
        Map<String, String> meta = new LinkedHashMap<>(c.metadata());
        meta.remove(SafeTensors.FORMAT_KEY);
        meta.remove(ModelFile.SCHEMA_KEY);
        Map<?, ?> config = (Map<?, ?>) Json.parse(meta.remove(ModelFile.CONFIG_KEY));
        config.forEach((k, v) -> meta.put(ModelFile.LEGACY_CONFIG_PREFIX + k, k.equals("timeInput")
                ? "concatenated last column"
                : v instanceof List<?> l ? l.stream().map(String::valueOf).collect(Collectors.joining(",")) : String.valueOf(v)));
        SafeTensors.write(out, c.tensors(), meta);
    }

    /** The same checks, verdicts and figures (the --json file keeps 10 significant digits). */
    private static void assertSameFigures(Certificate expected, Certificate actual) {
        assertEquals(expected.checks().size(), actual.checks().size(), actual::table);
        for (int i = 0; i < expected.checks().size(); i++) {
            Check e = expected.checks().get(i);
            Check a = actual.checks().get(i);
            assertEquals(e.id(), a.id());
            assertEquals(e.verdict(), a.verdict(), a::summary);
            assertEquals(e.value(), a.value(), 1e-9 * Math.abs(e.value()), a::summary);
            assertEquals(e.bound(), a.bound(), 1e-9 * Math.abs(e.bound()), a::summary);
        }
    }

    @Test
    void aHugeLearningRateEndsWithExitOneNamingTheCheckAndKeepsTheModel() throws IOException {
        // the trainer's own guard reacts to non-finite values only here, so a finite but ruined model
        // is written and the certificate is what has to catch it
        Cli.Result r = Cli.run("train", "interp", "--data", "8gaussians", "--lr", "1e6", "--iterations", "5", "--batch",
                "16", "--width", "8", "--eval-samples", "50", "--loss-ceiling", "Infinity", "--quiet",
                "-o", at("bad.safetensors"));
        assertEquals(Otto.EXIT_FAILED, r.code(), r.toString());
        List<String> err = r.errLines();
        assertEquals(1, err.size(), r.toString());
        assertTrue(err.get(0).matches("otto train interp: certificate check samples\\.\\S+: measured \\S+, bound <= .*"),
                err.get(0));
        assertTrue(err.get(0).contains(at("bad.safetensors")), err.get(0));
        Certificate recorded = Certificate.readFrom(dir.resolve("bad.safetensors")).orElseThrow();
        assertFalse(recorded.passed());

        Cli.Result certify = Cli.run("certify", at("bad.safetensors"), "--data", "8gaussians", "-n", "50");
        assertEquals(Otto.EXIT_FAILED, certify.code(), certify.toString());
        assertTrue(certify.errLines().get(0).startsWith("otto certify: certificate check samples."), certify.toString());
        Cli.Result eval = Cli.run("eval", at("bad.safetensors"), "--data", "8gaussians", "-n", "50");
        assertFalse(eval.err().contains("internal error"), eval.toString());
    }

    @Test
    void dataNear1e300AreRefusedBeforeTraining() throws IOException {
        double[] values = new double[40];
        for (int i = 0; i < values.length; i++) {
            values[i] = i % 7 - 3;
        }
        values[9] = 1e300;
        Npy.write(dir.resolve("huge.npy"), Tensor.wrap(20, 2, values));
        for (String family : new String[] {"jko", "interp", "prox"}) {
            Cli.Result r = Cli.run("train", family, "--data", at("huge.npy"), "--quiet", "-o", at(family + ".safetensors"));
            assertEquals(Otto.EXIT_BAD_INPUT, r.code(), r.toString());
            assertEquals(List.of("otto train " + family + ": --data: " + at("huge.npy") + ": row 5 has a coordinate of"
                    + " magnitude 1.00e+300, out of range: the models accept |x| up to 1e150 (squares of larger values overflow"
                    + " float64): rescale the data"), r.errLines());
            assertFalse(Files.exists(dir.resolve(family + ".safetensors")));
        }
    }

    @Test
    void theW2DecayTableOfMetricsJsonIsTheSavedFlows() throws IOException {
        Cli.Result train = Cli.run("train", "jko", "--data", "8gaussians", "--blocks", "2", "--iterations", "20",
                "--batch", "128", "--width", "16", "--train-samples", "1000", "--eval-samples", "300", "--quiet",
                "--report", at("rep"), "-o", at("jko.safetensors"));
        assertTrue(train.code() == 0 || train.err().contains("certificate check"), train.toString());
        Map<?, ?> metrics = (Map<?, ?>) Json.parse(Files.readString(dir.resolve("rep/metrics.json")));
        Map<?, ?> section = (Map<?, ?>) ((Map<?, ?>) metrics.get("sections")).values().iterator().next();
        List<?> table = (List<?>) section.get("w2Decay");
        assertEquals(2, table.size(), section.toString());
        assertTrue(Files.readString(dir.resolve("rep/index.html")).contains("jko.w2-decay[1]"));

        Cli.Result certify = Cli.run("certify", at("jko.safetensors"), "-n", "300", "--json", at("c.json"));
        List<Check> decay = certificateOf(dir.resolve("c.json")).checks("jko.w2-decay");
        for (int k = 0; k < 2; k++) {
            Map<?, ?> row = (Map<?, ?>) table.get(k);
            assertEquals(k + 1, ((Number) row.get("block")).intValue());
            assertEquals(decay.get(k).value(), ((Number) row.get("w2SquaredToNoise")).doubleValue(),
                    1e-9 * decay.get(k).value(), certify.toString());
            assertEquals(decay.get(k).bound(), ((Number) row.get("theorem43Bound")).doubleValue(),
                    1e-9 * decay.get(k).bound());
            assertEquals(decay.get(k).floor(), ((Number) row.get("estimatorFloor")).doubleValue(),
                    1e-9 * decay.get(k).floor());
        }
    }
}
