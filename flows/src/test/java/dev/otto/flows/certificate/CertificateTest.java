package dev.otto.flows.certificate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Parameter;
import dev.otto.flows.data.DataRange;
import dev.otto.flows.io.ModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The certificate's verdicts, its JSON round trip and its place in a model file; the data range. */
class CertificateTest {

    @Test
    void verdictsFollowTheRelationAndTheFloor() {
        assertEquals(Verdict.PASS, Check.atMost("a", "s", 1, 2, "m").verdict());
        assertEquals(Verdict.FAIL, Check.atMost("a", "s", 3, 2, "m").verdict());
        assertEquals(Verdict.FAIL, Check.atMost("a", "s", Double.NaN, 2, "m").verdict());
        assertEquals(Verdict.PASS, Check.atLeast("a", "s", 0.95, 0.9, "m").verdict());
        assertEquals(Verdict.FAIL, Check.atLeast("a", "s", 0.5, 0.9, "m").verdict());
        // a bound below the estimator's floor cannot be confirmed or refuted
        assertEquals(Verdict.NOT_RESOLVABLE, Check.aboveFloor("w", "s", 0.05, 0.01, 0.04, "m").verdict());
        // above the floor, the estimator's upward bias (about the floor) is allowed for
        assertEquals(Verdict.PASS, Check.aboveFloor("w", "s", 0.13, 0.1, 0.04, "m").verdict());
        assertEquals(Verdict.FAIL, Check.aboveFloor("w", "s", 0.15, 0.1, 0.04, "m").verdict());
        assertEquals(Verdict.FAIL, Check.aboveFloor("w", "s", Double.POSITIVE_INFINITY, 0.1, 0.04, "m").verdict());
        // strictly below a reference estimated alike: equal (a map that does not move) fails
        assertEquals(Verdict.PASS, Check.below("e", "s", 0.9, 1.0, 0.5, "m").verdict());
        assertEquals(Verdict.FAIL, Check.below("e", "s", 1.0, 1.0, 0.5, "m").verdict());
        assertEquals(Verdict.NOT_RESOLVABLE, Check.below("e", "s", 0.3, 0.4, 0.5, "m").verdict());
    }

    @Test
    void passedAndFirstFailure() {
        Certificate ok = new Certificate("jko", List.of(Check.atMost("a", "s", 1, 2, "m"),
                Check.notResolvable("b", "s", "m")));
        assertTrue(ok.passed());
        Certificate bad = new Certificate("jko", List.of(Check.atMost("a", "s", 1, 2, "m"),
                Check.atMost("b", "s", 5, 2, "m"), Check.atMost("c", "s", 9, 2, "m")));
        assertFalse(bad.passed());
        assertEquals("b", bad.firstFailure().orElseThrow().id());
        assertTrue(bad.table().contains("FAILED at b: measured 5.000, bound <= 2.000"), bad.table());
    }

    @Test
    void jsonRoundTripIsExactWithNaNsAndEscapes() {
        Certificate c = new Certificate("interpolation", List.of(
                Check.aboveFloor("jko.w2-decay[0]", "Theorem 4.3", 0.1234567890123456789, 1e-300, 0.0371, "a \"quoted\"\n"),
                Check.notResolvable("flow.inversion", "MATH.md 6", "no inverse"),
                Check.atLeast("prox.straightness", "Thm 4.1", 0.999, 0.9, "unicode: W\u2082")));
        Certificate back = Certificate.fromJson(c.toJson());
        assertEquals(c, back);
        assertTrue(Double.isNaN(back.checks().get(1).value()));
        assertThrows(IllegalArgumentException.class, () -> Certificate.fromJson("{\"family\": 3}"));
        assertThrows(IllegalArgumentException.class, () -> Certificate.fromJson("not json"));
    }

    @Test
    void recordedInTheModelFileBesideTheParameters(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.safetensors");
        Parameter p = new Parameter("w", Tensor.of(1, 2, 1.5, -2.5));
        ModelFile.save(file, "jko", Map.of("dimension", 2), List.of(p));
        assertTrue(Certificate.readFrom(file).isEmpty());
        Certificate c = new Certificate("jko", List.of(Check.atMost("a", "s", 1, 2, "m")));
        c.saveTo(file);
        assertEquals(c, Certificate.readFrom(file).orElseThrow());
        ModelFile.Contents contents = ModelFile.load(file, "jko");
        assertEquals(2, contents.config().integer("dimension"));
        assertTrue(contents.tensors().get("w").valueEquals(p.value()));
        assertThrows(IllegalArgumentException.class,
                () -> ModelFile.putMetadata(file, Map.of(ModelFile.KIND_KEY, "x")));
        assertTrue(Files.isRegularFile(file));
    }

    @Test
    void dataBeyondFloat64sRangeIsRefusedNamingTheRow() {
        DataRange.check("ok", Tensor.of(2, 2, 1, 2, -1e149, 3));
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> DataRange.check("big.npy", Tensor.of(2, 2, 1, 2, 3, 1e300)));
        assertTrue(big.getMessage().startsWith("big.npy: row 2 has a coordinate of magnitude 1.00e+300"), big.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> DataRange.check("nan.csv", Tensor.of(2, 2, 1, Double.NaN, 3, 4)));
        assertTrue(nan.getMessage().startsWith("nan.csv: row 1, column 2 is NaN"), nan.getMessage());
    }
}
