package dev.otto.flows.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.nn.Mlp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {

    @Test
    void roundTripRestoresEveryParameterBitwiseAndTheConfiguration(@TempDir Path dir) throws Exception {
        Mlp a = Mlp.builder(2).hidden(5).output(2).build(new SplittableRandom(1));
        Mlp b = Mlp.builder(2).hidden(5).output(2).build(new SplittableRandom(2));
        Path f = dir.resolve("m.safetensors");
        ModelFile.save(f, "test", Map.of("h", 0.25), a.parameters());
        ModelFile.Contents c = ModelFile.load(f, "test");
        assertEquals(0.25, c.config().number("h"));
        c.loadInto(b.parameters());
        for (int i = 0; i < a.parameters().size(); i++) {
            assertTrue(a.parameters().get(i).value().valueEquals(b.parameters().get(i).value()));
        }
        assertEquals(1, Files.list(dir).count(), "no temporary file left behind");
    }

    @Test
    void theWrongKindAndMissingEntriesAreNamed(@TempDir Path dir) throws Exception {
        Mlp a = Mlp.builder(2).hidden(5).output(2).build(new SplittableRandom(1));
        Path f = dir.resolve("m.safetensors");
        ModelFile.save(f, "jko", Map.of(), a.parameters());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFile.load(f, "proximal"));
        assertTrue(e.getMessage().contains("'jko'") && e.getMessage().contains("'proximal'"), e.getMessage());
        ModelFile.Contents c = ModelFile.load(f, "jko");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.config().number("h")).getMessage().contains("'h'"));
    }
}
