package org.occam.regularizers.batch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.occam.core.math.Matrix;
import org.occam.core.spi.Batch;
import org.occam.regularizers.testing.PluginChecks;
import org.occam.regularizers.testing.TinyTraining;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CutMixTest {
    private static final ImageShape SHAPE = new ImageShape(6, 7, 2);

    @Test
    void boxSidesAreTheImageSidesTimesSqrtOneMinusLambda() {
        ImageShape s = new ImageShape(8, 8, 1);
        // λ = 0.75: sides 8·√0.25 = 4, centred at (4, 4)
        PixelBox inside = CutMix.box(s, 0.75, 4, 4);
        assertEquals(new PixelBox(2, 2, 6, 6), inside);
        assertEquals(1 - 16 / 64.0, CutMix.targetWeight(s, inside));
        // the same box at a corner keeps a quarter of it, and λ' follows the pasted area
        PixelBox corner = CutMix.box(s, 0.75, 0, 0);
        assertEquals(new PixelBox(0, 0, 2, 2), corner);
        assertEquals(1 - 4 / 64.0, CutMix.targetWeight(s, corner));
        // λ = 1: nothing pasted; λ = 0: the whole image
        assertEquals(0, CutMix.box(s, 1.0, 3, 3).area());
        assertEquals(64, CutMix.box(s, 0.0, 4, 4).area());
        // non-square image: ⌊6·√0.5⌋ = 4 rows, ⌊7·√0.5⌋ = 4 columns
        assertEquals(16, CutMix.box(SHAPE, 0.5, 3, 3).area());
    }

    /** Row i of the batch is all (i + 1), its target is e_i. */
    private static Batch numberedBatch(int n) {
        Matrix x = new Matrix(n, SHAPE.size());
        Matrix y = new Matrix(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < SHAPE.size(); j++) {
                x.set(i, j, i + 1);
            }
            y.set(i, i, 1.0);
        }
        return new Batch(x, y);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void targetWeightsAreOneMinusThePastedAreaOverHWForEverySample(boolean perSample) {
        int n = 12;
        Batch batch = numberedBatch(n);
        int hw = SHAPE.height() * SHAPE.width();
        int checked = 0;
        for (long seed = 0; seed < 30; seed++) {
            Batch out = new CutMix(6, 7, 2, 1.0, perSample).apply(batch, BatchFixtures.CLOCK, new SplittableRandom(seed));
            Set<PixelBox> boxes = new HashSet<>();
            for (int i = 0; i < n; i++) {
                // the partner is the other class with weight in the target row
                int partner = i;
                for (int k = 0; k < n; k++) {
                    if (k != i && out.targets().get(i, k) != 0) {
                        partner = k;
                    }
                }
                int top = Integer.MAX_VALUE, left = Integer.MAX_VALUE, bottom = -1, right = -1, pasted = 0;
                for (int r = 0; r < SHAPE.height(); r++) {
                    for (int c = 0; c < SHAPE.width(); c++) {
                        for (int k = 0; k < SHAPE.channels(); k++) {
                            double v = out.inputs().get(i, SHAPE.index(r, c, k));
                            if (v != i + 1) {
                                assertEquals(partner + 1, v, "example " + i + " has a value from neither itself nor its partner");
                                pasted++;
                                top = Math.min(top, r);
                                left = Math.min(left, c);
                                bottom = Math.max(bottom, r + 1);
                                right = Math.max(right, c + 1);
                            }
                        }
                    }
                }
                if (partner == i) {
                    // paired with itself (or nothing pasted): the example and its target are unchanged up to rounding
                    assertEquals(0, pasted);
                    assertEquals(1.0, out.targets().get(i, i), 1e-15);
                    continue;
                }
                assertEquals(0, pasted % SHAPE.channels());
                int area = pasted / SHAPE.channels();
                if (area > 0) {
                    PixelBox box = new PixelBox(top, left, bottom, right);
                    assertEquals(box.area(), area, "the pasted pixels are not a rectangle");
                    boxes.add(box);
                }
                double expected = 1.0 - (double) area / hw;
                assertEquals(expected, out.targets().get(i, i), "own weight of example " + i + " (exact)");
                assertEquals(1 - expected, out.targets().get(i, partner), "partner weight of example " + i + " (exact)");
                checked++;
            }
            if (!perSample) {
                assertTrue(boxes.size() <= 1, "one box per batch expected, found " + boxes);
            }
        }
        assertTrue(checked > 200, "only " + checked + " mixed examples checked");
    }

    @Test
    void perSampleDrawsABoxPerExample() {
        int n = 12;
        Batch out = new CutMix(6, 7, 2, 1.0, true).apply(numberedBatch(n), BatchFixtures.CLOCK, new SplittableRandom(8));
        Set<Double> weights = new HashSet<>();
        for (int i = 0; i < n; i++) {
            weights.add(out.targets().get(i, i));
        }
        assertTrue(weights.size() >= 4, "expected different target weights, found " + weights);
    }

    @Test
    void inputBatchUntouchedAndSeedsReproduce() {
        BatchFixtures.assertPureAndSeeded(new CutMix(6, 7, 2, 1.0, false), BatchFixtures.imageBatch(10, SHAPE, 3, 2));
        BatchFixtures.assertPureAndSeeded(new CutMix(6, 7, 2, 1.0, true), BatchFixtures.imageBatch(10, SHAPE, 3, 2));
    }

    @Test
    void imageShapeMustMatchTheFeatureCount() {
        BatchFixtures.assertShapeMismatchRejected(new CutMix(8, 8, 1, 1.0, false));
    }

    @Test
    void trainsWithFiniteDecreasingLoss() {
        TinyTraining.Result r = TinyTraining.train(TinyTraining.stripes(128, 6, 11), new int[]{16}, 15,
                TinyTraining.Plugins.withBatch(new CutMix(6, 6, 1, 1.0, false)), 7);
        TinyTraining.assertLossFiniteAndDecreasing(r.history());
    }

    @Test
    void configurationAndProvenance(@TempDir Path dir) throws IOException {
        CutMix c = new CutMix(8, 8, 1, 0.5, true);
        PluginChecks.assertXmlMatches(dir, c, "<property name=\"height\" value=\"8\"/><property name=\"width\" value=\"8\"/>"
                + "<property name=\"alpha\" value=\"0.5\"/><property name=\"perSample\" value=\"true\"/>");
        PluginChecks.assertRoundTrips(dir, c);
        assertEquals(new CutMix(8, 8, 1, 1.0, false).getProvenance(), ((CutMix) PluginChecks.fromXml(dir, CutMix.class,
                "<property name=\"height\" value=\"8\"/><property name=\"width\" value=\"8\"/>")).getProvenance());
        CutMix shipped = PluginChecks.exampleConfigComponent("digits-cutmix.xml", "cutmix", CutMix.class);
        assertEquals(new ImageShape(8, 8, 1), shipped.shape());
        assertEquals(1.0, shipped.alpha());
    }

    @Test
    void badSettingsNameTheProperty() {
        for (double bad : new double[]{0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertEquals("alpha", PluginChecks.failingProperty(() -> new CutMix(8, 8, 1, bad, false)));
        }
        assertEquals("height", PluginChecks.failingProperty(() -> new CutMix(0, 8, 1, 1.0, false)));
        assertEquals("width", PluginChecks.failingProperty(() -> new CutMix(8, -2, 1, 1.0, false)));
        assertEquals("channels", PluginChecks.failingProperty(() -> new CutMix(8, 8, 0, 1.0, false)));
    }
}
