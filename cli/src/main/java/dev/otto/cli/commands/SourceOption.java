package dev.otto.cli.commands;

import dev.otto.cli.BadInputException;
import dev.otto.cli.io.DataSource;
import dev.otto.cli.io.Reading;
import dev.otto.flows.data.Datasets;
import dev.otto.flows.interpolation.Source;

/**
 * {@code --source gaussian|NAME|FILE}: the law X_0 an interpolation flow starts from (MATH.md
 * section 5, "Sources other than N(0, I)"), with the file conventions of {@code --data}: N(0, I)
 * ("gaussian", the default), a built-in distribution, or a .npy/.csv file of samples (resampled
 * uniformly with replacement). The model file stores the source (by name, or its rows), so
 * {@code otto sample} draws from it again. A picture is refused: it could not be stored.
 */
final class SourceOption {

    private static final String OPTION = "--source";

    private SourceOption() {
    }

    /**
     * The source named by {@code value} for data of dimension {@code dimension}.
     *
     * @throws BadInputException naming --source: an unknown name, a bad file, a picture, a dimension
     *     other than the data's, or a source with --embed
     */
    static Source parse(String value, int dimension, boolean embedded, Reading reading) {
        if (value == null || value.equals("gaussian")) {
            return Source.standardGaussian(dimension);
        }
        if (embedded) {
            throw BadInputException.of(OPTION, "a source other than gaussian is not zero-padded by --embed; expected a"
                    + " file of the data's dimension " + dimension + " without --embed, got '" + value + "'");
        }
        DataSource d = DataSource.parse(OPTION, value, reading);
        if (d.dimension() != dimension) {
            throw BadInputException.of(OPTION, value + ": expected samples of dimension " + dimension
                    + " (the data's), got " + d.dimension());
        }
        if (d.fixed() != null) {
            return Source.rows(d.name(), d.fixed());
        }
        if (Datasets.names().contains(value)) {
            return Source.dataset(value);
        }
        throw BadInputException.of(OPTION, value + ": a picture cannot be stored in the model file as a source;"
                + " expected gaussian, a built-in distribution or a .npy/.csv file of samples");
    }
}
