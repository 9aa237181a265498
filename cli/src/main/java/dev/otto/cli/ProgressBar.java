package dev.otto.cli;

import dev.otto.flows.Retraining;
import dev.otto.flows.Rollback;
import dev.otto.flows.TrainingListener;
import dev.otto.flows.TrainingProgress;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/**
 * A progress bar for training on the terminal (standard error):
 * <pre>
 * train jko  [##########..........]  50%  block 4/8  it 120/300  loss 2.731  0:42 left
 * </pre>
 * On an interactive terminal the line is redrawn in place at most ten times a second; when the
 * output is a file or a pipe (CI logs), one line is printed per tenth of the work instead, so logs
 * stay short. The remaining time is the elapsed time scaled by the fraction of work left. A
 * rollback of a bad step or the retraining of a block is printed on a line of its own.
 */
public final class ProgressBar implements TrainingListener {

    private static final int WIDTH = 20;

    private final String label;
    private final PrintWriter err;
    private final boolean interactive;
    private long lastDraw;
    private int lastTenth = -1;
    private boolean drawn;

    public ProgressBar(String label, PrintWriter err, boolean interactive) {
        this.label = label;
        this.err = err;
        this.interactive = interactive;
    }

    /** A bar on standard error, interactive when the JVM has a console. */
    public static ProgressBar onStandardError(String label, PrintWriter err) {
        return new ProgressBar(label, err, System.console() != null);
    }

    @Override
    public void onProgress(TrainingProgress p) {
        double f = Math.min(1, Math.max(0, p.fractionDone()));
        boolean last = p.stage() == p.stages() - 1 && p.iteration() == p.iterations() - 1;
        if (interactive) {
            long now = System.nanoTime();
            if (!last && drawn && now - lastDraw < 100_000_000L) {
                return;
            }
            lastDraw = now;
            drawn = true;
            err.print("\r" + line(p, f) + "   ");
            if (last) {
                err.println();
            }
            err.flush();
        } else {
            int tenth = (int) Math.floor(f * 10);
            if (tenth > lastTenth || last) {
                lastTenth = tenth;
                err.println(line(p, f));
                err.flush();
            }
        }
    }

    /** Prints what the trainer's divergence policy undid, on a line of its own. */
    @Override
    public void onRollback(Rollback r) {
        notice(r.toString());
    }

    /** Prints which block is trained again and why, on a line of its own. */
    @Override
    public void onRetraining(Retraining r) {
        notice(r.toString());
    }

    private void notice(String message) {
        if (interactive && drawn) {
            err.println();
        }
        err.println(label + ": " + message);
        err.flush();
    }

    /** Ends an interactive line early (training stopped before its last iteration). */
    public void finish() {
        if (interactive && drawn) {
            err.println();
            err.flush();
        }
    }

    String line(TrainingProgress p, double f) {
        int filled = (int) Math.round(f * WIDTH);
        StringBuilder b = new StringBuilder(label).append("  [");
        for (int i = 0; i < WIDTH; i++) {
            b.append(i < filled ? '#' : '.');
        }
        b.append(String.format(Locale.ROOT, "] %3d%%", Math.round(100 * f)));
        if (p.stages() > 1) {
            b.append(String.format(Locale.ROOT, "  block %d/%d", p.stage() + 1, p.stages()));
        }
        b.append(String.format(Locale.ROOT, "  it %d/%d", p.iteration() + 1, p.iterations()));
        Map.Entry<String, Double> loss = headline(p.lossParts());
        if (loss != null) {
            b.append(String.format(Locale.ROOT, "  %s %.4g", loss.getKey(), loss.getValue()));
        }
        if (f > 0 && f < 1) {
            b.append("  ").append(clock(p.elapsedSeconds() * (1 - f) / f)).append(" left");
        } else if (f >= 1) {
            b.append("  ").append(clock(p.elapsedSeconds())).append(" total");
        }
        return b.toString();
    }

    /** The loss part to show: "total" if present, else the first finite one. */
    private static Map.Entry<String, Double> headline(Map<String, Double> parts) {
        if (parts.containsKey("total")) {
            return Map.entry("loss", parts.get("total"));
        }
        for (Map.Entry<String, Double> e : parts.entrySet()) {
            if (Double.isFinite(e.getValue())) {
                return e;
            }
        }
        return null;
    }

    static String clock(double seconds) {
        long s = Math.round(Math.max(0, seconds));
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
