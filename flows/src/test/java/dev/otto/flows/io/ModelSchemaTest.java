package dev.otto.flows.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Activation;
import dev.otto.autodiff.nn.Parameter;
import dev.otto.flows.interpolation.InterpolationFlow;
import dev.otto.flows.interpolation.Schedule;
import dev.otto.flows.jko.JkoBlock;
import dev.otto.flows.jko.JkoConfig;
import dev.otto.flows.jko.JkoFlow;
import dev.otto.flows.proximal.ProximalFlow;
import dev.otto.ode.Integration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model-file schema (docs/model-format.md): files are written with {@code otto.schema = "2"}
 * and the configuration as one JSON object with typed values under the same key names in every
 * family; files of the first schema (one string entry per key, family-specific spellings), built
 * here as the earlier writer wrote them, still load to the same model and the same typed
 * configuration.
 */
class ModelSchemaTest {

    @TempDir
    Path dir;

    @Test
    void theConfigurationIsOneTypedJsonObject() throws IOException {
        InterpolationFlow flow = interpolation();
        Path file = dir.resolve("interp.safetensors");
        flow.save(file);
        Map<String, String> meta = SafeTensors.read(file).metadata();
        assertEquals("2", meta.get(ModelFile.SCHEMA_KEY));
        assertEquals("interpolation", meta.get(ModelFile.KIND_KEY));
        Map<?, ?> config = (Map<?, ?>) Json.parse(meta.get(ModelFile.CONFIG_KEY));
        assertEquals(2L, config.get("dimension"));
        assertEquals(List.of(8L, 8L), config.get("hidden"));
        assertEquals(true, config.get("timeInput"));
        assertTrue(meta.keySet().stream().noneMatch(k -> k.startsWith(ModelFile.LEGACY_CONFIG_PREFIX)), meta::toString);
    }

    @Test
    void everyFamilyNamesItsDimensionWidthsAndActivationAlike() throws IOException {
        Path i = dir.resolve("i.safetensors");
        Path j = dir.resolve("j.safetensors");
        Path p = dir.resolve("p.safetensors");
        interpolation().save(i);
        jko().save(j);
        proximal().save(p, Map.of("iterationsDone", 12, "discriminatorObjective", Double.NaN));
        for (Path f : List.of(i, j, p)) {
            ModelConfig c = ModelFile.load(f, null).config();
            assertEquals(2, c.integer("dimension"), f::toString);
            assertEquals(2, c.integers("hidden").length, f::toString);
            assertTrue(c.string("activation").startsWith("softplus"), f::toString);
        }
        ModelConfig prox = ModelFile.load(p, null).config();
        assertEquals(12, prox.integer("iterationsDone"));
        assertTrue(Double.isNaN(prox.number("discriminatorObjective")));
        assertEquals(0.5, prox.number("horizon"));
        assertEquals(4, prox.integer("eulerSteps"));
    }

    @Test
    void anInterpolationFileOfTheFirstSchemaLoads() throws IOException {
        InterpolationFlow flow = interpolation();
        Map<String, String> legacy = new LinkedHashMap<>();
        legacy.put("dimension", "2");
        legacy.put("hidden", "8,8");
        legacy.put("activation", Activation.softplus().name());
        legacy.put("schedule", "linear");
        legacy.put("timeInput", "concatenated last column");
        Path file = legacyFile("interpolation", legacy, flow.parameters());
        InterpolationFlow back = InterpolationFlow.load(file, Integration.adaptive(1e-6));
        assertSameParameters(flow.parameters(), back.parameters());
        ModelConfig c = ModelFile.load(file, null).config();
        assertEquals(List.of(8L, 8L), c.values().get("hidden"));
        assertTrue(c.bool("timeInput"));
    }

    @Test
    void aJkoFileOfTheFirstSchemaLoads() throws IOException {
        JkoFlow flow = jko();
        JkoConfig config = flow.config();
        Map<String, String> legacy = new LinkedHashMap<>();
        legacy.put("steps", "0.5,0.7");
        legacy.put("hidden", "8,8");
        legacy.put("activation", config.activation());
        legacy.put("timeInput", "true");
        legacy.put("rkSteps", "3");
        legacy.put("batchSize", Integer.toString(config.batchSize()));
        legacy.put("iterationsPerBlock", Integer.toString(config.iterationsPerBlock()));
        legacy.put("learningRate", Double.toString(config.learningRate()));
        legacy.put("clipNorm", Double.toString(config.clipNorm()));
        legacy.put("divergence", config.divergence().name());
        legacy.put("warmStart", Boolean.toString(config.warmStart()));
        legacy.put("diagnosticSamples", Integer.toString(config.diagnosticSamples()));
        legacy.put("seed", Long.toString(config.seed()));
        legacy.put("dimension", "2");
        legacy.put("trainedBlocks", "2");
        legacy.put("blockRkSteps", "3,6");
        legacy.put("blockStepSizes", "0.5,0.7");
        List<Parameter> params = new ArrayList<>();
        flow.blocks().forEach(b -> params.addAll(b.parameters()));
        Path file = legacyFile("jko", legacy, params);
        JkoFlow back = JkoFlow.load(file);
        assertEquals(config.toMap(), back.config().toMap());
        assertEquals(6, back.blocks().get(1).rkSteps());
        List<Parameter> loaded = new ArrayList<>();
        back.blocks().forEach(b -> loaded.addAll(b.parameters()));
        assertSameParameters(params, loaded);
    }

    @Test
    void aProximalFileOfTheFirstSchemaLoadsWithItsTrainingRecord() throws IOException {
        ProximalFlow flow = proximal();
        Map<String, String> legacy = new LinkedHashMap<>();
        legacy.put("lambda", "0.05");
        legacy.put("iterations done", "12");
        legacy.put("D objective", "NaN");
        legacy.put("objective ceiling", "1000.0");
        legacy.put("dim", "2");
        legacy.put("T", "0.5");
        legacy.put("K", "4");
        legacy.put("phiHidden", "[6, 6]");
        legacy.put("phiActivation", "softplus");
        legacy.put("phiScale", "2.0");
        Path file = legacyFile("proximal", legacy, flow.parameters());
        ProximalFlow back = ProximalFlow.load(file);
        assertSameParameters(flow.parameters(), back.parameters());
        assertEquals(2.0, back.potentialScale());
        assertEquals(0.5, back.generator().horizon());
        assertEquals(4, back.generator().steps());
        ModelConfig c = ModelFile.load(file, null).config();
        assertEquals(12, c.integer("iterationsDone"));
        assertEquals(1000.0, c.number("objectiveCeiling"));
        assertTrue(Double.isNaN(c.number("discriminatorObjective")));
        assertEquals(List.of(6L, 6L), c.values().get("hidden"));
    }

    @Test
    void aLaterSchemaAndABadlyTypedEntryAreRefusedNamingTheProblem() throws IOException {
        Path file = dir.resolve("interp.safetensors");
        interpolation().save(file);
        SafeTensors.Contents c = SafeTensors.read(file);
        Map<String, String> later = new LinkedHashMap<>(c.metadata());
        later.remove(SafeTensors.FORMAT_KEY);
        later.put(ModelFile.SCHEMA_KEY, "3");
        Path f3 = dir.resolve("later.safetensors");
        SafeTensors.write(f3, c.tensors(), later);
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> ModelFile.load(f3, null));
        assertTrue(e.getMessage().contains("otto.schema = \"3\" is not supported"), e.getMessage());

        Map<String, String> typo = new LinkedHashMap<>(later);
        typo.put(ModelFile.SCHEMA_KEY, "2");
        typo.put(ModelFile.CONFIG_KEY, c.metadata().get(ModelFile.CONFIG_KEY).replace("\"dimension\":2", "\"dimension\":\"2\""));
        Path bad = dir.resolve("typo.safetensors");
        SafeTensors.write(bad, c.tensors(), typo);
        IllegalArgumentException t = assertThrows(IllegalArgumentException.class,
                () -> InterpolationFlow.load(bad, Integration.adaptive(1e-6)));
        assertTrue(t.getMessage().contains("'dimension' should be an integer, got \"2\""), t.getMessage());
    }

    /** A file as the first schema's writer left it: string entries under "otto.config.KEY", no schema key. */
    private Path legacyFile(String kind, Map<String, String> config, List<Parameter> parameters) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        parameters.forEach(p -> tensors.put(p.name(), p.value()));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(ModelFile.KIND_KEY, kind);
        config.forEach((k, v) -> meta.put(ModelFile.LEGACY_CONFIG_PREFIX + k, v));
        Path file = dir.resolve(kind + "-schema1.safetensors");
        SafeTensors.write(file, tensors, meta);
        String header = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        assertTrue(!header.contains(ModelFile.SCHEMA_KEY), "a first-schema file has no schema key");
        return file;
    }

    private static void assertSameParameters(List<Parameter> want, List<Parameter> got) {
        assertEquals(want.size(), got.size());
        for (int k = 0; k < want.size(); k++) {
            assertEquals(want.get(k).name(), got.get(k).name());
            assertTrue(want.get(k).value().valueEquals(got.get(k).value()), want.get(k).name());
        }
    }

    private static InterpolationFlow interpolation() {
        return InterpolationFlow.create(2, new int[] {8, 8}, Activation.softplus(), Schedule.linear(),
                Integration.adaptive(1e-6), new SplittableRandom(1));
    }

    private static JkoFlow jko() {
        JkoConfig config = JkoConfig.reference().withSteps(new double[] {0.5, 0.7})
                .withNetwork(new int[] {8, 8}, "softplus(20.0)", true).withSeed(3);
        SplittableRandom rng = new SplittableRandom(2);
        return JkoFlow.of(2, config, List.of(JkoBlock.create(0, 2, config, rng), JkoBlock.create(1, 2, config, rng)));
    }

    private static ProximalFlow proximal() {
        return new ProximalFlow(ProximalFlow.newPotential(2, new int[] {6, 6}, Activation.softplus(), 4L), 2.0, 0.5, 4);
    }
}
