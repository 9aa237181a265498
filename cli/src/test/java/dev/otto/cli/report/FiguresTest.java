package dev.otto.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Color;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Charts tell their series apart by colour. */
class FiguresTest {

    /** Twelve series, twelve colours: the proximal loss chart's nine parts no longer share one. */
    @Test
    void twelveSeriesGetTwelveColours() {
        Set<Color> colours = new HashSet<>();
        for (int k = 0; k < 12; k++) {
            colours.add(Figures.colour(k));
        }
        assertEquals(12, colours.size());
    }
}
