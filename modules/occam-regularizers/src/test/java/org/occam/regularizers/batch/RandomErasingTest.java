package org.occam.regularizers.batch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.core.math.Matrix;
import org.occam.core.spi.Batch;
import org.occam.regularizers.testing.PluginChecks;
import org.occam.regularizers.testing.TinyTraining;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomErasingTest {
    private static final Logger logger = Logger.getLogger(RandomErasingTest.class.getName());
    private static final double CONSTANT = 5.0;

    private static Batch constantImages(int rows, ImageShape s) {
        Matrix x = new Matrix(rows, s.size());
        Arrays.fill(x.data(), CONSTANT);
        return new Batch(x, new Matrix(rows, 2));
    }

    /** The changed values of one example: a filled rectangle over all channels, or null if none changed. */
    private static PixelBox erasedBox(double[] out, int offset, ImageShape s, List<Double> fills) {
        int top = Integer.MAX_VALUE, left = Integer.MAX_VALUE, bottom = -1, right = -1, changed = 0;
        for (int r = 0; r < s.height(); r++) {
            for (int c = 0; c < s.width(); c++) {
                for (int k = 0; k < s.channels(); k++) {
                    double v = out[offset + s.index(r, c, k)];
                    if (v != CONSTANT) {
                        changed++;
                        fills.add(v);
                        top = Math.min(top, r);
                        left = Math.min(left, c);
                        bottom = Math.max(bottom, r + 1);
                        right = Math.max(right, c + 1);
                    }
                }
            }
        }
        if (changed == 0) {
            return null;
        }
        PixelBox box = new PixelBox(top, left, bottom, right);
        assertEquals(box.area() * s.channels(), changed, "the erased values are not a filled rectangle");
        return box;
    }

    @Test
    void examplesAreErasedWithProbabilityPWithStandardNormalFill() {
        ImageShape s = new ImageShape(8, 8, 1);
        double p = 0.3;
        int rows = 20_000;
        Batch out = new RandomErasing(8, 8, 1, p, 0.02, 0.4, 0.3).apply(constantImages(rows, s), BatchFixtures.CLOCK,
                new SplittableRandom(77));
        int erased = 0;
        List<Double> fills = new ArrayList<>();
        double maxArea = 0.4 * 64;
        double bound = maxArea + Math.sqrt(maxArea / 0.3) + 0.25; // rounding each side up by at most ½
        for (int i = 0; i < rows; i++) {
            PixelBox box = erasedBox(out.inputs().data(), i * s.size(), s, fills);
            if (box != null) {
                erased++;
                assertTrue(box.area() >= 1 && box.area() <= bound, "area " + box.area());
            }
        }
        double sd = Math.sqrt(rows * p * (1 - p));
        double[] mv = BatchFixtures.meanAndVariance(fills.stream().mapToDouble(Double::doubleValue).toArray());
        int n = fills.size();
        logger.info(String.format("RandomErasing p = %.2f: %d of %d examples erased (%.4f); %d fill values, mean %.4f, variance %.4f",
                p, erased, rows, (double) erased / rows, n, mv[0], mv[1]));
        assertEquals(rows * p, erased, 4 * sd);
        assertEquals(0.0, mv[0], 4 / Math.sqrt(n));
        assertEquals(1.0, mv[1], 4 * Math.sqrt(2.0 / n));
    }

    @Test
    void sampledRectanglesLieInsideWithinTheAreaAndAspectRange() {
        ImageShape s = new ImageShape(32, 32, 1);
        SplittableRandom rng = new SplittableRandom(5);
        double sl = 0.05;
        double sh = 0.3;
        double r1 = 0.5;
        for (int t = 0; t < 5000; t++) {
            Optional<PixelBox> sampled = RandomErasing.sampleRectangle(s, sl, sh, r1, rng);
            assertTrue(sampled.isPresent());
            PixelBox b = sampled.get();
            assertTrue(b.top() >= 0 && b.left() >= 0 && b.bottom() <= 32 && b.right() <= 32, b.toString());
            // H_e = round(√(S_e·r_e)), W_e = round(√(S_e/r_e)): undo the rounding by ±½ on each side
            double areaLow = (b.height() - 0.5) * (b.width() - 0.5);
            double areaHigh = (b.height() + 0.5) * (b.width() + 0.5);
            assertTrue(areaHigh >= sl * 1024 && areaLow <= sh * 1024, "area " + b.area());
            double ratioLow = (b.height() - 0.5) / (b.width() + 0.5);
            double ratioHigh = (b.height() + 0.5) / (b.width() - 0.5);
            assertTrue(ratioHigh >= r1 && ratioLow <= 1 / r1, "aspect " + b.height() + "/" + b.width());
        }
    }

    @Test
    void probabilityZeroChangesNothingAndOneErasesEveryExample() {
        ImageShape s = new ImageShape(8, 8, 2);
        Batch batch = constantImages(500, s);
        Batch none = new RandomErasing(8, 8, 2, 0.0, 0.02, 0.4, 0.3).apply(batch, BatchFixtures.CLOCK, new SplittableRandom(1));
        assertArrayEquals(batch.inputs().data(), none.inputs().data());
        Batch all = new RandomErasing(8, 8, 2, 1.0, 0.02, 0.4, 0.3).apply(batch, BatchFixtures.CLOCK, new SplittableRandom(1));
        for (int i = 0; i < 500; i++) {
            assertTrue(erasedBox(all.inputs().data(), i * s.size(), s, new ArrayList<>()) != null, "example " + i + " not erased");
        }
    }

    @Test
    void inputBatchUntouchedAndSeedsReproduce() {
        BatchFixtures.assertPureAndSeeded(new RandomErasing(4, 4, 3, 0.5, 0.02, 0.4, 0.3),
                BatchFixtures.imageBatch(8, new ImageShape(4, 4, 3), 2, 2));
    }

    @Test
    void imageShapeMustMatchTheFeatureCount() {
        BatchFixtures.assertShapeMismatchRejected(new RandomErasing(8, 8, 1, 0.5, 0.02, 0.4, 0.3));
    }

    @Test
    void trainsWithFiniteDecreasingLoss() {
        TinyTraining.Result r = TinyTraining.train(TinyTraining.stripes(128, 6, 11), new int[]{16}, 15,
                TinyTraining.Plugins.withBatch(new RandomErasing(6, 6, 1, 0.5, 0.02, 0.4, 0.3)), 7);
        TinyTraining.assertLossFiniteAndDecreasing(r.history());
    }

    @Test
    void configurationAndProvenance(@TempDir Path dir) throws IOException {
        RandomErasing e = new RandomErasing(8, 8, 1, 0.25, 0.05, 0.3, 0.5);
        PluginChecks.assertXmlMatches(dir, e, "<property name=\"height\" value=\"8\"/><property name=\"width\" value=\"8\"/>"
                + "<property name=\"erasingProbability\" value=\"0.25\"/><property name=\"minAreaFraction\" value=\"0.05\"/>"
                + "<property name=\"maxAreaFraction\" value=\"0.3\"/><property name=\"minAspectRatio\" value=\"0.5\"/>");
        PluginChecks.assertRoundTrips(dir, e);
        assertEquals(new RandomErasing(8, 8, 1, 0.5, 0.02, 0.4, 0.3).getProvenance(), ((RandomErasing) PluginChecks.fromXml(dir,
                RandomErasing.class, "<property name=\"height\" value=\"8\"/><property name=\"width\" value=\"8\"/>")).getProvenance());
        RandomErasing shipped = PluginChecks.exampleConfigComponent("digits-random-erasing.xml", "erasing", RandomErasing.class);
        assertEquals(new ImageShape(8, 8, 1), shipped.shape());
    }

    @Test
    void badSettingsNameTheProperty() {
        for (double bad : new double[]{-0.1, 1.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertEquals("erasingProbability", PluginChecks.failingProperty(() -> new RandomErasing(8, 8, 1, bad, 0.02, 0.4, 0.3)));
            assertEquals("minAreaFraction", PluginChecks.failingProperty(() -> new RandomErasing(8, 8, 1, 0.5, bad, 0.4, 0.3)));
            assertEquals("maxAreaFraction", PluginChecks.failingProperty(() -> new RandomErasing(8, 8, 1, 0.5, 0.02, bad, 0.3)));
            assertEquals("minAspectRatio", PluginChecks.failingProperty(() -> new RandomErasing(8, 8, 1, 0.5, 0.02, 0.4, bad)));
        }
        assertEquals("minAreaFraction", PluginChecks.failingProperty(() -> new RandomErasing(8, 8, 1, 0.5, 0.0, 0.4, 0.3)));
        assertEquals("maxAreaFraction", PluginChecks.failingProperty(() -> new RandomErasing(8, 8, 1, 0.5, 0.3, 0.2, 0.3)));
        assertEquals("minAspectRatio", PluginChecks.failingProperty(() -> new RandomErasing(8, 8, 1, 0.5, 0.02, 0.4, 0.0)));
        assertEquals("height", PluginChecks.failingProperty(() -> new RandomErasing(0, 8, 1, 0.5, 0.02, 0.4, 0.3)));
        assertEquals("width", PluginChecks.failingProperty(() -> new RandomErasing(8, 0, 1, 0.5, 0.02, 0.4, 0.3)));
        assertEquals("channels", PluginChecks.failingProperty(() -> new RandomErasing(8, 8, 0, 0.5, 0.02, 0.4, 0.3)));
    }
}
