package dev.otto.cli.report;

import dev.otto.flows.certificate.Certificate;
import dev.otto.flows.certificate.Check;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A report folder: {@code index.html} (open it in a browser) showing, per section, a table of the
 * measured figures with their definitions, notes, and the PNG charts; and {@code metrics.json}
 * with every number, its definition and every chart's caption, for scripts.
 *
 * <p>The report is written into the folder it is given (a staging folder of
 * {@link dev.otto.cli.io.StagedOutputs} in the commands), charts first, then the two index files.
 */
public final class Report {

    /**
     * One measured figure and its standard error (NaN where its definition promises none, MATH.md
     * section 7).
     */
    public record Metric(String name, double value, double standardError, String definition) {
    }

    /** One chart, a PNG file in the report folder. */
    public record Chart(String file, String caption) {
    }

    private static final class Section {
        final List<Metric> metrics = new ArrayList<>();
        Certificate certificate;
        final List<Chart> charts = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
    }

    private final Path dir;
    private final String title;
    private final Map<String, Section> sections = new LinkedHashMap<>();
    private boolean colourConvention;

    public Report(Path dir, String title) {
        this.dir = dir;
        this.title = title;
    }

    /** The folder the report is written to. */
    public Path directory() {
        return dir;
    }

    /**
     * States the {@link Palette}'s colour convention at the top of the page: for reports whose
     * charts draw noise, data, generated samples or a coupling's two sides.
     */
    public void showColourConvention() {
        colourConvention = true;
    }

    /** Registers a chart of {@code section} and returns the path to draw it to. */
    public Path chart(String section, String file, String caption) {
        if (!file.endsWith(".png") || file.contains("/") || file.contains("\\")) {
            throw new IllegalArgumentException("file: expected a plain .png file name, got " + file);
        }
        section(section).charts.add(new Chart(file, caption));
        return dir.resolve(file);
    }

    /** A figure with no standard error (an exact or deterministic quantity). */
    public void metric(String section, String name, double value, String definition) {
        metric(section, name, value, Double.NaN, definition);
    }

    /**
     * An estimate with its standard error (s / sqrt(n) for a sample mean, the jackknife for MMD^2):
     * shown as "value +- standard error" on the page and as {@code standardError} beside
     * {@code value} in metrics.json (left out when NaN).
     */
    public void metric(String section, String name, double value, double standardError, String definition) {
        section(section).metrics.add(new Metric(name, value, standardError, definition));
    }

    public void note(String section, String text) {
        section(section).notes.add(text);
    }

    /**
     * The certificate of the section's model: a table in index.html (failed checks marked), and in
     * metrics.json the whole certificate and, for a JKO flow, its per-block W2-decay table.
     */
    public void certificate(String section, Certificate certificate) {
        section(section).certificate = certificate;
    }

    /** The metrics of {@code section} (in insertion order). */
    public List<Metric> metrics(String section) {
        Section s = sections.get(section);
        return s == null ? List.of() : List.copyOf(s.metrics);
    }

    /** The section names, in order. */
    public List<String> sections() {
        return List.copyOf(sections.keySet());
    }

    /** Writes index.html and metrics.json. */
    public void write() throws IOException {
        write("metrics.json", JsonWriter.write(json()));
        write("index.html", html());
    }

    private Section section(String name) {
        return sections.computeIfAbsent(name, k -> new Section());
    }

    private Map<String, Object> json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("title", title);
        root.put("generated", Instant.now().toString());
        Map<String, Object> secs = new LinkedHashMap<>();
        sections.forEach((name, s) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            Map<String, Object> metrics = new LinkedHashMap<>();
            for (Metric x : s.metrics) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("value", x.value());
                if (!Double.isNaN(x.standardError())) {
                    one.put("standardError", x.standardError());
                }
                one.put("definition", x.definition());
                metrics.put(x.name(), one);
            }
            m.put("metrics", metrics);
            List<Object> charts = new ArrayList<>();
            for (Chart c : s.charts) {
                charts.add(Map.of("file", c.file(), "caption", c.caption()));
            }
            m.put("charts", charts);
            m.put("notes", new ArrayList<Object>(s.notes));
            if (s.certificate != null) {
                m.put("certificate", s.certificate.toMap());
                List<Check> decay = s.certificate.checks("jko.w2-decay");
                if (!decay.isEmpty()) {
                    m.put("w2Decay", w2DecayTable(decay));
                }
            }
            secs.put(name, m);
        });
        root.put("sections", secs);
        return root;
    }

    /**
     * One row per JKO block: W2^2(p_k, q) of the saved flow's own map, the Theorem 4.3 bound, the
     * estimator's floor and the verdict (from the certificate's jko.w2-decay checks).
     */
    private static List<Object> w2DecayTable(List<Check> decay) {
        List<Object> rows = new ArrayList<>();
        for (int k = 0; k < decay.size(); k++) {
            Check c = decay.get(k);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("block", k + 1);
            row.put("w2SquaredToNoise", c.value());
            row.put("theorem43Bound", c.bound());
            row.put("estimatorFloor", c.floor());
            row.put("verdict", c.verdict().name());
            rows.add(row);
        }
        return rows;
    }

    private static void certificateTable(StringBuilder b, Certificate c) {
        b.append("<h3>Certificate: ").append(c.passed() ? "all checks hold" : "FAILED at "
                + escape(c.firstFailure().get().id())).append("</h3>\n");
        b.append("<table>\n<tr><th>check</th><th>measured</th><th>bound</th><th>estimator floor</th><th>verdict</th>"
                + "<th>rests on</th><th>meaning</th></tr>\n");
        for (Check k : c.checks()) {
            String style = k.failed() ? " style=\"background:#fdd\"" : "";
            b.append("<tr").append(style).append("><td>").append(escape(k.id())).append("</td><td class=\"num\">")
                    .append(escape(format(k.value()))).append("</td><td class=\"num\">")
                    .append(escape(k.relation() + " " + format(k.bound()))).append("</td><td class=\"num\">")
                    .append(escape(format(k.floor()))).append("</td><td>").append(k.verdict()).append("</td><td>")
                    .append(escape(k.statement())).append("</td><td>").append(escape(k.meaning())).append("</td></tr>\n");
        }
        b.append("</table>\n");
    }

    private String html() {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(title)).append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;max-width:1340px;margin:2em auto;padding:0 1em;color:#222}\n")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;")
                .append("text-align:left;vertical-align:top}td.num{text-align:right;font-family:monospace}\n")
                .append("figure{display:inline-block;margin:0 6px 12px 0;width:642px;vertical-align:top}figcaption{font-size:90%;color:#555}\n")
                .append("img{width:640px;border:1px solid #ddd}\n</style>\n</head>\n<body>\n<h1>")
                .append(escape(title)).append("</h1>\n<p>Generated ").append(escape(Instant.now().toString()))
                .append(" by Otto. The numbers are also in <a href=\"metrics.json\">metrics.json</a>.")
                .append(hasStandardErrors() ? " An estimate with a standard error is shown as value &plusmn; standard"
                        + " error (s/&radic;n for a sample mean, the jackknife for MMD^2), as its definition says." : "")
                .append("</p>\n");
        if (colourConvention) {
            b.append("<p class=\"legend\">").append(escape(Palette.LEGEND)).append("</p>\n");
        }
        sections.forEach((name, s) -> {
            b.append("<h2>").append(escape(name)).append("</h2>\n");
            for (String n : s.notes) {
                b.append("<p>").append(escape(n)).append("</p>\n");
            }
            if (!s.metrics.isEmpty()) {
                b.append("<table>\n<tr><th>figure</th><th>value</th><th>definition</th></tr>\n");
                for (Metric m : s.metrics) {
                    b.append("<tr><td>").append(escape(m.name())).append("</td><td class=\"num\">")
                            .append(escape(format(m.value()))).append(Double.isNaN(m.standardError()) ? ""
                                    : " &plusmn; " + escape(format(m.standardError()))).append("</td><td>")
                            .append(escape(m.definition()))
                            .append("</td></tr>\n");
                }
                b.append("</table>\n");
            }
            if (s.certificate != null) {
                certificateTable(b, s.certificate);
            }
            for (Chart c : s.charts) {
                b.append("<figure><img src=\"").append(escape(c.file())).append("\" alt=\"").append(escape(c.caption()))
                        .append("\"><figcaption>").append(escape(c.caption())).append("</figcaption></figure>\n");
            }
        });
        return b.append("</body>\n</html>\n").toString();
    }

    private boolean hasStandardErrors() {
        return sections.values().stream().flatMap(s -> s.metrics.stream()).anyMatch(m -> !Double.isNaN(m.standardError()));
    }

    /** A number as the report shows it: 4 significant digits, "n/a" for NaN. */
    public static String format(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4g", v);
    }

    private void write(String file, String text) throws IOException {
        dev.otto.flows.io.AtomicFiles.write(dir.resolve(file), ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
