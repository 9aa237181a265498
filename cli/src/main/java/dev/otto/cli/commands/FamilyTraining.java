package dev.otto.cli.commands;

import dev.otto.cli.BadInputException;
import dev.otto.cli.Interrupt;
import dev.otto.cli.LossHistory;
import dev.otto.cli.ProgressBar;
import dev.otto.cli.RunFailedException;
import dev.otto.cli.eval.Certification;
import dev.otto.cli.eval.Evaluation;
import dev.otto.cli.io.DataSource;
import dev.otto.cli.io.Models;
import dev.otto.cli.io.StagedOutputs;
import dev.otto.cli.report.LossPanel;
import dev.otto.cli.report.ModelReport;
import dev.otto.cli.report.Report;
import dev.otto.flows.Retraining;
import dev.otto.flows.Rollback;
import dev.otto.flows.TrainingListener;
import dev.otto.flows.TrainingProgress;
import dev.otto.flows.certificate.Certificate;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The steps every {@code otto train <family>} takes around the family's own training: check the
 * options and the data before any work, show progress, checkpoint, write the model (and the report)
 * all at once at the end, certify it on held-out data (the certificate is printed and recorded in
 * the model file and the report), and remove the checkpoint of a completed run. Bad steps are
 * rolled back by the trainers' shared divergence policy ({@link DivergenceOptions}), each rollback
 * printed. If training stops early (the retries used up), the last good state is still written; if
 * it stops early or a check of the certificate fails, the command exits with status 1 naming the
 * reason.
 */
abstract class FamilyTraining implements Callable<Integer> {

    /** Points per stage on the report's loss curves. */
    private static final int CURVE_POINTS = 250;

    @Mixin
    TrainOptions options;

    @Mixin
    DivergenceOptions rollback;

    @Spec
    CommandSpec spec;

    /** The family's name in messages and file names: "jko", "interp" or "prox". */
    abstract String label();

    /** The report's charts of the training curves, one unit per chart. */
    abstract List<LossPanel> lossPanels();

    /** The family's report section title. */
    abstract String title(DataSource data);

    /**
     * Trains on {@code data}, reporting to {@code listener}, saving checkpoints to {@code checkpoint}
     * and, if {@code resume}, continuing from it.
     */
    abstract Trained train(DataSource data, TrainingListener listener, Path checkpoint, boolean resume)
            throws IOException;

    /** The bar's rollback and retraining notices without its progress line (for --quiet). */
    private static TrainingListener noticesOf(ProgressBar bar) {
        return new TrainingListener() {
            @Override
            public void onProgress(TrainingProgress p) {
            }

            @Override
            public void onRollback(Rollback r) {
                bar.onRollback(r);
            }

            @Override
            public void onRetraining(Retraining r) {
                bar.onRetraining(r);
            }
        };
    }

    @Override
    public Integer call() throws IOException {
        options.check();
        DataSource data = options.dataSource(spec.commandLine().getErr());
        Path checkpoint = options.checkpointFile();
        StagedOutputs.checkWritableFile("--checkpoint", checkpoint);
        if (options.resume && !Files.isRegularFile(checkpoint)) {
            throw BadInputException.of("--resume", "no checkpoint " + checkpoint + " to resume from");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Trained trained;
        Certificate certificate;
        try (StagedOutputs staged = new StagedOutputs()) {
            Path model = staged.file("--out", options.out);
            Path reportDir = options.report == null ? null : staged.directory("--report", options.report);
            LossHistory history = new LossHistory(CURVE_POINTS);
            ProgressBar bar = ProgressBar.onStandardError("train " + label(), err);
            TrainingListener listener = options.quiet ? LossHistory.both(history, noticesOf(bar))
                    : LossHistory.both(bar, history);
            try {
                trained = train(data, listener, checkpoint, options.resume);
            } finally {
                bar.finish();
            }
            if (trained.stopped()) {
                if (Interrupt.requested()) {
                    throw new RunFailedException("interrupted; the checkpoint " + checkpoint + " holds the progress:"
                            + " run the same command with --resume to continue");
                }
                out.println("stopped as asked; the checkpoint " + checkpoint + " holds the progress: run the same"
                        + " command with --resume (and a later or no --stop-after) to continue");
                return 0;
            }
            trained.writer().save(model);
            certificate = new Certification(options.evalSamples, options.seed).record(model, Models.load("--out", model),
                    data, options.data, options.embed, out);
            if (reportDir != null) {
                Report report = new Report(reportDir, "Otto: " + title(data));
                ModelReport section = new ModelReport(report, title(data), label());
                section.addModel(trained.flow(), data, new Evaluation(options.evalSamples, options.evalSamples, options.seed));
                section.addLosses(history, lossPanels());
                trained.extras().add(section, history);
                section.addCertificate(certificate);
                report.write();
            }
            staged.commit();
        }
        out.println("wrote " + options.out + (options.report == null ? "" : " and " + options.report.resolve("index.html")));
        if (trained.failure() != null) {
            throw new RunFailedException("training stopped early: " + trained.failure() + "; the last finite state is in "
                    + options.out);
        }
        Files.deleteIfExists(checkpoint);
        if (!certificate.passed()) {
            throw Certification.failure(certificate, options.out.toString());
        }
        return 0;
    }
}
