package dev.otto.cli.io;

import dev.otto.cli.BadInputException;
import dev.otto.flows.Flow;
import dev.otto.flows.interpolation.InterpolationFlow;
import dev.otto.flows.io.ModelFile;
import dev.otto.flows.jko.JkoFlow;
import dev.otto.flows.proximal.ProximalFlow;
import dev.otto.ode.Integration;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a model file of any family: the file's {@code otto.model} metadata says which ("jko",
 * "interpolation" or "proximal"; see {@link ModelFile}).
 */
public final class Models {

    /** Tolerance of the adaptive solver that loaded interpolation models integrate with. */
    public static final double INTERPOLATION_TOLERANCE = 1e-5;

    private Models() {
    }

    /**
     * The model in {@code file}.
     *
     * @throws BadInputException naming {@code option} and the file: missing, unreadable, not an Otto
     *     model, or of an unknown kind
     */
    public static Flow load(String option, Path file) {
        if (Files.isDirectory(file)) {
            throw BadInputException.of(option, file + ": is a folder, expected a model file");
        }
        try {
            String kind = ModelFile.load(file, null).kind();
            return switch (kind) {
                case JkoFlow.KIND -> JkoFlow.load(file);
                case InterpolationFlow.KIND -> InterpolationFlow.load(file, Integration.adaptive(INTERPOLATION_TOLERANCE));
                case ProximalFlow.KIND -> ProximalFlow.load(file);
                default -> throw BadInputException.of(option, file + ": holds a model of unknown kind '" + kind
                        + "' (expected jko, interpolation or proximal)");
            };
        } catch (NoSuchFileException e) {
            throw BadInputException.of(option, file + ": file not found");
        } catch (AccessDeniedException e) {
            throw BadInputException.of(option, file + ": permission denied");
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadInputException b) {
                throw b;
            }
            String msg = String.valueOf(e.getMessage()).replace('\n', ' ');
            throw BadInputException.of(option, msg.startsWith(file.toString()) ? msg : file + ": " + msg);
        }
    }

    /** The family name a report shows for a model. */
    public static String family(Flow flow) {
        if (flow instanceof JkoFlow) {
            return "JKO flow";
        }
        if (flow instanceof InterpolationFlow) {
            return "Gaussian interpolation flow";
        }
        if (flow instanceof ProximalFlow) {
            return "W1/W2 proximal flow";
        }
        return flow.getClass().getSimpleName();
    }
}
