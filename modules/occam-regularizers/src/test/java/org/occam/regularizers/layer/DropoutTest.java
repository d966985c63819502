package org.occam.regularizers.layer;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DoubleProvenance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Activation;
import org.occam.core.nn.Initializer;
import org.occam.core.nn.Layer;
import org.occam.core.nn.Layers;
import org.occam.core.nn.Mode;
import org.occam.core.nn.Network;
import org.occam.core.spi.LayerSlot;
import org.occam.core.train.MlpBuilder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DropoutTest {
    private static final Logger logger = Logger.getLogger(DropoutTest.class.getName());

    private static DropoutLayer layer(double p, long seed, int width) {
        return (DropoutLayer) LayerTestSupport.create(new Dropout(p), width, seed);
    }

    // ---------------------------------------------------------------- the formula

    @ParameterizedTest
    @ValueSource(doubles = {0.1, 0.5, 0.9})
    void keptFractionOverAMillionDrawsIsWithinFourSigmaAndKeptValuesAreExactlyScaled(double p) {
        int rows = 1000;
        int cols = 1000;
        Matrix x = LayerTestSupport.positive(rows, cols, 11);
        Matrix y = layer(p, 5, cols).forward(x, Mode.TRAIN);
        long kept = 0;
        for (int i = 0; i < x.size(); i++) {
            double v = y.data()[i];
            if (v != 0.0) {
                kept++;
                assertEquals(x.data()[i] / (1 - p), v, 0.0, "kept value " + i);
            }
        }
        int n = rows * cols;
        double fraction = (double) kept / n;
        double sigma = Math.sqrt(p * (1 - p) / n);
        logger.info(String.format("Dropout p=%.1f: kept fraction %.6f over %d draws, expected %.1f ± %.6f (σ), %.2fσ",
                p, fraction, n, 1 - p, sigma, (fraction - (1 - p)) / sigma));
        assertTrue(Math.abs(fraction - (1 - p)) < 4 * sigma, "kept fraction " + fraction + " vs " + (1 - p));
    }

    @Test
    void inferIsExactlyTheIdentityAndLeavesTheInputAlone() {
        DropoutLayer d = layer(0.5, 1, 7);
        Matrix x = LayerTestSupport.gaussian(9, 7, 2);
        Matrix before = x.copy();
        Matrix a = d.forward(x, Mode.INFER);
        Matrix b = d.forward(x, Mode.INFER);
        assertArrayEquals(x.data(), a.data(), 0.0);
        assertArrayEquals(a.data(), b.data(), 0.0);
        assertNotSame(x, a, "INFER returns its own matrix, so callers may change it");
        assertEquals(before, x);
        assertEquals(null, d.lastMask(), "INFER stores no mask");
    }

    @Test
    void zeroDropProbabilityIsTheIdentityInTraining() {
        Matrix x = LayerTestSupport.gaussian(20, 5, 3);
        DropoutLayer d = layer(0.0, 1, 5);
        assertArrayEquals(x.data(), d.forward(x, Mode.TRAIN).data(), 0.0);
        Matrix g = LayerTestSupport.gaussian(20, 5, 4);
        assertArrayEquals(g.data(), d.backward(g, true).data(), 0.0);
    }

    @Test
    void trainingDropsAndScalesAndEachPassDrawsAFreshMask() {
        DropoutLayer d = layer(0.5, 1, 50);
        Matrix x = LayerTestSupport.positive(20, 50, 3);
        Matrix y = d.forward(x, Mode.TRAIN);
        assertFalse(Arrays.equals(x.data(), y.data()));
        boolean[] first = d.lastMask();
        d.forward(x, Mode.TRAIN);
        assertFalse(Arrays.equals(first, d.lastMask()), "a new mask per pass");
    }

    // ---------------------------------------------------------------- gradients

    @Test
    void backwardIsExactlyTheMaskedScaledGradient() {
        double p = 0.3;
        DropoutLayer d = layer(p, 9, 6);
        d.forward(LayerTestSupport.gaussian(8, 6, 1), Mode.TRAIN);
        boolean[] keep = d.lastMask();
        Matrix g = LayerTestSupport.gaussian(8, 6, 2);
        Matrix dx = d.backward(g, true);
        for (int i = 0; i < g.size(); i++) {
            assertEquals(keep[i] ? g.data()[i] / (1 - p) : 0.0, dx.data()[i], 0.0, "entry " + i);
        }
        assertEquals(null, d.backward(g, false));
    }

    @Test
    void gradientMatchesCentralDifferencesWithTheMaskFixedBySeed() {
        double error = LayerTestSupport.maxGradientError(() -> layer(0.4, 77, 5), true,
                LayerTestSupport.gaussian(6, 5, 1), LayerTestSupport.gaussian(6, 5, 2));
        assertTrue(error < LayerTestSupport.MAX_GRADIENT_ERROR, "max relative error " + error);
    }

    @Test
    void backwardBeforeATrainPassFails() {
        assertThrows(IllegalStateException.class, () -> layer(0.5, 1, 3).backward(new Matrix(2, 3), true));
    }

    // ---------------------------------------------------------------- seeds

    @Test
    void sameSeedGivesTheSameMasksAndAnotherSeedOthers() {
        Matrix x = LayerTestSupport.positive(30, 40, 1);
        DropoutLayer a = layer(0.5, 123, 40);
        DropoutLayer b = layer(0.5, 123, 40);
        DropoutLayer c = layer(0.5, 124, 40);
        for (int pass = 0; pass < 3; pass++) {
            a.forward(x, Mode.TRAIN);
            b.forward(x, Mode.TRAIN);
            c.forward(x, Mode.TRAIN);
            assertArrayEquals(a.lastMask(), b.lastMask(), "pass " + pass);
            assertFalse(Arrays.equals(a.lastMask(), c.lastMask()), "pass " + pass);
        }
    }

    @Test
    void sameSeedTrainsABitIdenticalNetwork() {
        var first = LayerTestSupport.trainTiny(new Dropout(0.2), Activation.RELU, Initializer.HE_UNIFORM, 5, 42);
        var second = LayerTestSupport.trainTiny(new Dropout(0.2), Activation.RELU, Initializer.HE_UNIFORM, 5, 42);
        var other = LayerTestSupport.trainTiny(new Dropout(0.2), Activation.RELU, Initializer.HE_UNIFORM, 5, 43);
        assertArrayEquals(LayerTestSupport.allParameters(first.network()), LayerTestSupport.allParameters(second.network()), 0.0);
        assertFalse(Arrays.equals(LayerTestSupport.allParameters(first.network()), LayerTestSupport.allParameters(other.network())));
    }

    // ---------------------------------------------------------------- placement

    @Test
    void goesAfterTheActivationOfEveryHiddenLayerByDefault() {
        Dropout d = new Dropout(0.5);
        assertEquals(LayerSlot.Position.AFTER_ACTIVATION, d.position());
        assertTrue(d.createLayer(LayerTestSupport.slot(4, LayerSlot.Position.BEFORE_ACTIVATION), "x", new SplittableRandom(1)).isEmpty());
        Network net = MlpBuilder.build(3, new int[]{4, 5, 6}, Activation.TANH, 2, Initializer.GLOROT_UNIFORM, List.of(d), new SplittableRandom(1));
        assertEquals(List.of("hidden1", "hidden1.tanh", "hidden1.dropout", "hidden2", "hidden2.tanh", "hidden2.dropout",
                "hidden3", "hidden3.tanh", "hidden3.dropout", "output"), net.layers().stream().map(Layer::name).toList());
        assertEquals(List.of(4, 5, 6), net.layers().stream().filter(l -> l instanceof DropoutLayer).map(Layer::inputWidth).toList());
    }

    @Test
    void layersRestrictsItToTheNamedHiddenLayers() {
        Dropout d = new Dropout(0.5, LayerSlot.Position.BEFORE_ACTIVATION, List.of("hidden2"));
        Network net = MlpBuilder.build(3, new int[]{4, 5}, Activation.RELU, 2, Initializer.HE_UNIFORM, List.of(d), new SplittableRandom(1));
        assertEquals(List.of("hidden1", "hidden1.relu", "hidden2", "hidden2.dropout", "hidden2.relu", "output"),
                net.layers().stream().map(Layer::name).toList());
    }

    @Test
    void namingAHiddenLayerTheNetworkDoesNotHaveFails() {
        Dropout d = new Dropout(0.5, LayerSlot.Position.AFTER_ACTIVATION, List.of("hidden3"));
        PropertyException e = assertThrows(PropertyException.class, () -> MlpBuilder.build(3, new int[]{4, 5}, Activation.RELU, 2,
                Initializer.HE_UNIFORM, List.of(d), new SplittableRandom(1)));
        assertEquals("layers", e.getProperty());
        assertTrue(e.getMessage().contains("hidden3"), e.getMessage());
    }

    // ---------------------------------------------------------------- bad settings

    @Test
    void badSettingsFailNamingTheProperty() {
        for (double p : new double[]{-0.1, 1.0, 1.5, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertEquals("dropProbability", LayerTestSupport.failingProperty(() -> new Dropout(p)), "p = " + p);
        }
        assertEquals("position", LayerTestSupport.failingProperty(() -> new Dropout(0.5, null, List.of())));
        assertEquals("layers", LayerTestSupport.failingProperty(() -> new Dropout(0.5, LayerSlot.Position.AFTER_ACTIVATION, List.of("output"))));
        assertEquals("layers", LayerTestSupport.failingProperty(() -> new Dropout(0.5, LayerSlot.Position.AFTER_ACTIVATION, List.of("hidden0"))));
        assertEquals("layers", LayerTestSupport.failingProperty(() -> new Dropout(0.5, LayerSlot.Position.AFTER_ACTIVATION, List.of(" "))));
        assertEquals("layers", LayerTestSupport.failingProperty(
                () -> new Dropout(0.5, LayerSlot.Position.AFTER_ACTIVATION, List.of("hidden1", "hidden1"))));
        // the boundaries that are allowed
        new Dropout(0.0);
        new Dropout(Math.nextDown(1.0));
        // and the runtime layer guards itself too (a crafted model file)
        assertThrows(IllegalArgumentException.class, () -> new DropoutLayer("d", 3, 1.0, null));
        assertThrows(IllegalArgumentException.class, () -> new DropoutLayer("d", 0, 0.5, null));
    }

    @Test
    void badSettingsInAConfigFileFailNamingTheProperty(@TempDir Path dir) {
        for (String p : new String[]{"-0.1", "1.0", "NaN"}) {
            assertEquals("dropProbability", LayerTestSupport.failingProperty(() -> LayerTestSupport.assertConfigurationRoundTrip(
                    new Dropout(0.5), "<property name=\"dropProbability\" value=\"" + p + "\"/>", dir)));
        }
    }

    // ---------------------------------------------------------------- configuration, provenance, serialization

    @Test
    void provenanceRecordsEverySetting() {
        Dropout d = new Dropout(0.3, LayerSlot.Position.BEFORE_ACTIVATION, List.of("hidden2"));
        ConfiguredObjectProvenance prov = d.getProvenance();
        assertEquals(Dropout.class.getName(), prov.getClassName());
        assertEquals(new DoubleProvenance("dropProbability", 0.3), prov.getConfiguredParameters().get("dropProbability"));
        assertEquals("BEFORE_ACTIVATION", prov.getConfiguredParameters().get("position").toString());
        assertTrue(prov.getConfiguredParameters().get("layers").toString().contains("hidden2"), prov.toString());
        assertEquals("Dropout(dropProbability=0.3,position=BEFORE_ACTIVATION,layers=[hidden2])", d.toString());
    }

    @Test
    void configurationRoundTrip(@TempDir Path dir) throws IOException {
        LayerTestSupport.assertConfigurationRoundTrip(new Dropout(0.3, LayerSlot.Position.BEFORE_ACTIVATION, List.of("hidden2")),
                "<property name=\"dropProbability\" value=\"0.3\"/>\n"
                        + "<property name=\"position\" value=\"BEFORE_ACTIVATION\"/>\n"
                        + "<propertylist name=\"layers\"><item>hidden2</item></propertylist>", dir);
        // defaults
        LayerTestSupport.assertConfigurationRoundTrip(new Dropout(Dropout.DEFAULT_DROP_PROBABILITY), "", dir);
    }

    @Test
    void exampleConfigLoads() {
        Object o = LayerTestSupport.exampleConfigComponent("moons-dropout.xml", "dropout");
        assertEquals(new Dropout(0.5).getProvenance(), ((Dropout) o).getProvenance());
    }

    @Test
    void protobufRoundTripKeepsTheSettingsAndGivesAnInferenceOnlyLayer() {
        DropoutLayer d = layer(0.25, 1, 4);
        DropoutLayer back = (DropoutLayer) Layers.fromProto(d.toProto());
        assertEquals(d.toProto(), back.toProto());
        assertEquals(0.25, back.dropProbability());
        assertEquals(d.name(), back.name());
        Matrix x = LayerTestSupport.gaussian(3, 4, 1);
        assertArrayEquals(x.data(), back.forward(x, Mode.INFER).data(), 0.0);
        assertTrue(d.canTrain());
        assertFalse(back.canTrain());
        assertThrows(IllegalStateException.class, () -> back.forward(x, Mode.TRAIN));
    }

    @Test
    void trainsInANetworkAndSurvivesSerialization() {
        LayerTestSupport.Trained t = LayerTestSupport.trainTiny(new Dropout(0.1), Activation.RELU, Initializer.HE_UNIFORM, 60, 42);
        LayerTestSupport.assertIntegrates(t, DropoutLayer.class, ".relu");
    }

    @Test
    void readsTheVersion0ModelFixture() {
        LayerFixtures.assertFixtureLayer(DropoutLayer.class);
    }
}
