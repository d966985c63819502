package org.occam.regularizers.batch;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.core.spi.Batch;
import org.occam.regularizers.testing.PluginChecks;
import org.occam.regularizers.testing.TinyTraining;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomShiftFlipTest {
    private static final Logger logger = Logger.getLogger(RandomShiftFlipTest.class.getName());
    private static final ImageShape SHAPE = new ImageShape(5, 6, 2);

    /** The definition, written out: x̃(r, c, k) = x(r − dy, c', k), c' = c − dx or W − 1 − (c − dx), 0 outside. */
    private static double[] expected(double[] image, ImageShape s, int dy, int dx, boolean flip) {
        double[] out = new double[s.size()];
        for (int r = 0; r < s.height(); r++) {
            for (int c = 0; c < s.width(); c++) {
                int sr = r - dy;
                int sc = c - dx;
                if (sr < 0 || sr >= s.height() || sc < 0 || sc >= s.width()) {
                    continue;
                }
                if (flip) {
                    sc = s.width() - 1 - sc;
                }
                for (int k = 0; k < s.channels(); k++) {
                    out[(r * s.width() + c) * s.channels() + k] = image[(sr * s.width() + sc) * s.channels() + k];
                }
            }
        }
        return out;
    }

    private static double[] distinctImage(ImageShape s) {
        double[] image = new double[s.size()];
        for (int i = 0; i < image.length; i++) {
            image[i] = i + 1;
        }
        return image;
    }

    @Test
    void kernelMatchesTheDefinitionForEveryShiftAndFlip() {
        double[] image = distinctImage(SHAPE);
        for (int dy = -2; dy <= 2; dy++) {
            for (int dx = -2; dx <= 2; dx++) {
                for (boolean flip : new boolean[]{false, true}) {
                    double[] out = new double[SHAPE.size()];
                    RandomShiftFlip.shiftFlip(image, 0, out, 0, SHAPE, dy, dx, flip);
                    assertArrayEquals(expected(image, SHAPE, dy, dx, flip), out, "dy=" + dy + " dx=" + dx + " flip=" + flip);
                }
            }
        }
        // a hand-checked case: 1 row down, flipped, on a 2×3×1 image [[1 2 3] [4 5 6]]
        double[] small = {1, 2, 3, 4, 5, 6};
        double[] out = new double[6];
        RandomShiftFlip.shiftFlip(small, 0, out, 0, new ImageShape(2, 3, 1), 1, 0, true);
        assertArrayEquals(new double[]{0, 0, 0, 3, 2, 1}, out);
    }

    @Test
    void everyExampleIsAnAllowedShiftAndFlipsHappenAtTheConfiguredRate() {
        int m = 2;
        double q = 0.3;
        int rows = 4000;
        double[] image = distinctImage(SHAPE);
        double[] x = new double[rows * SHAPE.size()];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(image, 0, x, i * SHAPE.size(), SHAPE.size());
        }
        Batch batch = new Batch(new org.occam.core.math.Matrix(rows, SHAPE.size(), x), new org.occam.core.math.Matrix(rows, 2));
        Batch out = new RandomShiftFlip(5, 6, 2, m, q).apply(batch, BatchFixtures.CLOCK, new SplittableRandom(12));
        int flips = 0;
        int[] dyCounts = new int[2 * m + 1];
        int[] dxCounts = new int[2 * m + 1];
        for (int i = 0; i < rows; i++) {
            double[] row = Arrays.copyOfRange(out.inputs().data(), i * SHAPE.size(), (i + 1) * SHAPE.size());
            boolean found = false;
            for (int dy = -m; dy <= m && !found; dy++) {
                for (int dx = -m; dx <= m && !found; dx++) {
                    for (boolean flip : new boolean[]{false, true}) {
                        if (Arrays.equals(row, expected(image, SHAPE, dy, dx, flip))) {
                            found = true;
                            flips += flip ? 1 : 0;
                            dyCounts[dy + m]++;
                            dxCounts[dx + m]++;
                            break;
                        }
                    }
                }
            }
            assertTrue(found, "example " + i + " is no shift of at most " + m + " pixels");
        }
        double sdFlip = Math.sqrt(rows * q * (1 - q));
        logger.info(String.format("RandomShiftFlip q = %.2f, m = %d, %d examples: %d flips (%.4f), vertical shifts %s, horizontal %s",
                q, m, rows, flips, (double) flips / rows, Arrays.toString(dyCounts), Arrays.toString(dxCounts)));
        assertEquals(rows * q, flips, 4 * sdFlip);
        double p = 1.0 / (2 * m + 1);
        double sdShift = Math.sqrt(rows * p * (1 - p));
        for (int k = 0; k < 2 * m + 1; k++) {
            assertEquals(rows * p, dyCounts[k], 4 * sdShift, "vertical shift " + (k - m));
            assertEquals(rows * p, dxCounts[k], 4 * sdShift, "horizontal shift " + (k - m));
        }
    }

    @Test
    void noShiftNoFlipIsAnUnchangedCopy() {
        Batch batch = BatchFixtures.imageBatch(5, SHAPE, 2, 3);
        Batch out = new RandomShiftFlip(5, 6, 2, 0, 0.0).apply(batch, BatchFixtures.CLOCK, new SplittableRandom(1));
        assertArrayEquals(batch.inputs().data(), out.inputs().data());
        assertArrayEquals(batch.targets().data(), out.targets().data());
    }

    @Test
    void inputBatchUntouchedAndSeedsReproduce() {
        BatchFixtures.assertPureAndSeeded(new RandomShiftFlip(5, 6, 2, 1, 0.5), BatchFixtures.imageBatch(8, SHAPE, 2, 2));
    }

    @Test
    void imageShapeMustMatchTheFeatureCount() {
        BatchFixtures.assertShapeMismatchRejected(new RandomShiftFlip(5, 6, 2, 1, 0.5));
    }

    @Test
    void trainsWithFiniteDecreasingLoss() {
        TinyTraining.Result r = TinyTraining.train(TinyTraining.stripes(128, 6, 11), new int[]{16}, 15,
                TinyTraining.Plugins.withBatch(new RandomShiftFlip(6, 6, 1, 1, 0.5)), 7);
        TinyTraining.assertLossFiniteAndDecreasing(r.history());
    }

    @Test
    void configurationAndProvenance(@TempDir Path dir) throws IOException {
        RandomShiftFlip t = new RandomShiftFlip(8, 8, 3, 2, 0.25);
        PluginChecks.assertXmlMatches(dir, t, "<property name=\"height\" value=\"8\"/><property name=\"width\" value=\"8\"/>"
                + "<property name=\"channels\" value=\"3\"/><property name=\"maxShift\" value=\"2\"/>"
                + "<property name=\"horizontalFlipProbability\" value=\"0.25\"/>");
        PluginChecks.assertRoundTrips(dir, t);
        assertEquals(new RandomShiftFlip(8, 8, 1, 1, 0.5).getProvenance(), ((RandomShiftFlip) PluginChecks.fromXml(dir,
                RandomShiftFlip.class, "<property name=\"height\" value=\"8\"/><property name=\"width\" value=\"8\"/>")).getProvenance());
        PropertyException missing = assertThrows(PropertyException.class,
                () -> PluginChecks.fromXml(dir, RandomShiftFlip.class, "<property name=\"width\" value=\"8\"/>"));
        assertEquals("height", missing.getProperty());
        RandomShiftFlip shipped = PluginChecks.exampleConfigComponent("digits-shift-flip.xml", "shift", RandomShiftFlip.class);
        assertEquals(new ImageShape(8, 8, 1), shipped.shape());
        assertEquals(0.0, shipped.horizontalFlipProbability());
    }

    @Test
    void badSettingsNameTheProperty() {
        assertEquals("height", PluginChecks.failingProperty(() -> new RandomShiftFlip(0, 8, 1, 1, 0.5)));
        assertEquals("width", PluginChecks.failingProperty(() -> new RandomShiftFlip(8, -1, 1, 1, 0.5)));
        assertEquals("channels", PluginChecks.failingProperty(() -> new RandomShiftFlip(8, 8, 0, 1, 0.5)));
        assertEquals("maxShift", PluginChecks.failingProperty(() -> new RandomShiftFlip(8, 8, 1, -1, 0.5)));
        assertEquals("maxShift", PluginChecks.failingProperty(() -> new RandomShiftFlip(8, 4, 1, 4, 0.5)));
        for (double bad : new double[]{-0.1, 1.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertEquals("horizontalFlipProbability", PluginChecks.failingProperty(() -> new RandomShiftFlip(8, 8, 1, 1, bad)));
        }
    }
}
