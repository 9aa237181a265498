package dev.otto.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.io.Npy;
import dev.otto.flows.io.NpyDtype;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inputs a stranger brings: float32 and integer .npy files (what NumPy and PyTorch write),
 * pictures as 2-D densities, CSV files with a declared header. Each is read to the same numbers as
 * its float64 equivalent, and a conversion is said once on standard error.
 */
class InputFormatsTest {

    @TempDir
    Path dir;

    private Path npy(String name, Tensor x, String descr) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, Npy.encode(new Npy.Array(new int[] {x.rows(), x.cols()}, x.toArray()), NpyDtype.parse(descr)));
        return f;
    }

    private static Cli.Result ok(String... args) {
        Cli.Result r = Cli.run(args);
        assertEquals(0, r.code(), r.toString());
        return r;
    }

    /** An n x 2 matrix of small integers (exact in every dtype) shifted by {@code shift}. */
    private static Tensor integers(int n, long seed, int shift) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[2 * n];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextInt(0, 60) + shift;
        }
        return Tensor.of(n, 2, v);
    }

    @Test
    void float32AndIntegerNpyGiveTheSameTransportAsFloat64() throws IOException {
        Tensor x = integers(12, 5, 0);
        Tensor y = integers(12, 6, 40);
        Cli.Result reference = ok("ot", "emd", npy("x64.npy", x, "<f8").toString(), npy("y64.npy", y, "<f8").toString());
        assertEquals("", reference.err(), "float64 is read without a note");
        for (String descr : new String[] {"<f4", ">f4", ">f8", "<i2", ">i4", "<i8", "|u1", ">u2", "<u8"}) {
            Path xt = npy("x.npy", x, descr);
            Path yt = npy("y.npy", y, descr);
            Cli.Result r = ok("ot", "emd", xt.toString(), yt.toString());
            assertEquals(reference.out(), r.out(), descr);
            List<String> notes = r.errLines();
            assertEquals(List.of("X: " + xt + ": " + NpyDtype.parse(descr).describe() + " entries converted to float64",
                    "Y: " + yt + ": " + NpyDtype.parse(descr).describe() + " entries converted to float64"), notes);
        }
        Path u8 = npy("u8.npy", x, "|u1");
        Cli.Result r = ok("ot", "emd", u8.toString(), u8.toString());
        assertEquals(List.of("X: " + u8 + ": uint8 entries converted to float64"), r.errLines(),
                "said once for one file read twice");
    }

    @Test
    void aPictureIsA2dDensityForData() throws IOException {
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 40, 30);
        g.setColor(Color.BLACK);
        g.fillOval(5, 5, 20, 20);
        g.dispose();
        Path png = dir.resolve("disc.png");
        Path jpg = dir.resolve("disc.jpg");
        ImageIO.write(img, "png", png.toFile());
        ImageIO.write(img, "jpg", jpg.toFile());
        Path model = dir.resolve("m.safetensors");
        ok("train", "interp", "--data", png.toString(), "-o", model.toString(), "--iterations", "3", "--batch", "8",
                "--quiet");
        Cli.Result e = ok("eval", model.toString(), "--data", jpg.toString(), "-n", "50");
        assertTrue(e.out().contains("between 50 data and 50 model samples"), e.out());
    }

    @Test
    void aDeclaredHeaderMayBeNumericAndNoHeaderMeansData() throws IOException {
        Path numericHeader = dir.resolve("h.csv");
        Files.writeString(numericHeader, "1,2\n0,0\n1,0\n0,1\n");
        Path plain = dir.resolve("p.csv");
        Files.writeString(plain, "x,y\n0,0\n1,0\n0,1\n");
        Cli.Result declared = ok("ot", "emd", numericHeader.toString(), plain.toString(), "--header");
        assertTrue(declared.out().startsWith("cost 0.0"), declared.out());
        Cli.Result undeclared = ok("ot", "emd", numericHeader.toString(), numericHeader.toString(), "--no-header");
        assertTrue(undeclared.out().contains("(at most n+m-1 = 7)"), undeclared.out());
    }
}
