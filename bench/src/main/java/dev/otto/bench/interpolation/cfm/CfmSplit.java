package dev.otto.bench.interpolation.cfm;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The data of one (task, seed) of the protocol, written once as .npy files that both sides read, so
 * Otto and the PyTorch peer train and are scored on the same points: target rows split 10,000 /
 * 1,000 / 1,000 (train / validation / test), and source rows: 10,000 training rows for a data-set
 * source (a Gaussian source is drawn fresh each batch instead) and 1,000 test rows in every case
 * (N(0, I) draws for a Gaussian source), which each side transports through its flow to be scored
 * by W2 against the target's test rows.
 */
record CfmSplit(Tensor sourceTrain, Tensor sourceTest, Tensor train, Tensor validation, Tensor test) {

    static final int TRAIN = 10_000;
    static final int VALIDATION = 1_000;
    static final int TEST = 1_000;

    /** The split of {@code task} for {@code seed}, all rows from one generator seeded with it. */
    static CfmSplit draw(CfmTask task, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor target = task.target().sample(TRAIN + VALIDATION + TEST, rng);
        Tensor sourceTrain = task.gaussianSource() ? null : task.source().sample(TRAIN, rng);
        Tensor sourceTest = task.gaussianSource() ? Tensor.randn(TEST, 2, rng) : task.source().sample(TEST, rng);
        return new CfmSplit(sourceTrain, sourceTest, target.sliceRows(0, TRAIN),
                target.sliceRows(TRAIN, TRAIN + VALIDATION), target.sliceRows(TRAIN + VALIDATION, TRAIN + VALIDATION + TEST));
    }

    /** The folder of (task, seed) under {@code root}. */
    static Path folder(Path root, CfmTask task, long seed) {
        return root.resolve(task.name() + "-" + seed);
    }

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (sourceTrain != null) {
            Npy.write(dir.resolve("source_train.npy"), sourceTrain);
        }
        Npy.write(dir.resolve("source_test.npy"), sourceTest);
        Npy.write(dir.resolve("train.npy"), train);
        Npy.write(dir.resolve("val.npy"), validation);
        Npy.write(dir.resolve("test.npy"), test);
    }

    static CfmSplit read(Path dir) throws IOException {
        Path st = dir.resolve("source_train.npy");
        return new CfmSplit(Files.exists(st) ? Npy.read(st) : null, Npy.read(dir.resolve("source_test.npy")),
                Npy.read(dir.resolve("train.npy")), Npy.read(dir.resolve("val.npy")), Npy.read(dir.resolve("test.npy")));
    }
}
