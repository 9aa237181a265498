package dev.otto.cli.commands;

import dev.otto.cli.io.FileNames;
import dev.otto.cli.io.Models;
import dev.otto.cli.io.StagedOutputs;
import dev.otto.cli.io.TorchLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code otto export MODEL --torch FILE}: the model's tensors in PyTorch's {@code nn.Linear} layout
 * ({@link TorchLayout}; docs/model-format.md), for {@code tools/otto_torch.py} or any PyTorch code.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a saved model in PyTorch's layout: nn.Linear weights [out, in], biases [out], float64,"
                + " configuration as typed JSON (see docs/model-format.md).")
public final class ExportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "Model file written by otto train.")
    Path model;

    @Option(names = "--torch", required = true, paramLabel = "FILE",
            description = "Output .safetensors file in PyTorch layout.")
    Path torch;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        FileNames.requireExtension("--torch", torch, ".safetensors");
        try (StagedOutputs staged = new StagedOutputs()) {
            Path file = staged.file("--torch", torch);
            Models.load("MODEL", model);
            TorchLayout.export(model, file);
            staged.commit();
        }
        spec.commandLine().getOut().println("wrote " + torch + " (PyTorch layout)");
        return 0;
    }
}
