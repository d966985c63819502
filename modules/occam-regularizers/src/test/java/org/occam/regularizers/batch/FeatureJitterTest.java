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
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureJitterTest {
    private static final Logger logger = Logger.getLogger(FeatureJitterTest.class.getName());

    @Test
    void relativeChangeIsUniformOnMinusRToR() {
        double r = 0.2;
        int rows = 1000;
        int cols = 50;
        Matrix x = new Matrix(rows, cols);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = (i % 2 == 0 ? 1 : -1) * (0.5 + i % 5);
        }
        Batch out = new FeatureJitter(r, 1.0).apply(new Batch(x, new Matrix(rows, 1)), BatchFixtures.CLOCK, new SplittableRandom(3));
        int n = x.size();
        double[] u = new double[n];
        for (int i = 0; i < n; i++) {
            u[i] = out.inputs().data()[i] / x.data()[i] - 1;
            assertTrue(u[i] >= -r - 1e-12 && u[i] <= r + 1e-12, "relative change " + u[i]);
            assertEquals(Math.signum(x.data()[i]), Math.signum(out.inputs().data()[i]), "sign changed");
        }
        double[] mv = BatchFixtures.meanAndVariance(u);
        // U(−r, r): mean 0, variance r²/3, fourth central moment r⁴/5
        double variance = r * r / 3;
        double sdMean = Math.sqrt(variance / n);
        double sdVariance = Math.sqrt((Math.pow(r, 4) / 5 - variance * variance) / n);
        logger.info(String.format("FeatureJitter r = %.2f, %d values: mean relative change %.5f (%.2fσ), variance %.6f (expected %.6f, %.2fσ)",
                r, n, mv[0], mv[0] / sdMean, mv[1], variance, (mv[1] - variance) / sdVariance));
        assertEquals(0.0, mv[0], 4 * sdMean);
        assertEquals(variance, mv[1], 4 * sdVariance);
    }

    @Test
    void rowProbabilityChoosesWholeRows() {
        double q = 0.3;
        int rows = 20_000;
        Matrix x = new Matrix(rows, 4);
        java.util.Arrays.fill(x.data(), 2.0);
        Batch out = new FeatureJitter(0.1, q).apply(new Batch(x, new Matrix(rows, 2)), BatchFixtures.CLOCK, new SplittableRandom(17));
        int changed = 0;
        for (int i = 0; i < rows; i++) {
            int c = 0;
            for (int j = 0; j < 4; j++) {
                c += out.inputs().get(i, j) != 2.0 ? 1 : 0;
            }
            assertTrue(c == 0 || c == 4, "row " + i + " partly jittered");
            changed += c == 4 ? 1 : 0;
        }
        double sd = Math.sqrt(rows * q * (1 - q));
        logger.info(String.format("FeatureJitter rowProbability %.2f: %d of %d rows jittered (%.4f)", q, changed, rows, (double) changed / rows));
        assertEquals(rows * q, changed, 4 * sd);
    }

    @Test
    void kernelMultipliesByOnePlusScaledUniforms() {
        Matrix x = Matrix.of(new double[]{1, -2, 0}, new double[]{4, 5, 6});
        Matrix out = FeatureJitter.jitter(x, 0.5, 1.0, new SplittableRandom(8));
        SplittableRandom replay = new SplittableRandom(8);
        for (int r = 0; r < 2; r++) {
            replay.nextDouble(); // the row's coin
            for (int j = 0; j < 3; j++) {
                double u = 0.5 * (2 * replay.nextDouble() - 1);
                assertEquals(x.get(r, j) * (1 + u), out.get(r, j));
            }
        }
        assertEquals(0.0, out.get(0, 2), "zero stays zero");
    }

    @Test
    void zeroRangeOrZeroProbabilityGiveUnchangedCopies() {
        Batch batch = BatchFixtures.randomBatch(6, 3, 2, 9);
        for (FeatureJitter j : new FeatureJitter[]{new FeatureJitter(0.0, 1.0), new FeatureJitter(0.3, 0.0)}) {
            Batch out = j.apply(batch, BatchFixtures.CLOCK, new SplittableRandom(1));
            assertArrayEquals(batch.inputs().data(), out.inputs().data());
            assertArrayEquals(batch.targets().data(), out.targets().data());
        }
    }

    @Test
    void inputBatchUntouchedAndSeedsReproduce() {
        BatchFixtures.assertPureAndSeeded(new FeatureJitter(0.1, 0.5), BatchFixtures.randomBatch(8, 4, 2, 2));
    }

    @Test
    void trainsWithFiniteDecreasingLoss() {
        TinyTraining.Result r = TinyTraining.train(TinyTraining.blobs(128, 4, 11), new int[]{16}, 15,
                TinyTraining.Plugins.withBatch(new FeatureJitter(0.1, 0.5)), 7);
        TinyTraining.assertLossFiniteAndDecreasing(r.history());
    }

    @Test
    void configurationAndProvenance(@TempDir Path dir) throws IOException {
        FeatureJitter j = new FeatureJitter(0.08, 0.75);
        PluginChecks.assertXmlMatches(dir, j, "<property name=\"relativeRange\" value=\"0.08\"/><property name=\"rowProbability\" value=\"0.75\"/>");
        PluginChecks.assertRoundTrips(dir, j);
        assertEquals(new FeatureJitter(0.05, 1.0).getProvenance(), ((FeatureJitter) PluginChecks.fromXml(dir, FeatureJitter.class, "")).getProvenance());
        FeatureJitter shipped = PluginChecks.exampleConfigComponent("wine-feature-jitter.xml", "jitter", FeatureJitter.class);
        assertEquals(0.05, shipped.relativeRange());
    }

    @Test
    void badSettingsNameTheProperty() {
        for (double bad : new double[]{-0.01, 1.01, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertEquals("relativeRange", PluginChecks.failingProperty(() -> new FeatureJitter(bad, 1.0)));
            assertEquals("rowProbability", PluginChecks.failingProperty(() -> new FeatureJitter(0.1, bad)));
        }
    }
}
