package dev.otto.flows.io;

import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Parameter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one file layout every trained flow is saved in (docs/model-format.md): a safetensors file
 * whose tensors are the model's parameters (by name, float64) and whose metadata holds the
 * container version ({@link SafeTensors#FORMAT_KEY}), the metadata schema ({@value #SCHEMA_KEY} =
 * {@value #SCHEMA}), the model kind ({@value #KIND_KEY}) and its configuration as one JSON object
 * with typed values ({@value #CONFIG_KEY}, see {@link ModelConfig}). Files of the first schema, with
 * one string entry per configuration key under {@value #LEGACY_CONFIG_PREFIX}, are still read
 * ({@link LegacyModelConfig}). Python reads the files with the safetensors package or with json and
 * numpy; writes are atomic, so a crash never leaves a half-written model behind.
 */
public final class ModelFile {

    /** Metadata key of the model kind ("jko", "interpolation" or "proximal"). */
    public static final String KIND_KEY = "otto.model";
    /** Metadata key of the metadata schema version. */
    public static final String SCHEMA_KEY = "otto.schema";
    /** The schema this class writes: typed configuration in one JSON object. */
    public static final String SCHEMA = "2";
    /** Metadata key of the configuration, a JSON object. */
    public static final String CONFIG_KEY = "otto.config";
    /** Prefix of the string configuration entries of the first schema (read, never written). */
    public static final String LEGACY_CONFIG_PREFIX = "otto.config.";

    private ModelFile() {
    }

    /** What a model file holds. */
    public record Contents(String kind, ModelConfig config, Map<String, Tensor> tensors) {

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

    /**
     * Writes a model atomically.
     *
     * @param config the configuration, JSON-typed (see {@link ModelConfig#ModelConfig})
     */
    public static void save(Path file, String kind, Map<String, ?> config, List<Parameter> parameters)
            throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            if (tensors.put(p.name(), p.value()) != null) {
                throw new IllegalArgumentException("parameters: duplicate name " + p.name());
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(SCHEMA_KEY, SCHEMA);
        metadata.put(KIND_KEY, kind);
        metadata.put(CONFIG_KEY, new ModelConfig(kind, config).toJson());
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
        return new Contents(kind, config(file, kind, c.metadata()), c.tensors());
    }

    /** The typed configuration of either schema. */
    private static ModelConfig config(Path file, String kind, Map<String, String> metadata) throws CorruptFileException {
        String schema = metadata.get(SCHEMA_KEY);
        if (schema == null) {
            Map<String, String> legacy = new LinkedHashMap<>();
            metadata.forEach((k, v) -> {
                if (k.startsWith(LEGACY_CONFIG_PREFIX)) {
                    legacy.put(k.substring(LEGACY_CONFIG_PREFIX.length()), v);
                }
            });
            return LegacyModelConfig.of(kind, legacy);
        }
        if (!schema.equals(SCHEMA)) {
            throw new CorruptFileException(file.toString(), SCHEMA_KEY + " = \"" + schema
                    + "\" is not supported (this reader knows schemas 1 and " + SCHEMA + ")");
        }
        String json = metadata.get(CONFIG_KEY);
        if (json == null) {
            throw new CorruptFileException(file.toString(), "no '" + CONFIG_KEY + "' metadata");
        }
        Object parsed;
        try {
            parsed = Json.parse(json);
        } catch (IllegalStateException e) {
            throw new CorruptFileException(file.toString(), CONFIG_KEY + ": " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> m)) {
            throw new CorruptFileException(file.toString(), CONFIG_KEY + ": expected a JSON object");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        m.forEach((k, v) -> values.put((String) k, v));
        try {
            return new ModelConfig(kind, values);
        } catch (IllegalArgumentException e) {
            throw new CorruptFileException(file.toString(), CONFIG_KEY + ": " + e.getMessage());
        }
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
            if (key.equals(KIND_KEY) || key.equals(SafeTensors.FORMAT_KEY) || key.equals(SCHEMA_KEY)
                    || key.equals(CONFIG_KEY) || key.startsWith(LEGACY_CONFIG_PREFIX)) {
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
