package dev.otto.cli.io;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.io.ModelFile;
import dev.otto.flows.io.Npy;
import dev.otto.flows.io.SafeTensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An Otto model file rewritten in PyTorch's layout (docs/model-format.md, "PyTorch export"): Otto
 * computes a layer as x W + b with W stored [in, out] and b as [1, out]; {@code torch.nn.Linear}
 * computes x W^T + b with {@code weight} [out, in] and {@code bias} [out]. So every 2-D tensor named
 * {@code *.weight} is transposed and every {@code *.bias} of one row becomes 1-D; other tensors are
 * copied as they are. Entries stay float64 (F64), so a model loaded with
 * {@code module.double()} computes what Otto computes. The metadata hold the model kind
 * ({@value ModelFile#KIND_KEY}), the layout ({@value #LAYOUT_KEY} = {@value #LAYOUT}) and the
 * configuration as one JSON object with typed values ({@value #CONFIG_KEY}, the native file's own
 * since its schema 2, see {@code dev.otto.flows.io.ModelConfig}; files of schema 1 are typed on reading).
 */
public final class TorchLayout {

    /** Metadata key naming the tensor layout. */
    public static final String LAYOUT_KEY = "otto.layout";
    /** The layout written: torch.nn.Linear's, version 1. */
    public static final String LAYOUT = "torch.nn.Linear/1";
    /** Metadata key of the configuration, a JSON object. */
    public static final String CONFIG_KEY = ModelFile.CONFIG_KEY;

    private TorchLayout() {
    }

    /** The tensors of {@code model} in PyTorch's layout, in the file's order. */
    public static Map<String, Npy.Array> tensors(ModelFile.Contents model) {
        Map<String, Npy.Array> out = new LinkedHashMap<>();
        model.tensors().forEach((name, t) -> out.put(name, torch(name, t)));
        return out;
    }

    private static Npy.Array torch(String name, Tensor t) {
        if (name.endsWith(".weight")) {
            return new Npy.Array(new int[] {t.cols(), t.rows()}, t.transpose().toArray());
        }
        if (name.endsWith(".bias") && t.rows() == 1) {
            return new Npy.Array(new int[] {t.cols()}, t.toArray());
        }
        return new Npy.Array(new int[] {t.rows(), t.cols()}, t.toArray());
    }

    /** The metadata of the exported file. */
    public static Map<String, String> metadata(ModelFile.Contents model) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(ModelFile.KIND_KEY, model.kind());
        meta.put(LAYOUT_KEY, LAYOUT);
        meta.put(CONFIG_KEY, model.config().toJson());
        return meta;
    }

    /** Reads the model file {@code in} and writes its PyTorch-layout export to {@code out} (atomically). */
    public static void export(Path in, Path out) throws IOException {
        ModelFile.Contents model = ModelFile.load(in, null);
        SafeTensors.writeArrays(out, tensors(model), metadata(model));
    }
}
