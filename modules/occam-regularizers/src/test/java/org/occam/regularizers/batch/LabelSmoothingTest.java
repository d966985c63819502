package org.occam.regularizers.batch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.core.math.Matrix;
import org.occam.core.spi.Batch;
import org.occam.regularizers.testing.PluginChecks;
import org.occam.regularizers.testing.TinyTraining;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

class LabelSmoothingTest {

    @Test
    void oneHotRowsGetOneMinusEpsilonPlusEpsilonOverK() {
        Matrix y = Matrix.of(new double[]{0, 1, 0, 0}, new double[]{1, 0, 0, 0});
        Batch batch = new Batch(Matrix.of(new double[]{3}, new double[]{-1}), y);
        Batch out = new LabelSmoothing(0.1).apply(batch, BatchFixtures.CLOCK, new SplittableRandom(1));
        // ε = 0.1, K = 4: 0.9 + 0.025 on the class, 0.025 elsewhere
        assertArrayEquals(new double[]{0.025, 0.925, 0.025, 0.025, 0.925, 0.025, 0.025, 0.025}, out.targets().data(), 1e-15);
        assertArrayEquals(batch.inputs().data(), out.inputs().data());
        for (int r = 0; r < 2; r++) {
            double s = 0;
            for (int k = 0; k < 4; k++) {
                s += out.targets().get(r, k);
            }
            assertEquals(1.0, s, 1e-15);
        }
    }

    @Test
    void softTargetsAreMixedWithTheUniformDistribution() {
        Matrix y = Matrix.of(new double[]{0.3, 0.7});
        Matrix out = LabelSmoothing.smooth(y, 0.2);
        assertArrayEquals(new double[]{0.34, 0.66}, out.data(), 1e-15);
        assertArrayEquals(new double[]{0.3, 0.7}, y.data(), "kernel changed its argument");
    }

    @Test
    void regressionTargetsGetTheSameFormulaWhichIsWhyItIsForClassification() {
        // one standardized target column is taken for a logistic head's column: K = 2, so y ← (1 − ε)·y + ε/2
        Matrix out = LabelSmoothing.smooth(Matrix.of(new double[]{2.0}, new double[]{-1.0}), 0.5);
        assertArrayEquals(new double[]{1.25, -0.25}, out.data(), 1e-15);
    }

    @Test
    void aLogisticHeadsSingleColumnIsSmoothedAsTheTwoClassDistribution() {
        double eps = 0.2;
        Matrix single = LabelSmoothing.smooth(Matrix.of(new double[]{1.0}, new double[]{0.0}, new double[]{0.3}), eps);
        Matrix pairs = LabelSmoothing.smooth(Matrix.of(new double[]{0.0, 1.0}, new double[]{1.0, 0.0}, new double[]{0.7, 0.3}), eps);
        for (int r = 0; r < 3; r++) {
            assertEquals(pairs.get(r, 1), single.get(r, 0), 1e-15, "row " + r);
        }
        assertEquals(1 - eps / 2, single.get(0, 0), 1e-15);
    }

    @Test
    void zeroEpsilonIsAnUnchangedCopy() {
        Batch batch = BatchFixtures.randomBatch(4, 2, 3, 1);
        Batch out = new LabelSmoothing(0.0).apply(batch, BatchFixtures.CLOCK, new SplittableRandom(1));
        assertArrayEquals(batch.targets().data(), out.targets().data());
        assertNotSame(batch.targets(), out.targets());
    }

    @Test
    void inputBatchUntouchedAndDeterministic() {
        Batch batch = BatchFixtures.randomBatch(6, 3, 3, 5);
        Matrix x = batch.inputs().copy();
        Matrix y = batch.targets().copy();
        LabelSmoothing s = new LabelSmoothing(0.2);
        Batch a = s.apply(batch, BatchFixtures.CLOCK, new SplittableRandom(1));
        Batch b = s.apply(batch, BatchFixtures.CLOCK, new SplittableRandom(2));
        assertEquals(x, batch.inputs());
        assertEquals(y, batch.targets());
        assertNotSame(batch.inputs(), a.inputs());
        assertNotSame(batch.targets(), a.targets());
        // deterministic: the generator is not used, so any seed gives the same targets
        assertEquals(a.targets(), b.targets());
        assertEquals(a.inputs(), b.inputs());
    }

    @Test
    void trainsWithFiniteDecreasingLoss() {
        TinyTraining.Result r = TinyTraining.train(TinyTraining.blobs(128, 4, 11), new int[]{16}, 15,
                TinyTraining.Plugins.withBatch(new LabelSmoothing(0.1)), 7);
        TinyTraining.assertLossFiniteAndDecreasing(r.history());
    }

    @Test
    void configurationAndProvenance(@TempDir Path dir) throws IOException {
        LabelSmoothing s = new LabelSmoothing(0.05);
        PluginChecks.assertXmlMatches(dir, s, "<property name=\"epsilon\" value=\"0.05\"/>");
        PluginChecks.assertRoundTrips(dir, s);
        assertEquals(new LabelSmoothing(0.1).getProvenance(), ((LabelSmoothing) PluginChecks.fromXml(dir, LabelSmoothing.class, "")).getProvenance());
        assertEquals(0.1, PluginChecks.exampleConfigComponent("iris-label-smoothing.xml", "smoothing", LabelSmoothing.class).epsilon());
    }

    @Test
    void badSettingsNameTheProperty() {
        for (double bad : new double[]{-0.01, 1.0, 1.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertEquals("epsilon", PluginChecks.failingProperty(() -> new LabelSmoothing(bad)));
        }
    }
}
