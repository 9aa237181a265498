package dev.otto.flows.io;

import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Parameter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one file layout every trained flow is saved in: a safetensors file whose tensors are the
 * model's parameters (by name, float64) and whose metadata holds the model kind
 * ({@value #KIND_KEY}), its configuration as string pairs (keys prefixed {@value #CONFIG_PREFIX}),
 * and the format version ({@link SafeTensors#FORMAT_KEY}). Python reads it with the safetensors
 * package; writes are atomic, so a crash never leaves a half-written model behind.
 */
public final class ModelFile {

    public static final String KIND_KEY = "otto.model";
    public static final String CONFIG_PREFIX = "otto.config.";

    private ModelFile() {
    }

    /** What a model file holds. */
    public record Contents(String kind, Map<String, String> config, Map<String, Tensor> tensors) {

        /** A configuration value, or an error naming the file's kind and the missing key. */
        public String require(String key) {
            String v = config.get(key);
            if (v == null) {
                throw new IllegalArgumentException("model file of kind '" + kind + "' has no configuration entry '"
                        + key + "'");
            }
            return v;
        }

        /** Copies the tensors into parameters of the same names and shapes. */
        public void loadInto(List<Parameter> parameters) {
            for (Parameter p : parameters) {
                Tensor t = tensors.get(p.name());
                if (t == null) {
                    throw new IllegalArgumentException("model file of kind '" + kind + "' has no tensor '" + p.name() + "'");
                }
                p.set(t);
            }
        }
    }

    /** Writes a model atomically. */
    public static void save(Path file, String kind, Map<String, String> config, List<Parameter> parameters)
            throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            if (tensors.put(p.name(), p.value()) != null) {
                throw new IllegalArgumentException("parameters: duplicate name " + p.name());
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(KIND_KEY, kind);
        config.forEach((k, v) -> metadata.put(CONFIG_PREFIX + k, v));
        SafeTensors.write(file, tensors, metadata);
    }

    /** Reads a model file, checking that it holds a model of the expected kind. */
    public static Contents load(Path file, String expectedKind) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(file);
        String kind = c.metadata().get(KIND_KEY);
        if (kind == null) {
            throw new CorruptFileException(file.toString(), "not an Otto model file (no '" + KIND_KEY + "' metadata)");
        }
        if (expectedKind != null && !expectedKind.equals(kind)) {
            throw new IllegalArgumentException(file + ": holds a '" + kind + "' model, expected '" + expectedKind + "'");
        }
        Map<String, String> config = new LinkedHashMap<>();
        c.metadata().forEach((k, v) -> {
            if (k.startsWith(CONFIG_PREFIX)) {
                config.put(k.substring(CONFIG_PREFIX.length()), v);
            }
        });
        return new Contents(kind, config, c.tensors());
    }

    /**
     * Adds (or replaces) metadata entries of a model file, rewriting it atomically with the same
     * tensors: how records made after training, such as the model's certificate, join the model.
     *
     * @throws IllegalArgumentException if a key is reserved (the kind, the format or a configuration
     *     entry)
     */
    public static void putMetadata(Path file, Map<String, String> entries) throws IOException {
        for (String key : entries.keySet()) {
            if (key.equals(KIND_KEY) || key.equals(SafeTensors.FORMAT_KEY) || key.startsWith(CONFIG_PREFIX)) {
                throw new IllegalArgumentException("key: '" + key + "' is reserved for the model itself");
            }
        }
        SafeTensors.Contents c = SafeTensors.read(file);
        Map<String, String> metadata = new LinkedHashMap<>(c.metadata());
        metadata.putAll(entries);
        SafeTensors.write(file, c.tensors(), metadata);
    }

    /** One metadata entry of a model file, or null if it has none under {@code key}. */
    public static String metadata(Path file, String key) throws IOException {
        return SafeTensors.read(file).metadata().get(key);
    }
}
