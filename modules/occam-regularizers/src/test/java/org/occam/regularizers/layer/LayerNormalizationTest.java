package org.occam.regularizers.layer;

import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DoubleProvenance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Activation;
import org.occam.core.nn.Initializer;
import org.occam.core.nn.Layers;
import org.occam.core.nn.Mode;
import org.occam.core.nn.Parameter;
import org.occam.core.spi.LayerSlot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayerNormalizationTest {
    private static LayerNormalizationLayer layer(double epsilon, int width) {
        return (LayerNormalizationLayer) LayerTestSupport.create(new LayerNormalization(epsilon), width, 1);
    }

    private static LayerNormalizationLayer randomizedLayer(int width) {
        LayerNormalizationLayer ln = layer(1e-3, width);
        LayerTestSupport.randomize(ln.gamma(), 5, 1.0);
        LayerTestSupport.randomize(ln.beta(), 6, 0.0);
        return ln;
    }

    // ---------------------------------------------------------------- the formula

    @Test
    void standardizesEachExampleOverItsFeatures() {
        // row [1, 2, 3, 4]: mean 2.5, biased variance 1.25
        LayerNormalizationLayer ln = layer(1e-3, 4);
        Matrix y = ln.forward(Matrix.of(new double[]{1, 2, 3, 4}, new double[]{10, 10, 10, 10}), Mode.TRAIN);
        double s = Math.sqrt(1.25 + 1e-3);
        assertArrayEquals(new double[]{-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s, 0, 0, 0, 0}, y.data(), 1e-15);
    }

    @Test
    void scaleAndShiftApplyPerFeature() {
        LayerNormalizationLayer ln = randomizedLayer(3);
        Matrix x = Matrix.of(new double[]{-1, 0.5, 4});
        Matrix y = ln.forward(x, Mode.INFER);
        double mean = 3.5 / 3;
        double variance = (Math.pow(-1 - mean, 2) + Math.pow(0.5 - mean, 2) + Math.pow(4 - mean, 2)) / 3;
        for (int j = 0; j < 3; j++) {
            double expected = ln.gamma().value().data()[j] * (x.get(0, j) - mean) / Math.sqrt(variance + 1e-3)
                    + ln.beta().value().data()[j];
            assertEquals(expected, y.get(0, j), 1e-12);
        }
    }

    @Test
    void trainAndInferComputeTheSameFunctionAndRowsAreIndependent() {
        LayerNormalizationLayer ln = randomizedLayer(5);
        Matrix x = LayerTestSupport.gaussian(6, 5, 1);
        Matrix train = ln.forward(x, Mode.TRAIN).copy();
        Matrix infer = ln.forward(x, Mode.INFER);
        assertArrayEquals(train.data(), infer.data(), 0.0);
        assertArrayEquals(infer.data(), ln.forward(x, Mode.INFER).data(), 0.0);
        Matrix lastRow = new Matrix(1, 5, Arrays.copyOfRange(x.data(), 25, 30));
        assertArrayEquals(Arrays.copyOfRange(infer.data(), 25, 30), ln.forward(lastRow, Mode.INFER).data(), 0.0);
    }

    // ---------------------------------------------------------------- gradients

    @Test
    void gradientMatchesCentralDifferences() {
        Matrix x = LayerTestSupport.gaussian(4, 6, 1);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = 2 * x.data()[i] + i % 3;
        }
        LayerNormalizationLayer ln = randomizedLayer(6);
        double error = LayerTestSupport.maxGradientError(() -> ln, false, x, LayerTestSupport.gaussian(4, 6, 2));
        assertTrue(error < LayerTestSupport.MAX_GRADIENT_ERROR, "max relative error " + error);
    }

    /** Adding a constant to a whole row changes nothing, so each row of the input gradient sums to 0. */
    @Test
    void inputGradientSumsToZeroInEachRow() {
        LayerNormalizationLayer ln = randomizedLayer(5);
        ln.forward(LayerTestSupport.gaussian(3, 5, 3), Mode.TRAIN);
        Matrix dx = ln.backward(LayerTestSupport.gaussian(3, 5, 4), true);
        for (int r = 0; r < 3; r++) {
            double sum = 0;
            for (int j = 0; j < 5; j++) {
                sum += dx.get(r, j);
            }
            assertEquals(0.0, sum, 1e-12, "row " + r);
        }
    }

    // ---------------------------------------------------------------- settings and placement

    @Test
    void gammaAndBetaAreOtherParametersAndTheLayerGoesBeforeTheActivation() {
        LayerNormalizationLayer ln = layer(1e-3, 3);
        assertEquals(List.of("hidden1.test.gamma", "hidden1.test.beta"), ln.parameters().stream().map(Parameter::name).toList());
        ln.parameters().forEach(p -> assertEquals(Parameter.Role.OTHER, p.role()));
        assertArrayEquals(new double[]{1, 1, 1}, ln.gamma().value().data(), 0.0);
        assertArrayEquals(new double[]{0, 0, 0}, ln.beta().value().data(), 0.0);
        assertEquals(LayerSlot.Position.BEFORE_ACTIVATION, new LayerNormalization(1e-3).position());
    }

    @Test
    void badSettingsFailNamingTheProperty() {
        for (double e : new double[]{0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertEquals("epsilon", LayerTestSupport.failingProperty(() -> new LayerNormalization(e)), "ε = " + e);
        }
        assertEquals("position", LayerTestSupport.failingProperty(() -> new LayerNormalization(1e-3, null, List.of())));
        assertEquals("layers", LayerTestSupport.failingProperty(
                () -> new LayerNormalization(1e-3, LayerSlot.Position.BEFORE_ACTIVATION, java.util.Arrays.asList((String) null))));
        assertThrows(IllegalArgumentException.class, () -> new LayerNormalizationLayer("ln", 3, 0.0));
    }

    @Test
    void provenanceRecordsEverySetting() {
        LayerNormalization ln = new LayerNormalization(1e-5);
        ConfiguredObjectProvenance prov = ln.getProvenance();
        assertEquals(new DoubleProvenance("epsilon", 1e-5), prov.getConfiguredParameters().get("epsilon"));
        assertEquals("BEFORE_ACTIVATION", prov.getConfiguredParameters().get("position").toString());
        assertEquals("LayerNormalization(epsilon=1.0E-5,position=BEFORE_ACTIVATION,layers=[])", ln.toString());
    }

    @Test
    void configurationRoundTrip(@TempDir Path dir) throws IOException {
        LayerTestSupport.assertConfigurationRoundTrip(new LayerNormalization(1e-5, LayerSlot.Position.AFTER_ACTIVATION, List.of("hidden2")),
                "<property name=\"epsilon\" value=\"1e-5\"/>\n<property name=\"position\" value=\"AFTER_ACTIVATION\"/>\n"
                        + "<propertylist name=\"layers\"><item>hidden2</item></propertylist>", dir);
        LayerTestSupport.assertConfigurationRoundTrip(new LayerNormalization(LayerNormalization.DEFAULT_EPSILON), "", dir);
        assertEquals("epsilon", LayerTestSupport.failingProperty(() -> LayerTestSupport.assertConfigurationRoundTrip(
                new LayerNormalization(1e-3), "<property name=\"epsilon\" value=\"-1\"/>", dir)));
    }

    @Test
    void exampleConfigLoads() {
        Object o = LayerTestSupport.exampleConfigComponent("diabetes-layer-norm.xml", "layerNorm");
        assertEquals(new LayerNormalization(1e-3).getProvenance(), ((LayerNormalization) o).getProvenance());
    }

    // ---------------------------------------------------------------- serialization and training

    @Test
    void protobufRoundTripKeepsParameters() {
        LayerNormalizationLayer ln = randomizedLayer(4);
        LayerNormalizationLayer back = (LayerNormalizationLayer) Layers.fromProto(ln.toProto());
        assertEquals(ln.toProto(), back.toProto());
        Matrix x = LayerTestSupport.gaussian(3, 4, 10);
        assertArrayEquals(ln.forward(x, Mode.INFER).data(), back.forward(x, Mode.INFER).data(), 0.0);
    }

    @Test
    void trainsInANetworkAndSurvivesSerialization() {
        LayerTestSupport.Trained t = LayerTestSupport.trainTiny(new LayerNormalization(1e-3), Activation.RELU, Initializer.HE_UNIFORM, 60, 42);
        LayerTestSupport.assertIntegrates(t, LayerNormalizationLayer.class, "");
    }

    @Test
    void readsTheVersion0ModelFixture() {
        LayerFixtures.assertFixtureLayer(LayerNormalizationLayer.class);
    }
}
