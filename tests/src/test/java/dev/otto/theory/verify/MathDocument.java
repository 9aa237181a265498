package dev.otto.theory.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docs/MATH.md as the ledger tests read it: its numbered sections ("## 4. JKO flows"), its
 * statement ids (a heading "#### `jko.contraction`" opens each statement's block) and the ids
 * reserved for properties still being written (blocks whose "Checked by" says "(reserved)"), and
 * the ids of the certificate checks of trained models (the bullets "- `jko.w2-decay[k]`: ..." of
 * the section "Certificates of trained models", without their block index).
 */
final class MathDocument {

    /** The modules that prefix statement ids. */
    static final Set<String> MODULES = Set.of("ot", "autodiff", "ode", "jko", "interpolation", "proximal", "metrics", "contracts");

    private static final Pattern SECTION = Pattern.compile("(?m)^## (\\d+)\\. ");
    private static final Pattern ID = Pattern.compile("(?m)^#### `([a-z]+\\.[a-z0-9-]+)`\\s*$");
    private static final Pattern CERTIFICATE = Pattern.compile("(?m)^- `([a-z]+\\.[a-z0-9-]+)(?:\\[k\\])?`:");
    private static final String CERTIFICATES = "\n## Certificates of trained models\n";

    final Path root;
    final Set<String> sections = new LinkedHashSet<>();
    final Set<String> ids = new LinkedHashSet<>();
    final Set<String> reserved = new LinkedHashSet<>();
    final Set<String> certificates = new LinkedHashSet<>();

    private MathDocument(Path root, String text) {
        this.root = root;
        Matcher s = SECTION.matcher(text);
        while (s.find()) {
            sections.add(s.group(1));
        }
        Matcher m = ID.matcher(text);
        while (m.find()) {
            String id = m.group(1);
            if (!ids.add(id)) {
                throw new IllegalStateException("docs/MATH.md defines " + id + " twice");
            }
            int end = text.indexOf("\n#", m.end());
            String block = text.substring(m.end(), end < 0 ? text.length() : end);
            if (block.contains("Checked by: (reserved)")) {
                reserved.add(id);
            }
        }
        int start = text.indexOf(CERTIFICATES);
        if (start >= 0) {
            int end = text.indexOf("\n## ", start + CERTIFICATES.length());
            Matcher c = CERTIFICATE.matcher(text.substring(start, end < 0 ? text.length() : end));
            while (c.find()) {
                certificates.add(c.group(1));
            }
        }
    }

    /** True when {@code id} is a statement id or a certificate check id of docs/MATH.md. */
    boolean resolves(String id) {
        return ids.contains(id) || certificates.contains(id);
    }

    /** Reads docs/MATH.md of the repository that holds the working directory. */
    static MathDocument load() {
        Path root = repositoryRoot();
        try {
            return new MathDocument(root, Files.readString(root.resolve("docs/MATH.md")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The nearest folder above the working directory (the module's) that holds docs/MATH.md. */
    static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("docs/MATH.md")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no docs/MATH.md above " + Path.of("").toAbsolutePath());
    }
}
