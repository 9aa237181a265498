package dev.otto.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.io.Npy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad input the CLI must reject: missing or corrupt files, wrong dimensions, unknown dataset,
 * bad options. Each gives exit code 2, one line on standard error that names the option or file and
 * the problem, and leaves no output file behind.
 */
class BadInputTest {

    @TempDir
    static Path dir;
    static Path x2;
    static Path y3;
    static Path model;

    @BeforeAll
    static void inputs() throws IOException {
        x2 = dir.resolve("x2.npy");
        y3 = dir.resolve("y3.npy");
        Npy.write(x2, Tensor.randn(20, 2, new SplittableRandom(1)));
        Npy.write(y3, Tensor.randn(20, 3, new SplittableRandom(2)));
        Files.writeString(dir.resolve("corrupt.npy"), "\u0093NUMPY garbage", StandardCharsets.ISO_8859_1);
        Files.writeString(dir.resolve("ragged.csv"), "1,2\n3\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("nan.csv"), "1,2\n3,nan\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("neg.csv"), "0.5\n-0.1\n0.6\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("huge.csv"), "1e300,0\n0,1e300\n-1e300,1\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("typo.csv"), "1,2o\n3,4\n5,6\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("named.csv"), "x,y\n3,4\n5,6\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("text.png"), "not a picture", StandardCharsets.UTF_8);
        byte[] complex = Npy.encode(new Npy.Array(new int[] {2, 2}, new double[4]));
        Files.write(dir.resolve("complex.npy"), new String(complex, StandardCharsets.ISO_8859_1).replace("'<f8'", "'<c8'")
                .getBytes(StandardCharsets.ISO_8859_1));
        model = dir.resolve("m.safetensors");
        Cli.Result r = Cli.run("train", "interp", "--data", "moons", "-o", model.toString(), "--iterations", "3",
                "--batch", "8", "--quiet");
        assertEquals(0, r.code(), r.toString());
    }

    /** Runs {@code args}, checks exit 2, a single error line containing every {@code expected}, no new files. */
    static void bad(List<String> expected, String... args) throws IOException {
        List<String> before = Cli.tree(dir);
        Cli.Result r = Cli.run(args);
        assertEquals(Otto.EXIT_BAD_INPUT, r.code(), r.toString());
        assertEquals(1, r.errLines().size(), "one line: " + r);
        for (String e : expected) {
            assertTrue(r.err().contains(e), "expected '" + e + "' in: " + r.err());
        }
        assertEquals(before, Cli.tree(dir), "no output left behind: " + r);
    }

    private static String in(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void unknownCommandAndOptions() throws IOException {
        bad(List.of("expected a command"));
        bad(List.of("otto", "Unmatched argument", "fly"), "fly");
        bad(List.of("otto train jko", "--wings"), "train", "jko", "--data", "moons", "-o", in("o.safetensors"), "--wings");
        bad(List.of("--out"), "train", "jko", "--data", "moons");
        bad(List.of("family"), "train");
    }

    @Test
    void badRollbackAndMapAgreementOptions() throws IOException {
        bad(List.of("--max-rollbacks", "-1"), "train", "interp", "--data", "moons", "-o", in("o.safetensors"),
                "--max-rollbacks", "-1");
        bad(List.of("--rollback-lr-factor"), "train", "prox", "--data", "moons", "-o", in("o.safetensors"),
                "--rollback-lr-factor", "2");
        bad(List.of("--loss-ceiling"), "train", "interp", "--data", "moons", "-o", in("o.safetensors"),
                "--loss-ceiling", "0.5");
        bad(List.of("--map-tolerance"), "train", "jko", "--data", "moons", "-o", in("o.safetensors"),
                "--map-tolerance", "0");
        bad(List.of("--stop-after"), "train", "jko", "--data", "moons", "-o", in("o.safetensors"), "--stop-after", "0");
        bad(List.of("--lipschitz-penalty"), "train", "jko", "--data", "moons", "-o", in("o.safetensors"),
                "--lipschitz-penalty", "-1");
    }

    @Test
    void badProximalLearningRates() throws IOException {
        bad(List.of("--lr-decay", "[0, 1]"), "train", "prox", "--data", "moons", "-o", in("o.safetensors"),
                "--lr-decay", "1.5");
        bad(List.of("--lr-decay"), "train", "prox", "--data", "moons", "-o", in("o.safetensors"), "--lr-decay", "-0.1");
        bad(List.of("--discriminator-lr", "> 0"), "train", "prox", "--data", "moons", "-o", in("o.safetensors"),
                "--discriminator-lr", "0");
    }

    @Test
    void unknownDataset() throws IOException {
        bad(List.of("--data", "unknown dataset 'mons'", "moons"), "train", "jko", "--data", "mons", "-o",
                in("o.safetensors"));
    }

    @Test
    void missingAndCorruptFiles() throws IOException {
        bad(List.of("--data", "missing.npy", "not found"), "train", "prox", "--data", in("missing.npy"), "-o",
                in("o.safetensors"));
        bad(List.of("--data", "corrupt.npy"), "train", "interp", "--data", in("corrupt.npy"), "-o", in("o.safetensors"));
        bad(List.of("--data", "ragged.csv"), "train", "interp", "--data", in("ragged.csv"), "-o", in("o.safetensors"));
        bad(List.of("--data", "nan.csv", "non-finite"), "train", "interp", "--data", in("nan.csv"), "-o",
                in("o.safetensors"));
        bad(List.of("MODEL", "nothere.safetensors", "not found"), "sample", in("nothere.safetensors"), "-o",
                in("s.npy"));
        bad(List.of("MODEL", "x2.npy"), "sample", x2.toString(), "-o", in("s.npy"));
        bad(List.of("X", "corrupt.npy"), "ot", "emd", in("corrupt.npy"), x2.toString());
    }

    @Test
    void inputsThatLookAlmostRight() throws IOException {
        bad(List.of("--data", "typo.csv", "line 1 field 2", "\"2o\"", "--header"), "train", "interp", "--data",
                in("typo.csv"), "-o", in("o.safetensors"));
        bad(List.of("--data", "named.csv", "line 1 field 1", "\"x\""), "train", "interp", "--data", in("named.csv"),
                "--no-header", "-o", in("o.safetensors"));
        bad(List.of("X", "typo.csv", "line 1 field 2"), "ot", "emd", in("typo.csv"), x2.toString());
        bad(List.of("--data", "complex.npy", "dtype '<c8' is not supported"), "eval", model.toString(), "--data",
                in("complex.npy"));
        bad(List.of("--data", "nothere.png", "not found"), "train", "jko", "--data", in("nothere.png"), "-o",
                in("o.safetensors"));
        bad(List.of("--data", "text.png", "not a picture"), "demo", "--data", in("text.png"), "-o", in("report"));
    }

    /** Values near 1e300 and options out of range: the message says what is out of range and names the option. */
    @Test
    void extremeValuesAndOptionsOutOfRange() throws IOException {
        for (String family : List.of("jko", "interp", "prox")) {
            bad(List.of("--data", "huge.csv", "out of range", "rescale"), "train", family, "--data", in("huge.csv"), "-o",
                    in("o.safetensors"));
        }
        bad(List.of("--data", "huge.csv", "out of range"), "eval", model.toString(), "--data", in("huge.csv"));
        bad(List.of("X, Y", "huge.csv row 1", "out of range", "rescale the points"), "ot", "emd", in("huge.csv"),
                x2.toString());
        bad(List.of("X, Y", "huge.csv", "out of range"), "ot", "sinkhorn", x2.toString(), in("huge.csv"));
        bad(List.of("X, Y", "out of range", "lower --p"), "ot", "emd", x2.toString(), x2.toString(), "--p", "1e300");
        bad(List.of("--eps", "finite value > 0", "-1"), "ot", "sinkhorn", x2.toString(), x2.toString(), "--eps", "-1");
        bad(List.of("--eps", "Infinity"), "ot", "sinkhorn", x2.toString(), x2.toString(), "--eps", "1e999");
        bad(List.of("--relative-eps"), "ot", "sinkhorn", x2.toString(), x2.toString(), "--relative-eps", "0");
        bad(List.of("--tol"), "ot", "sinkhorn", x2.toString(), x2.toString(), "--tol", "-1");
        bad(List.of("--cost-memory", ">= 0"), "ot", "sinkhorn", x2.toString(), x2.toString(), "--cost-memory", "-1");
        bad(List.of("--max-iter", "at least 1"), "ot", "sinkhorn", x2.toString(), x2.toString(), "--max-iter", "0");
        Path big = dir.resolve("big-weights.npy");
        Npy.writeVector(big, new double[] {1e300, 1e300, 1e300, 1e300});
        Path four = dir.resolve("four.npy");
        Npy.write(four, Tensor.randn(4, 2, new SplittableRandom(4)));
        try {
            bad(List.of("--a", "out of range", "overflow", "rescale the weights"), "ot", "sinkhorn", four.toString(),
                    four.toString(), "--a", big.toString(), "--b", big.toString());
            bad(List.of("--a", "out of range"), "ot", "emd", four.toString(), four.toString(), "--a", big.toString(),
                    "--b", big.toString());
        } finally {
            Files.delete(big);
            Files.delete(four);
        }
    }

    /** An output's name must promise its format, and two outputs cannot share a path. */
    @Test
    void outputNamesAndClashingOutputs() throws IOException {
        bad(List.of("--out", "m.npy", ".safetensors"), "train", "interp", "--data", "moons", "-o", in("m.npy"));
        bad(List.of("--json", "e.txt", ".json"), "eval", model.toString(), "--data", "moons", "--json", in("e.txt"));
        bad(List.of("--g", "fg.npy", "--f", "share"), "ot", "emd", x2.toString(), x2.toString(), "--f", in("fg.npy"),
                "--g", in("fg.npy"));
        bad(List.of("--torch", "t.npy", ".safetensors"), "export", model.toString(), "--torch", in("t.npy"));
        bad(List.of("MODEL", "x2.npy"), "export", x2.toString(), "--torch", in("t.safetensors"));
        bad(List.of("--torch"), "export", model.toString());
        bad(List.of("--report", "--out"), "train", "interp", "--data", "moons", "-o", in("same.safetensors"), "--report",
                in("same.safetensors"));
    }

    @Test
    void wrongDimensions() throws IOException {
        bad(List.of("--data", "dimension 3", "has 2"), "eval", model.toString(), "--data", y3.toString());
        bad(List.of("Y", "3 columns", "2"), "ot", "emd", x2.toString(), y3.toString());
        bad(List.of("--a", "expected 20 weights"), "ot", "sinkhorn", x2.toString(), x2.toString(), "--a", in("neg.csv"));
        bad(List.of("--data", "dimension 3"), "demo", "--data", y3.toString(), "-o", in("report"));
    }

    @Test
    void badOptions() throws IOException {
        bad(List.of("--iterations", "positive"), "train", "interp", "--data", "moons", "-o", in("o.safetensors"),
                "--iterations", "0");
        bad(List.of("--lr"), "train", "prox", "--data", "moons", "-o", in("o.safetensors"), "--lr", "-1");
        bad(List.of("--batch"), "train", "jko", "--data", "moons", "-o", in("o.safetensors"), "--batch", "1");
        bad(List.of("--scale"), "demo", "--scale", "0", "-o", in("report"));
        bad(List.of("-n"), "sample", model.toString(), "-n", "0", "-o", in("s.npy"));
        bad(List.of("--out", ".txt"), "sample", model.toString(), "-o", in("s.txt"));
        bad(List.of("--out", "does not exist"), "sample", model.toString(), "-o", in("nowhere/s.npy"));
        bad(List.of("--schedule"), "train", "interp", "--data", "moons", "-o", in("o.safetensors"), "--schedule", "cubic");
        bad(List.of("--case"), "train", "prox", "--data", "moons", "-o", in("o.safetensors"), "--case", "w3");
        bad(List.of("--objective-ceiling", "> 0"), "train", "prox", "--data", "moons", "-o", in("o.safetensors"),
                "--objective-ceiling", "-3");
        bad(List.of("--init", "glorot"), "train", "prox", "--data", "moons", "-o", in("o.safetensors"), "--init", "he");
        bad(List.of("--resume", "no checkpoint"), "train", "interp", "--data", "moons", "-o", in("o.safetensors"),
                "--resume");
        bad(List.of("--embed", ">= 2"), "train", "prox", "--data", "pinwheel", "--embed", "1", "-o", in("o.safetensors"));
        bad(List.of("--f"), "train", "prox", "--data", "pinwheel", "--f", "hellinger", "-o", in("o.safetensors"));
        bad(List.of("--p"), "ot", "emd", x2.toString(), x2.toString(), "--p", "0.5");
        bad(List.of("--budget"), "verify", "--budget", "0");
        bad(List.of("--only", "no.such"), "verify", "--only", "no.such");
    }

    @Test
    void negativeWeightsAndUnequalMass() throws IOException {
        Path three = dir.resolve("three.npy");
        Npy.write(three, Tensor.randn(3, 2, new SplittableRandom(3)));
        try {
            bad(List.of("--a", "neg.csv", "negative weight"), "ot", "emd", three.toString(), three.toString(), "--a",
                    in("neg.csv"));
        } finally {
            Files.delete(three);
        }
    }
}
