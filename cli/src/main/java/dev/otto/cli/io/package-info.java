/**
 * What the commands read and write: matrices in .npy/.csv ({@code MatrixFiles}), the {@code --data}
 * of a command ({@code DataSource}), model files of any family ({@code Models}), and
 * all-or-nothing outputs ({@code StagedOutputs}).
 */
package dev.otto.cli.io;
