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
import static org.junit.jupiter.api.Assertions.assertNotSame;

class InputNoiseTest {
    private static final Logger logger = Logger.getLogger(InputNoiseTest.class.getName());

    @Test
    void noiseHasMeanZeroVarianceSigmaSquaredAndIsUncorrelated() {
        double sigma = 0.7;
        int rows = 2000;
        int cols = 100;
        Matrix x = new Matrix(rows, cols);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = (i % 7) - 3.0;
        }
        Batch batch = new Batch(x, new Matrix(rows, 2));
        Batch out = new InputNoise(sigma).apply(batch, BatchFixtures.CLOCK, new SplittableRandom(99));
        int n = x.size();
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = out.inputs().data()[i] - x.data()[i];
        }
        double[] mv = BatchFixtures.meanAndVariance(d);
        double variance = sigma * sigma;
        // normal noise: sd of the sample mean σ/√n, of the sample variance σ²·√(2/(n−1))
        double sdMean = sigma / Math.sqrt(n);
        double sdVariance = variance * Math.sqrt(2.0 / (n - 1));
        double lag1 = 0;
        for (int i = 1; i < n; i++) {
            lag1 += d[i] * d[i - 1];
        }
        double correlation = lag1 / (n - 1) / variance;
        logger.info(String.format("InputNoise σ = %.2f, %d values: mean %.5f (%.2fσ), variance %.5f (expected %.5f, %.2fσ), lag-1 correlation %.5f",
                sigma, n, mv[0], mv[0] / sdMean, mv[1], variance, (mv[1] - variance) / sdVariance, correlation));
        assertEquals(0.0, mv[0], 4 * sdMean);
        assertEquals(variance, mv[1], 4 * sdVariance);
        assertEquals(0.0, correlation, 4 / Math.sqrt(n));
        assertArrayEquals(batch.targets().data(), out.targets().data());
    }

    @Test
    void zeroSigmaGivesAnUnchangedCopy() {
        Batch batch = BatchFixtures.randomBatch(5, 3, 2, 4);
        Batch out = new InputNoise(0.0).apply(batch, BatchFixtures.CLOCK, new SplittableRandom(1));
        assertArrayEquals(batch.inputs().data(), out.inputs().data());
        assertArrayEquals(batch.targets().data(), out.targets().data());
        assertNotSame(batch.inputs(), out.inputs());
    }

    @Test
    void kernelAddsSigmaTimesTheGeneratorsNormals() {
        Matrix x = Matrix.of(new double[]{1, 2, 3}, new double[]{4, 5, 6});
        Matrix out = InputNoise.addNoise(x, 0.5, new SplittableRandom(8));
        SplittableRandom replay = new SplittableRandom(8);
        for (int i = 0; i < 6; i++) {
            assertEquals(x.data()[i] + 0.5 * replay.nextGaussian(), out.data()[i]);
        }
    }

    @Test
    void inputBatchUntouchedAndSeedsReproduce() {
        BatchFixtures.assertPureAndSeeded(new InputNoise(0.3), BatchFixtures.randomBatch(8, 4, 2, 2));
    }

    @Test
    void trainsWithFiniteDecreasingLoss() {
        TinyTraining.Result r = TinyTraining.train(TinyTraining.blobs(128, 4, 11), new int[]{16}, 15,
                TinyTraining.Plugins.withBatch(new InputNoise(0.3)), 7);
        TinyTraining.assertLossFiniteAndDecreasing(r.history());
    }

    @Test
    void configurationAndProvenance(@TempDir Path dir) throws IOException {
        InputNoise n = new InputNoise(0.25);
        PluginChecks.assertXmlMatches(dir, n, "<property name=\"stddev\" value=\"0.25\"/>");
        PluginChecks.assertRoundTrips(dir, n);
        assertEquals(new InputNoise(0.1).getProvenance(), ((InputNoise) PluginChecks.fromXml(dir, InputNoise.class, "")).getProvenance());
        assertEquals(0.1, PluginChecks.exampleConfigComponent("breast-cancer-input-noise.xml", "noise", InputNoise.class).stddev());
    }

    @Test
    void badSettingsNameTheProperty() {
        for (double bad : new double[]{-0.1, -Double.MIN_VALUE, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertEquals("stddev", PluginChecks.failingProperty(() -> new InputNoise(bad)));
        }
    }
}
