package dev.otto.cli.commands;

import dev.otto.cli.LossHistory;
import dev.otto.cli.report.ModelReport;
import dev.otto.flows.Flow;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What one family's training produced: the flow, how to save it, what only this family adds to a
 * report, the reason training failed early (null if it did not), and whether it stopped on request
 * (Ctrl-C or --stop-after) with its progress in the checkpoint rather than complete.
 */
record Trained(Flow flow, ModelWriter writer, ReportExtras extras, String failure, boolean stopped) {

    /** Saves the model file. */
    @FunctionalInterface
    interface ModelWriter {
        void save(Path file) throws IOException;
    }

    /** Adds family-specific charts and figures to a model's report section. */
    @FunctionalInterface
    interface ReportExtras {
        void add(ModelReport report, LossHistory history) throws IOException;

        static ReportExtras none() {
            return (r, h) -> { };
        }
    }
}
