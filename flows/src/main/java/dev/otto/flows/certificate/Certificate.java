package dev.otto.flows.certificate;

import dev.otto.flows.io.Json;
import dev.otto.flows.io.ModelFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The certificate of a trained model: its checks in order (see {@link Check}), each holding the
 * model to a guarantee of MATH.md on held-out data. The model passes when no check fails; a
 * NOT_RESOLVABLE check is neither a pass nor a failure. Stored as JSON (in a model file's metadata
 * under {@value #METADATA_KEY}, in a report's metrics.json) and read back bit for bit.
 *
 * @param family the model family ("jko", "interpolation" or "proximal")
 * @param checks the checks in the order they were made
 */
public record Certificate(String family, List<Check> checks) {

    /** The model-file metadata key a certificate is stored under. */
    public static final String METADATA_KEY = "otto.certificate";

    public Certificate {
        checks = List.copyOf(checks);
    }

    /** True when no check failed. */
    public boolean passed() {
        return firstFailure().isEmpty();
    }

    /** The first failed check, if any. */
    public Optional<Check> firstFailure() {
        return checks.stream().filter(Check::failed).findFirst();
    }

    /** The checks whose id starts with {@code prefix} (e.g. "jko.w2-decay"). */
    public List<Check> checks(String prefix) {
        return checks.stream().filter(c -> c.id().startsWith(prefix)).toList();
    }

    /** The certificate as ordered maps and lists (for a JSON writer). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("family", family);
        m.put("passed", passed());
        List<Object> list = new ArrayList<>();
        checks.forEach(c -> list.add(c.toMap()));
        m.put("checks", list);
        return m;
    }

    /** Compact JSON that {@link #fromJson} reads back exactly. */
    public String toJson() {
        return Json.write(toMap());
    }

    /**
     * The certificate written by {@link #toJson}.
     *
     * @throws IllegalArgumentException if the text is not such a certificate
     */
    public static Certificate fromJson(String json) {
        Object root;
        try {
            root = Json.parse(json);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("certificate: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> m) || !(m.get("family") instanceof String family)
                || !(m.get("checks") instanceof List<?> list)) {
            throw new IllegalArgumentException("certificate: expected an object with 'family' and 'checks'");
        }
        List<Check> checks = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> c)) {
                throw new IllegalArgumentException("certificate: expected each check to be an object, got " + o);
            }
            checks.add(Check.fromMap(c));
        }
        return new Certificate(family, checks);
    }

    /** Records this certificate in a model file's metadata (under {@value #METADATA_KEY}). */
    public void saveTo(Path modelFile) throws IOException {
        ModelFile.putMetadata(modelFile, Map.of(METADATA_KEY, toJson()));
    }

    /** The certificate recorded in a model file, if any. */
    public static Optional<Certificate> readFrom(Path modelFile) throws IOException {
        String json = ModelFile.metadata(modelFile, METADATA_KEY);
        return json == null ? Optional.empty() : Optional.of(fromJson(json));
    }

    /** A plain-text table: check | measured | relation bound | floor | verdict, one line per check. */
    public String table() {
        int w = Math.max(5, checks.stream().mapToInt(c -> c.id().length()).max().orElse(5));
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-" + w + "s  %11s  %13s  %11s  %-14s  %s%n",
                "check", "measured", "bound", "floor", "verdict", "statement"));
        for (Check c : checks) {
            b.append(String.format(Locale.ROOT, "%-" + w + "s  %11s  %13s  %11s  %-14s  %s%n", c.id(),
                    Check.number(c.value()), c.relation() + " " + Check.number(c.bound()), Check.number(c.floor()),
                    c.verdict(), c.statement()));
        }
        b.append(passed() ? "certificate: all checks hold (or are not resolvable)"
                : "certificate: FAILED at " + firstFailure().get().summary());
        return b.toString();
    }
}
