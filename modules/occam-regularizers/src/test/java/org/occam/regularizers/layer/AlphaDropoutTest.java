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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlphaDropoutTest {
    private static final Logger logger = Logger.getLogger(AlphaDropoutTest.class.getName());

    /** SELU's λ and α as printed in Klambauer et al. 2017, written out independently of Activation. */
    private static final double PAPER_LAMBDA = 1.0507009873554804934193349852946;
    private static final double PAPER_ALPHA = 1.6732632423543772848170429916717;

    private static AlphaDropoutLayer layer(double p, long seed, int width) {
        return (AlphaDropoutLayer) LayerTestSupport.create(new AlphaDropout(p), width, seed);
    }

    // ---------------------------------------------------------------- the formula

    @Test
    void constantsFollowThePaper() {
        double alphaPrime = -PAPER_LAMBDA * PAPER_ALPHA;
        assertEquals(alphaPrime, DropoutKernels.ALPHA_PRIME, 1e-15);
        assertEquals(-1.7580993408473766, DropoutKernels.ALPHA_PRIME, 1e-15);
        // the paper's form with q = 1 − p: a = (q + α′²·q·(1 − q))^(−1/2), b = −a·(1 − q)·α′
        for (double p : new double[]{0.0, 0.05, 0.1, 0.5, 0.9}) {
            double q = 1 - p;
            double a = Math.pow(q + alphaPrime * alphaPrime * q * (1 - q), -0.5);
            assertEquals(a, DropoutKernels.alphaScale(p), 1e-14, "a at p = " + p);
            assertEquals(-a * (1 - q) * alphaPrime, DropoutKernels.alphaShift(p), 1e-14, "b at p = " + p);
        }
    }

    @Test
    void keptValuesAreAffineInTheInputAndDroppedOnesTheSaturationValue() {
        double p = 0.2;
        AlphaDropoutLayer d = layer(p, 4, 50);
        Matrix x = LayerTestSupport.gaussian(40, 50, 1);
        Matrix y = d.forward(x, Mode.TRAIN);
        boolean[] keep = d.lastMask();
        double a = d.scale();
        double b = d.shift();
        int dropped = 0;
        for (int i = 0; i < x.size(); i++) {
            if (keep[i]) {
                assertEquals(a * x.data()[i] + b, y.data()[i], 0.0);
            } else {
                dropped++;
                assertEquals(a * DropoutKernels.ALPHA_PRIME + b, y.data()[i], 0.0);
            }
        }
        assertTrue(dropped > 0);
    }

    /**
     * Standard-normal input, 10⁶ values: the output keeps mean 0 and variance 1, each within 4
     * standard errors (1/√n for the mean; √((m₄ − s⁴)/n) for the variance, from the sample's own
     * fourth moment since the output is not normal). The same input through plain inverted
     * dropout would have variance 1/(1 − p): the check can tell the difference.
     */
    @ParameterizedTest
    @ValueSource(doubles = {0.05, 0.1, 0.2, 0.5})
    void standardNormalInputKeepsMeanZeroAndVarianceOne(double p) {
        int rows = 1000;
        int cols = 1000;
        Matrix x = LayerTestSupport.gaussian(rows, cols, 21);
        double[] y = layer(p, 8, cols).forward(x, Mode.TRAIN).data();
        int n = y.length;
        double mean = Arrays.stream(y).sum() / n;
        double m2 = 0;
        double m4 = 0;
        for (double v : y) {
            double d = v - mean;
            m2 += d * d;
            m4 += d * d * d * d;
        }
        m2 /= n;
        m4 /= n;
        double meanError = Math.sqrt(m2 / n);
        double varianceError = Math.sqrt((m4 - m2 * m2) / n);
        logger.info(String.format("AlphaDropout p=%.2f: mean %.6f (±%.6f, %.2fσ), variance %.6f (±%.6f, %.2fσ) over %d values",
                p, mean, meanError, mean / meanError, m2, varianceError, (m2 - 1) / varianceError, n));
        assertTrue(Math.abs(mean) < 4 * meanError, "mean " + mean);
        assertTrue(Math.abs(m2 - 1) < 4 * varianceError, "variance " + m2);
        // inverted dropout would not preserve it
        assertTrue(Math.abs(1 / (1 - p) - 1) > 8 * varianceError);
    }

    @Test
    void keptFractionIsOneMinusP() {
        double p = 0.3;
        AlphaDropoutLayer d = layer(p, 2, 1000);
        d.forward(LayerTestSupport.gaussian(1000, 1000, 3), Mode.TRAIN);
        long kept = 0;
        for (boolean k : d.lastMask()) {
            kept += k ? 1 : 0;
        }
        double sigma = Math.sqrt(p * (1 - p) / 1e6);
        assertTrue(Math.abs(kept / 1e6 - (1 - p)) < 4 * sigma, "kept fraction " + kept / 1e6);
    }

    @Test
    void inferIsExactlyTheIdentityAndZeroDropProbabilityIsTheIdentityInTraining() {
        Matrix x = LayerTestSupport.gaussian(9, 7, 2);
        AlphaDropoutLayer d = layer(0.5, 1, 7);
        assertArrayEquals(x.data(), d.forward(x, Mode.INFER).data(), 0.0);
        assertArrayEquals(x.data(), d.forward(x, Mode.INFER).data(), 0.0);
        assertEquals(null, d.lastMask());
        assertArrayEquals(x.data(), layer(0.0, 1, 7).forward(x, Mode.TRAIN).data(), 0.0);
    }

    // ---------------------------------------------------------------- gradients

    @Test
    void backwardIsExactlyTheScaleOnKeptUnits() {
        AlphaDropoutLayer d = layer(0.3, 9, 6);
        d.forward(LayerTestSupport.gaussian(8, 6, 1), Mode.TRAIN);
        boolean[] keep = d.lastMask();
        Matrix g = LayerTestSupport.gaussian(8, 6, 2);
        Matrix dx = d.backward(g, true);
        for (int i = 0; i < g.size(); i++) {
            assertEquals(keep[i] ? d.scale() * g.data()[i] : 0.0, dx.data()[i], 0.0);
        }
    }

    @Test
    void gradientMatchesCentralDifferencesWithTheMaskFixedBySeed() {
        double error = LayerTestSupport.maxGradientError(() -> layer(0.4, 77, 5), true,
                LayerTestSupport.gaussian(6, 5, 1), LayerTestSupport.gaussian(6, 5, 2));
        assertTrue(error < LayerTestSupport.MAX_GRADIENT_ERROR, "max relative error " + error);
    }

    // ---------------------------------------------------------------- seeds

    @Test
    void sameSeedGivesTheSameMasksAndAnotherSeedOthers() {
        Matrix x = LayerTestSupport.gaussian(30, 40, 1);
        AlphaDropoutLayer a = layer(0.2, 123, 40);
        AlphaDropoutLayer b = layer(0.2, 123, 40);
        AlphaDropoutLayer c = layer(0.2, 124, 40);
        for (int pass = 0; pass < 3; pass++) {
            a.forward(x, Mode.TRAIN);
            b.forward(x, Mode.TRAIN);
            c.forward(x, Mode.TRAIN);
            assertArrayEquals(a.lastMask(), b.lastMask());
            assertFalse(Arrays.equals(a.lastMask(), c.lastMask()));
        }
    }

    // ---------------------------------------------------------------- settings

    @Test
    void badSettingsFailNamingTheProperty() {
        for (double p : new double[]{-0.1, 1.0, Double.NaN}) {
            assertEquals("dropProbability", LayerTestSupport.failingProperty(() -> new AlphaDropout(p)), "p = " + p);
        }
        assertEquals("position", LayerTestSupport.failingProperty(() -> new AlphaDropout(0.1, null, List.of())));
        assertThrows(IllegalArgumentException.class, () -> new AlphaDropoutLayer("a", 3, Double.NaN, null));
    }

    @Test
    void provenanceRecordsEverySetting() {
        AlphaDropout d = new AlphaDropout(0.05);
        ConfiguredObjectProvenance prov = d.getProvenance();
        assertEquals(new DoubleProvenance("dropProbability", 0.05), prov.getConfiguredParameters().get("dropProbability"));
        assertEquals("AFTER_ACTIVATION", prov.getConfiguredParameters().get("position").toString());
        assertEquals("AlphaDropout(dropProbability=0.05,position=AFTER_ACTIVATION,layers=[])", d.toString());
    }

    @Test
    void configurationRoundTrip(@TempDir Path dir) throws IOException {
        LayerTestSupport.assertConfigurationRoundTrip(new AlphaDropout(0.05, LayerSlot.Position.BEFORE_ACTIVATION, List.of()),
                "<property name=\"dropProbability\" value=\"0.05\"/>\n<property name=\"position\" value=\"BEFORE_ACTIVATION\"/>", dir);
        LayerTestSupport.assertConfigurationRoundTrip(new AlphaDropout(AlphaDropout.DEFAULT_DROP_PROBABILITY), "", dir);
        assertEquals("dropProbability", LayerTestSupport.failingProperty(() -> LayerTestSupport.assertConfigurationRoundTrip(
                new AlphaDropout(0.1), "<property name=\"dropProbability\" value=\"-0.1\"/>", dir)));
    }

    @Test
    void exampleConfigLoads() {
        Object o = LayerTestSupport.exampleConfigComponent("breast-cancer-alpha-dropout.xml", "alphaDropout");
        assertEquals(new AlphaDropout(0.1).getProvenance(), ((AlphaDropout) o).getProvenance());
    }

    @Test
    void protobufRoundTripKeepsTheSettingsAndGivesAnInferenceOnlyLayer() {
        AlphaDropoutLayer d = layer(0.15, 1, 4);
        AlphaDropoutLayer back = (AlphaDropoutLayer) Layers.fromProto(d.toProto());
        assertEquals(d.toProto(), back.toProto());
        assertEquals(d.scale(), back.scale());
        assertEquals(d.shift(), back.shift());
        Matrix x = LayerTestSupport.gaussian(3, 4, 1);
        assertArrayEquals(x.data(), back.forward(x, Mode.INFER).data(), 0.0);
        assertThrows(IllegalStateException.class, () -> back.forward(x, Mode.TRAIN));
    }

    @Test
    void trainsASeluNetworkAndSurvivesSerialization() {
        LayerTestSupport.Trained t = LayerTestSupport.trainTiny(new AlphaDropout(0.05), Activation.SELU, Initializer.LECUN_NORMAL, 60, 42);
        LayerTestSupport.assertIntegrates(t, AlphaDropoutLayer.class, ".selu");
    }

    @Test
    void readsTheVersion0ModelFixture() {
        LayerFixtures.assertFixtureLayer(AlphaDropoutLayer.class);
    }
}
