package dev.otto.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Numbers in reports' JSON read back as the numbers written, to 10 significant digits. */
class JsonWriterTest {

    @Test
    void numbersKeepTheirExponent() {
        for (double d : new double[] {4.923591625e-20, 1e-10, 2.5e10, 1e20, -3e-30, 100.0, 0.125, 0.0, 123456.789, 7e-5}) {
            String s = JsonWriter.number(d);
            assertEquals(d, Double.parseDouble(s), Math.abs(d) * 1e-9, d + " written as " + s);
        }
        assertEquals("4.5e-20", JsonWriter.number(4.5e-20));
        assertEquals("1.23e-10", JsonWriter.number(1.23e-10));
    }

    @Test
    void aMapOfNumbersRoundTrips() {
        String json = JsonWriter.write(Map.of("bound", 4.923591625e-20));
        assertEquals(4.923591625e-20, Double.parseDouble(json.replaceAll("(?s).*\"bound\": *([^\\s,}]+).*", "$1")), 1e-29, json);
    }
}
