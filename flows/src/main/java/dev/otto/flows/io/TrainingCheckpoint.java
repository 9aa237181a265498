package dev.otto.flows.io;

import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Parameter;
import dev.otto.autodiff.optim.Adam;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resumable state of a training run in one safetensors file, written atomically
 * ({@link SafeTensors}, {@link AtomicFiles}), so a crash while saving leaves the previous
 * checkpoint intact. A trainer fills one with {@code put...} and {@link #write}s it; on resume it
 * {@link #read}s it, checks its settings against the run's ({@link #checkSettings}) and takes the
 * state back.
 *
 * <p>Layout: metadata {@value #KIND_KEY} = the trainer's kind (for example "interpolation");
 * {@value #SETTING_PREFIX}key = a setting the resumed run must match (configuration, data,
 * architecture); {@value #STATE_PREFIX}key = scalar state (iteration count, generator state, wall
 * time, loss parts). Tensors: parameters by name, optimiser moments as
 * {@code <prefix>m.<parameter>} and {@code <prefix>v.<parameter>} (the step count is the state
 * {@code <prefix>steps}), and arrays such as the loss history. Every tensor is float64, so values
 * round-trip bit for bit; scalar doubles are stored with {@link Double#toString}, which
 * {@link Double#parseDouble} inverts exactly.
 *
 * <p>Nothing non-finite is ever written: {@link #write} refuses a checkpoint with a non-finite
 * tensor, and the file on disk is then left as it was.
 */
public final class TrainingCheckpoint {

    /** The metadata key holding the trainer's kind. */
    public static final String KIND_KEY = "otto.checkpoint";
    /** The metadata prefix of the settings a resumed run must match. */
    public static final String SETTING_PREFIX = "otto.setting.";
    /** The metadata prefix of the scalar state. */
    public static final String STATE_PREFIX = "otto.state.";

    private final String kind;
    private final Path file;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final Map<String, String> state = new LinkedHashMap<>();
    private final Map<String, Tensor> tensors = new LinkedHashMap<>();

    /** An empty checkpoint of the given kind, to fill and write. */
    public TrainingCheckpoint(String kind) {
        this(kind, null);
    }

    private TrainingCheckpoint(String kind, Path file) {
        if (kind == null || kind.isEmpty()) {
            throw new IllegalArgumentException("kind: expected a non-empty trainer kind, got " + kind);
        }
        this.kind = kind;
        this.file = file;
    }

    public String kind() {
        return kind;
    }

    /** The file this checkpoint was read from, or null for one being built. */
    public Path file() {
        return file;
    }

    /** The settings, in insertion (file) order. */
    public Map<String, String> settings() {
        return Collections.unmodifiableMap(settings);
    }

    /** Records a setting the resumed run must match. */
    public TrainingCheckpoint putSetting(String key, String value) {
        settings.put(key, value);
        return this;
    }

    /** Records every setting of {@code m}. */
    public TrainingCheckpoint putSettings(Map<String, String> m) {
        m.forEach(this::putSetting);
        return this;
    }

    /** Records a scalar state value. */
    public TrainingCheckpoint putState(String key, String value) {
        state.put(key, value);
        return this;
    }

    public TrainingCheckpoint putState(String key, long value) {
        return putState(key, Long.toString(value));
    }

    public TrainingCheckpoint putState(String key, double value) {
        return putState(key, Double.toString(value));
    }

    /** Records a tensor (float64, bit for bit). */
    public TrainingCheckpoint putTensor(String name, Tensor t) {
        if (tensors.put(name, t) != null) {
            throw new IllegalArgumentException("name: the checkpoint already has a tensor '" + name + "'");
        }
        return this;
    }

    /** Records the parameters' values under their names. */
    public TrainingCheckpoint putParameters(List<Parameter> params) {
        for (Parameter p : params) {
            putTensor(p.name(), p.value());
        }
        return this;
    }

    /**
     * Records the optimiser's state for {@code params}: moments {@code prefix m./v.name}, state
     * {@code prefix steps}, and {@code prefix learningRateScale} when the rate was scaled (absent at
     * 1, so a run that never rolled back writes what older versions wrote).
     */
    public TrainingCheckpoint putOptimizer(String prefix, List<Parameter> params, Adam adam) {
        Adam.State s = adam.state(params);
        for (int k = 0; k < params.size(); k++) {
            Tensor shape = params.get(k).value();
            Adam.Moments m = s.moments().get(k);
            putTensor(prefix + "m." + m.name(), Tensor.wrap(shape.rows(), shape.cols(), m.first()));
            putTensor(prefix + "v." + m.name(), Tensor.wrap(shape.rows(), shape.cols(), m.second()));
        }
        if (adam.learningRateScale() != 1.0) {
            putState(prefix + "learningRateScale", adam.learningRateScale());
        }
        return putState(prefix + "steps", s.iterations());
    }

    /**
     * Writes the checkpoint to {@code target} atomically.
     *
     * @throws IllegalStateException naming the tensor if one holds a non-finite value (nothing is written)
     * @throws IOException naming the file if the write fails (the previous file is then unchanged)
     */
    public void write(Path target) throws IOException {
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (!e.getValue().isFinite()) {
                throw new IllegalStateException(target + ": refusing to write a checkpoint whose tensor '" + e.getKey()
                        + "' holds a non-finite value (the previous checkpoint is kept)");
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(KIND_KEY, kind);
        settings.forEach((k, v) -> metadata.put(SETTING_PREFIX + k, v));
        state.forEach((k, v) -> metadata.put(STATE_PREFIX + k, v));
        SafeTensors.write(target, tensors, metadata);
    }

    /**
     * Reads a checkpoint written by a trainer of kind {@code expectedKind}.
     *
     * @throws NoSuchFileException naming the file if it does not exist
     * @throws CorruptFileException naming the file if it is not a safetensors file or not a checkpoint
     * @throws IllegalArgumentException naming the file if it is a checkpoint of another trainer
     */
    public static TrainingCheckpoint read(Path source, String expectedKind) throws IOException {
        if (source == null) {
            throw new IllegalArgumentException("file: expected a checkpoint path, got null");
        }
        if (!Files.exists(source)) {
            throw new NoSuchFileException(source.toString(), null, "no such checkpoint file");
        }
        SafeTensors.Contents c = SafeTensors.read(source);
        String kind = c.metadata().get(KIND_KEY);
        if (kind == null) {
            throw new CorruptFileException(source.toString(), "not an Otto training checkpoint (no '" + KIND_KEY
                    + "' metadata)");
        }
        if (expectedKind != null && !expectedKind.equals(kind)) {
            throw new IllegalArgumentException(source + ": is a checkpoint of the '" + kind + "' trainer, expected '"
                    + expectedKind + "'");
        }
        TrainingCheckpoint ck = new TrainingCheckpoint(kind, source);
        c.metadata().forEach((k, v) -> {
            if (k.startsWith(SETTING_PREFIX)) {
                ck.settings.put(k.substring(SETTING_PREFIX.length()), v);
            } else if (k.startsWith(STATE_PREFIX)) {
                ck.state.put(k.substring(STATE_PREFIX.length()), v);
            }
        });
        ck.tensors.putAll(c.tensors());
        return ck;
    }

    /**
     * Checks that this checkpoint was written for the settings {@code current}: the same keys with
     * the same values.
     *
     * @throws IllegalArgumentException naming the file and every setting that differs, with both values
     */
    public void checkSettings(Map<String, String> current) {
        List<String> diffs = new ArrayList<>();
        for (Map.Entry<String, String> e : current.entrySet()) {
            String saved = settings.get(e.getKey());
            if (!e.getValue().equals(saved)) {
                diffs.add(e.getKey() + " = " + e.getValue() + " in this run, "
                        + (saved == null ? "absent" : saved) + " in the checkpoint");
            }
        }
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (!current.containsKey(e.getKey())) {
                diffs.add(e.getKey() + " = " + e.getValue() + " in the checkpoint, absent in this run");
            }
        }
        if (!diffs.isEmpty()) {
            throw new IllegalArgumentException(where() + ": was written for different settings than this run's: "
                    + String.join("; ", diffs));
        }
    }

    /** A scalar state value. */
    public String requireState(String key) throws CorruptFileException {
        String v = state.get(key);
        if (v == null) {
            throw new CorruptFileException(where(), "the checkpoint has no state entry '" + key + "'");
        }
        return v;
    }

    public long requireLong(String key) throws CorruptFileException {
        String v = requireState(key);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new CorruptFileException(where(), "state entry '" + key + "' is not an integer: \"" + v + "\"", e);
        }
    }

    public int requireInt(String key) throws CorruptFileException {
        long v = requireLong(key);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new CorruptFileException(where(), "state entry '" + key + "' is out of the int range: " + v);
        }
        return (int) v;
    }

    public double requireDouble(String key) throws CorruptFileException {
        String v = requireState(key);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new CorruptFileException(where(), "state entry '" + key + "' is not a number: \"" + v + "\"", e);
        }
    }

    /** The scalar state entries whose keys start with {@code prefix}, prefix removed, in file order. */
    public Map<String, String> stateWithPrefix(String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        state.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    public boolean hasTensor(String name) {
        return tensors.containsKey(name);
    }

    /** A tensor by name. */
    public Tensor requireTensor(String name) throws CorruptFileException {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new CorruptFileException(where(), "the checkpoint has no tensor '" + name + "'");
        }
        return t;
    }

    /**
     * Sets the parameters to the values stored under their names.
     *
     * @throws CorruptFileException if a tensor is missing
     * @throws IllegalArgumentException naming the parameter if its shape differs from the stored one
     */
    public void loadParameters(List<Parameter> params) throws CorruptFileException {
        for (Parameter p : params) {
            Tensor t = requireTensor(p.name());
            if (!t.sameShape(p.value())) {
                throw new IllegalArgumentException(where() + ": parameter '" + p.name() + "' has shape " + t.shape()
                        + " in the checkpoint, " + p.value().shape() + " in this run's model");
            }
            p.set(t);
        }
    }

    /** Restores {@code adam}'s state for {@code params} from what {@link #putOptimizer} stored under {@code prefix}. */
    public void restoreOptimizer(String prefix, List<Parameter> params, Adam adam) throws CorruptFileException {
        List<Adam.Moments> moments = new ArrayList<>(params.size());
        for (Parameter p : params) {
            Tensor m = requireTensor(prefix + "m." + p.name());
            Tensor v = requireTensor(prefix + "v." + p.name());
            if (!m.sameShape(p.value()) || !v.sameShape(p.value())) {
                throw new IllegalArgumentException(where() + ": optimiser moments of '" + p.name() + "' have shape "
                        + m.shape() + " in the checkpoint, the parameter " + p.value().shape());
            }
            moments.add(new Adam.Moments(p.name(), m.toArray(), v.toArray()));
        }
        int steps = requireInt(prefix + "steps");
        if (steps < 0) {
            throw new CorruptFileException(where(), "state entry '" + prefix + "steps' is negative: " + steps);
        }
        adam.restore(params, new Adam.State(steps, moments));
        if (state.containsKey(prefix + "learningRateScale")) {
            adam.scaleLearningRate(requireDouble(prefix + "learningRateScale") / adam.learningRateScale());
        }
    }

    private String where() {
        return file == null ? "<unsaved checkpoint>" : file.toString();
    }
}
