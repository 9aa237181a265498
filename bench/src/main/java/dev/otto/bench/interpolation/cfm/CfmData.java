package dev.otto.bench.interpolation.cfm;

import java.nio.file.Path;

/**
 * Writes the data of the protocol: {@code CfmData DIR TASKS SEEDS} draws the split of every task
 * (comma-separated names of {@link CfmTask}, or {@code all}) for every seed (comma-separated) into
 * {@code DIR/TASK-SEED/} ({@link CfmSplit}).
 */
public final class CfmData {

    private CfmData() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: CfmData DIR TASKS|all SEEDS (e.g. out all 42,43,44,45,46)");
        }
        Path root = Path.of(args[0]);
        for (CfmTask task : CfmRecord.tasks(args[1])) {
            for (long seed : CfmRecord.seeds(args[2])) {
                CfmSplit.draw(task, seed).write(CfmSplit.folder(root, task, seed));
            }
        }
    }
}
