package dev.otto.cli.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Images drawn pixel by pixel (Java2D), written as PNG atomically: a reader never sees half a file. */
final class Png {

    private Png() {
    }

    static void write(Path png, BufferedImage image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        dev.otto.flows.io.AtomicFiles.write(png, ByteBuffer.wrap(bytes.toByteArray()));
    }
}
