package org.occam.regularizers.batch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.core.spi.Batch;
import org.occam.regularizers.testing.PluginChecks;
import org.occam.regularizers.testing.TinyTraining;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CutoutTest {
    private static final Logger logger = Logger.getLogger(CutoutTest.class.getName());

    @Test
    void squareIsCentredAndClippedToTheImage() {
        ImageShape s = new ImageShape(8, 8, 1);
        assertEquals(new PixelBox(1, 1, 5, 5), Cutout.square(s, 4, 3, 3));     // inside: 4 × 4
        assertEquals(new PixelBox(2, 1, 5, 4), Cutout.square(s, 3, 3, 2));     // odd side: rows 2..4, cols 1..3
        assertEquals(new PixelBox(0, 0, 2, 2), Cutout.square(s, 4, 0, 0));     // corner: 2 × 2 left
        assertEquals(new PixelBox(5, 5, 8, 8), Cutout.square(s, 4, 7, 7));     // far corner: 3 × 3 left
        assertEquals(9, Cutout.square(s, 3, 4, 4).area());
    }

    /** The zeroed pixels of one output example, checked to form a box on every channel; values outside unchanged. */
    private static PixelBox zeroedBox(double[] in, double[] out, int offset, ImageShape s) {
        int top = Integer.MAX_VALUE, left = Integer.MAX_VALUE, bottom = -1, right = -1, zeros = 0;
        for (int r = 0; r < s.height(); r++) {
            for (int c = 0; c < s.width(); c++) {
                for (int k = 0; k < s.channels(); k++) {
                    int i = offset + s.index(r, c, k);
                    if (out[i] == 0.0) {
                        zeros++;
                        top = Math.min(top, r);
                        left = Math.min(left, c);
                        bottom = Math.max(bottom, r + 1);
                        right = Math.max(right, c + 1);
                    } else {
                        assertEquals(in[i], out[i], "a value outside the square changed");
                    }
                }
            }
        }
        assertTrue(zeros > 0, "nothing was cut out");
        PixelBox box = new PixelBox(top, left, bottom, right);
        assertEquals(box.area() * s.channels(), zeros, "the zeros are not a filled rectangle over all channels");
        return box;
    }

    @Test
    void everyExampleLosesAClippedSquareOfZerosFullSizeExactlyWhenInside() {
        ImageShape s = new ImageShape(8, 8, 2);
        int size = 3;
        int rows = 20_000;
        Batch batch = BatchFixtures.imageBatch(rows, s, 2, 4);
        Batch out = new Cutout(8, 8, 2, size).apply(batch, BatchFixtures.CLOCK, new SplittableRandom(21));
        int full = 0;
        for (int i = 0; i < rows; i++) {
            PixelBox box = zeroedBox(batch.inputs().data(), out.inputs().data(), i * s.size(), s);
            assertTrue(box.height() <= size && box.width() <= size, "box " + box);
            boolean inside = box.height() == size && box.width() == size;
            if (inside) {
                full++;
                assertEquals(size * size, box.area());
            } else {
                // a clipped square touches the border on the side it was cut
                assertTrue(box.top() == 0 || box.left() == 0 || box.bottom() == 8 || box.right() == 8, "box " + box);
            }
        }
        // centre uniform on the 8 × 8 pixels: the square is inside for (H − s + 1)(W − s + 1) centres
        double p = (8.0 - size + 1) * (8.0 - size + 1) / 64;
        double sd = Math.sqrt(rows * p * (1 - p));
        logger.info(String.format("Cutout size %d on 8×8: %d of %d squares fully inside (%.4f, expected %.4f)",
                size, full, rows, (double) full / rows, p));
        assertEquals(rows * p, full, 4 * sd);
        assertArrayEquals(batch.targets().data(), out.targets().data());
    }

    @Test
    void inputBatchUntouchedAndSeedsReproduce() {
        BatchFixtures.assertPureAndSeeded(new Cutout(4, 5, 1, 2), BatchFixtures.imageBatch(8, new ImageShape(4, 5, 1), 2, 2));
    }

    @Test
    void imageShapeMustMatchTheFeatureCount() {
        BatchFixtures.assertShapeMismatchRejected(new Cutout(8, 8, 1, 4));
    }

    @Test
    void trainsWithFiniteDecreasingLoss() {
        TinyTraining.Result r = TinyTraining.train(TinyTraining.stripes(128, 6, 11), new int[]{16}, 15,
                TinyTraining.Plugins.withBatch(new Cutout(6, 6, 1, 2)), 7);
        TinyTraining.assertLossFiniteAndDecreasing(r.history());
    }

    @Test
    void configurationAndProvenance(@TempDir Path dir) throws IOException {
        Cutout c = new Cutout(8, 8, 1, 4);
        PluginChecks.assertXmlMatches(dir, c, "<property name=\"height\" value=\"8\"/><property name=\"width\" value=\"8\"/>"
                + "<property name=\"size\" value=\"4\"/>");
        PluginChecks.assertRoundTrips(dir, c);
        Cutout shipped = PluginChecks.exampleConfigComponent("digits-cutout.xml", "cutout", Cutout.class);
        assertEquals(new ImageShape(8, 8, 1), shipped.shape());
        assertEquals(4, shipped.size());
    }

    @Test
    void badSettingsNameTheProperty() {
        assertEquals("height", PluginChecks.failingProperty(() -> new Cutout(-8, 8, 1, 2)));
        assertEquals("width", PluginChecks.failingProperty(() -> new Cutout(8, 0, 1, 2)));
        assertEquals("channels", PluginChecks.failingProperty(() -> new Cutout(8, 8, -1, 2)));
        assertEquals("size", PluginChecks.failingProperty(() -> new Cutout(8, 8, 1, 0)));
        assertEquals("size", PluginChecks.failingProperty(() -> new Cutout(8, 6, 1, 7)));
    }
}
