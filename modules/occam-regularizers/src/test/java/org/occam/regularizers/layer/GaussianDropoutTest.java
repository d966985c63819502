package org.occam.regularizers.layer;

import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DoubleProvenance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Activation;
import org.occam.core.nn.Initializer;
import org.occam.core.nn.Layers;
import org.occam.core.nn.Mode;
import org.occam.core.spi.LayerSlot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GaussianDropoutTest {
    private static final Logger logger = Logger.getLogger(GaussianDropoutTest.class.getName());

    private static GaussianDropoutLayer layer(double p, long seed, int width) {
        return (GaussianDropoutLayer) LayerTestSupport.create(new GaussianDropout(p), width, seed);
    }

    // ---------------------------------------------------------------- the formula

    /**
     * On an all-ones input the output is the noise itself: over 10⁶ draws its mean is 1 and its
     * variance p/(1 − p), each within 4 standard errors (σ/√n for the mean, σ²·√(2/n) for the
     * variance of a normal sample).
     */
    @ParameterizedTest
    @ValueSource(doubles = {0.1, 0.3, 0.5, 0.8})
    void noiseHasMeanOneAndVariancePOverOneMinusP(double p) {
        int rows = 1000;
        int cols = 1000;
        Matrix ones = new Matrix(rows, cols);
        Arrays.fill(ones.data(), 1.0);
        double[] m = layer(p, 17 + Math.round(100 * p), cols).forward(ones, Mode.TRAIN).data();
        int n = m.length;
        double mean = Arrays.stream(m).sum() / n;
        double variance = 0;
        for (double v : m) {
            variance += (v - mean) * (v - mean);
        }
        variance /= n - 1;
        double expectedVariance = p / (1 - p);
        double meanError = Math.sqrt(expectedVariance / n);
        double varianceError = expectedVariance * Math.sqrt(2.0 / (n - 1));
        logger.info(String.format("GaussianDropout p=%.1f: mean %.6f (expected 1 ± %.6f, %.2fσ), variance %.6f "
                        + "(expected %.6f ± %.6f, %.2fσ) over %d draws", p, mean, meanError, (mean - 1) / meanError,
                variance, expectedVariance, varianceError, (variance - expectedVariance) / varianceError, n));
        assertTrue(Math.abs(mean - 1) < 4 * meanError, "mean " + mean);
        assertTrue(Math.abs(variance - expectedVariance) < 4 * varianceError, "variance " + variance + " vs " + expectedVariance);
    }

    @Test
    void outputIsTheInputTimesTheRecordedMultipliers() {
        GaussianDropoutLayer g = layer(0.5, 3, 6);
        assertEquals(1.0, g.stddev(), 1e-15);
        Matrix x = LayerTestSupport.gaussian(5, 6, 1);
        Matrix y = g.forward(x, Mode.TRAIN);
        double[] m = g.lastMultipliers();
        for (int i = 0; i < x.size(); i++) {
            assertEquals(m[i] * x.data()[i], y.data()[i], 0.0);
        }
    }

    @Test
    void inferIsExactlyTheIdentity() {
        GaussianDropoutLayer g = layer(0.5, 1, 7);
        Matrix x = LayerTestSupport.gaussian(9, 7, 2);
        Matrix a = g.forward(x, Mode.INFER);
        assertArrayEquals(x.data(), a.data(), 0.0);
        assertArrayEquals(a.data(), g.forward(x, Mode.INFER).data(), 0.0);
        assertNotSame(x, a);
        assertEquals(null, g.lastMultipliers(), "INFER samples nothing");
    }

    @Test
    void zeroDropProbabilityIsTheIdentityInTraining() {
        Matrix x = LayerTestSupport.gaussian(20, 5, 3);
        assertArrayEquals(x.data(), layer(0.0, 1, 5).forward(x, Mode.TRAIN).data(), 0.0);
    }

    // ---------------------------------------------------------------- gradients

    @Test
    void backwardIsExactlyTheMultipliersTimesTheGradient() {
        GaussianDropoutLayer g = layer(0.3, 9, 6);
        g.forward(LayerTestSupport.gaussian(8, 6, 1), Mode.TRAIN);
        double[] m = g.lastMultipliers();
        Matrix grad = LayerTestSupport.gaussian(8, 6, 2);
        Matrix dx = g.backward(grad, true);
        for (int i = 0; i < grad.size(); i++) {
            assertEquals(m[i] * grad.data()[i], dx.data()[i], 0.0);
        }
    }

    @Test
    void gradientMatchesCentralDifferencesWithTheNoiseFixedBySeed() {
        double error = LayerTestSupport.maxGradientError(() -> layer(0.4, 77, 5), true,
                LayerTestSupport.gaussian(6, 5, 1), LayerTestSupport.gaussian(6, 5, 2));
        assertTrue(error < LayerTestSupport.MAX_GRADIENT_ERROR, "max relative error " + error);
    }

    // ---------------------------------------------------------------- seeds

    @Test
    void sameSeedGivesTheSameNoiseAndAnotherSeedOther() {
        Matrix x = LayerTestSupport.positive(30, 40, 1);
        GaussianDropoutLayer a = layer(0.5, 123, 40);
        GaussianDropoutLayer b = layer(0.5, 123, 40);
        GaussianDropoutLayer c = layer(0.5, 124, 40);
        double[] previous = null;
        for (int pass = 0; pass < 3; pass++) {
            a.forward(x, Mode.TRAIN);
            b.forward(x, Mode.TRAIN);
            c.forward(x, Mode.TRAIN);
            assertArrayEquals(a.lastMultipliers(), b.lastMultipliers(), 0.0);
            assertFalse(Arrays.equals(a.lastMultipliers(), c.lastMultipliers()));
            assertFalse(Arrays.equals(previous, a.lastMultipliers()), "fresh noise each pass");
            previous = a.lastMultipliers();
        }
    }

    // ---------------------------------------------------------------- settings

    @Test
    void badSettingsFailNamingTheProperty() {
        for (double p : new double[]{-0.1, 1.0, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertEquals("dropProbability", LayerTestSupport.failingProperty(() -> new GaussianDropout(p)), "p = " + p);
        }
        assertEquals("position", LayerTestSupport.failingProperty(() -> new GaussianDropout(0.5, null, List.of())));
        assertEquals("layers", LayerTestSupport.failingProperty(
                () -> new GaussianDropout(0.5, LayerSlot.Position.AFTER_ACTIVATION, List.of("dense1"))));
        assertThrows(IllegalArgumentException.class, () -> new GaussianDropoutLayer("g", 3, -0.5, null));
    }

    @Test
    void provenanceRecordsEverySetting() {
        GaussianDropout g = new GaussianDropout(0.2);
        ConfiguredObjectProvenance prov = g.getProvenance();
        assertEquals(new DoubleProvenance("dropProbability", 0.2), prov.getConfiguredParameters().get("dropProbability"));
        assertEquals("AFTER_ACTIVATION", prov.getConfiguredParameters().get("position").toString());
        assertEquals("GaussianDropout(dropProbability=0.2,position=AFTER_ACTIVATION,layers=[])", g.toString());
    }

    @Test
    void configurationRoundTrip(@TempDir Path dir) throws IOException {
        LayerTestSupport.assertConfigurationRoundTrip(new GaussianDropout(0.2, LayerSlot.Position.AFTER_ACTIVATION, List.of("hidden1")),
                "<property name=\"dropProbability\" value=\"0.2\"/>\n"
                        + "<propertylist name=\"layers\"><item>hidden1</item></propertylist>", dir);
        LayerTestSupport.assertConfigurationRoundTrip(new GaussianDropout(0.5), "", dir);
        assertEquals("dropProbability", LayerTestSupport.failingProperty(() -> LayerTestSupport.assertConfigurationRoundTrip(
                new GaussianDropout(0.5), "<property name=\"dropProbability\" value=\"1.0\"/>", dir)));
    }

    @Test
    void exampleConfigLoads() {
        Object o = LayerTestSupport.exampleConfigComponent("moons-gaussian-dropout.xml", "gaussianDropout");
        assertEquals(new GaussianDropout(0.3).getProvenance(), ((GaussianDropout) o).getProvenance());
    }

    @Test
    void protobufRoundTripKeepsTheSettingsAndGivesAnInferenceOnlyLayer() {
        GaussianDropoutLayer g = layer(0.25, 1, 4);
        GaussianDropoutLayer back = (GaussianDropoutLayer) Layers.fromProto(g.toProto());
        assertEquals(g.toProto(), back.toProto());
        assertEquals(g.stddev(), back.stddev());
        Matrix x = LayerTestSupport.gaussian(3, 4, 1);
        assertArrayEquals(x.data(), back.forward(x, Mode.INFER).data(), 0.0);
        assertThrows(IllegalStateException.class, () -> back.forward(x, Mode.TRAIN));
    }

    @Test
    void trainsInANetworkAndSurvivesSerialization() {
        LayerTestSupport.Trained t = LayerTestSupport.trainTiny(new GaussianDropout(0.1), Activation.RELU, Initializer.HE_UNIFORM, 60, 42);
        LayerTestSupport.assertIntegrates(t, GaussianDropoutLayer.class, ".relu");
    }

    @Test
    void readsTheVersion0ModelFixture() {
        LayerFixtures.assertFixtureLayer(GaussianDropoutLayer.class);
    }
}
