/**
 * File formats (DESIGN.md, io): models as safetensors ({@link dev.otto.flows.io.SafeTensors}, named
 * float64 tensors plus string metadata with a format version, readable from Python), samples as
 * NumPy {@code .npy} ({@link dev.otto.flows.io.Npy}) or CSV ({@link dev.otto.flows.io.Csv}), and a
 * trainer's resumable state as a safetensors {@link dev.otto.flows.io.TrainingCheckpoint}. Every
 * write is atomic ({@link dev.otto.flows.io.AtomicFiles}); every malformed file raises a
 * {@link dev.otto.flows.io.CorruptFileException} that names the file and the problem. The formats
 * carry the samples and parameters of MATH.md sections 4-7 unchanged (float64, bit for bit).
 */
package dev.otto.flows.io;
