package dev.otto.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Opens a report page in headless Chromium, where one is installed (on Debian: {@code apt-get
 * install chromium}; the tests that use it skip without it, so the build never depends on it).
 *
 * <p>The page is loaded twice. A copy of it beside the original, with a script appended, reports
 * after the load event how many of its images decoded (complete with a natural width) and which
 * errors were raised, script errors and failed resource loads alike, into attributes of the body
 * that {@code --dump-dom} prints. The page itself is rendered to a screenshot for a person (and a
 * check for blankness) to look at.
 */
public final class HeadlessChromium {

    /** The executables tried, in order, on the PATH. */
    static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable");

    private static final String PROBE = "<script>(function () {\n"
            + "  var errors = [];\n"
            + "  window.addEventListener('error', function (e) {\n"
            + "    errors.push(e.target && e.target.src ? 'failed to load ' + e.target.src : String(e.message));\n"
            + "  }, true);\n"
            + "  window.addEventListener('load', function () {\n"
            + "    var images = Array.prototype.slice.call(document.images);\n"
            + "    var decoded = images.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length;\n"
            + "    document.body.setAttribute('data-images', decoded + '/' + images.length);\n"
            + "    document.body.setAttribute('data-errors', errors.join(' | '));\n"
            + "  });\n"
            + "})();</script>\n";

    private static final Pattern IMAGES = Pattern.compile("data-images=\"(\\d+)/(\\d+)\"");
    private static final Pattern ERRORS = Pattern.compile("data-errors=\"([^\"]*)\"");

    /** What the browser saw: images decoded of images on the page, the errors raised, the screenshot. */
    public record Rendered(int decoded, int images, String errors, Path screenshot) {
    }

    private final Path executable;

    private HeadlessChromium(Path executable) {
        this.executable = executable;
    }

    /** Where the screenshots are kept after the run (build output, never committed). */
    static final Path SCREENSHOTS = Path.of("target", "browser-screenshots");

    /**
     * Renders {@code report/index.html}, checks what the browser saw and keeps the screenshot as
     * {@code name}.png (a window {@code height} pixels tall, enough for the whole page); does nothing
     * where no Chromium is installed.
     */
    public static void check(Path report, String name, int charts, int height)
            throws IOException, InterruptedException {
        Optional<HeadlessChromium> chromium = find();
        if (chromium.isEmpty()) {
            return;
        }
        Files.createDirectories(SCREENSHOTS);
        Path shot = SCREENSHOTS.resolve(name + ".png");
        HeadlessChromium.Rendered r = chromium.get().render(report.resolve("index.html"), shot, height);
        assertEquals("", r.errors(), "errors while loading " + report);
        assertEquals(r.images(), r.decoded(), "images that decoded in " + report);
        assertTrue(r.images() >= charts, r.images() + " images on the page, expected " + charts);
        BufferedImage img = ImageIO.read(shot.toFile());
        assertTrue(img != null && img.getWidth() == 1340, "screenshot " + shot);
        assertTrue(coloured(img) > 200, "the screenshot shows the charts' coloured series, not a blank or grey page: "
                + shot);
    }

    /**
     * Pixels of a saturated colour (channels more than 80 apart): the charts' series, points and
     * colour bars, never the page's black text, grey rules or white background. Every second pixel
     * of every second row is looked at.
     */
    private static int coloured(BufferedImage img) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y);
                int r = rgb >> 16 & 0xff;
                int g = rgb >> 8 & 0xff;
                int b = rgb & 0xff;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 80) {
                    n++;
                }
            }
        }
        return n;
    }

    /** The first of {@link #NAMES} found executable on the PATH, if any. */
    public static Optional<HeadlessChromium> find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String name : NAMES) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(new HeadlessChromium(candidate));
                }
            }
        }
        return Optional.empty();
    }

    /** The message a test skips with when no browser is found. */
    public static String missing() {
        return "no headless Chromium on the PATH (tried " + String.join(", ", NAMES) + "); on Debian or Ubuntu"
                + " 'apt-get install chromium' provides one";
    }

    /**
     * Loads {@code page} (an HTML file) and renders it to {@code screenshot}, {@code height} pixels
     * tall at the report's 1340-pixel width.
     */
    public Rendered render(Path page, Path screenshot, int height) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("otto-chromium");
        Path probe = page.resolveSibling("." + page.getFileName() + ".probe.html");
        try {
            String html = Files.readString(page, StandardCharsets.UTF_8);
            int end = html.lastIndexOf("</body>");
            Files.writeString(probe, end < 0 ? html + PROBE : html.substring(0, end) + PROBE + html.substring(end));
            String dom = run(profile, "--virtual-time-budget=10000", "--dump-dom", probe.toUri().toString());
            Matcher images = IMAGES.matcher(dom);
            if (!images.find()) {
                throw new AssertionError("the page's load event never ran in " + executable + ":\n" + dom);
            }
            Matcher errors = ERRORS.matcher(dom);
            run(profile, "--hide-scrollbars", "--window-size=1340," + height, "--screenshot=" + screenshot.toAbsolutePath(),
                    page.toUri().toString());
            return new Rendered(Integer.parseInt(images.group(1)), Integer.parseInt(images.group(2)),
                    errors.find() ? errors.group(1) : "", screenshot);
        } finally {
            Files.deleteIfExists(probe);
            deleteTree(profile);
        }
    }

    private String run(Path profile, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--no-first-run", "--user-data-dir=" + profile));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(profile, "out", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(executable + " did not finish in 120 s: " + command);
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // the browser may still be removing its own files: the temporary folder is left behind
        }
    }
}
