package org.occam.regularizers.layer;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DoubleProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Activation;
import org.occam.core.nn.Initializer;
import org.occam.core.nn.Layers;
import org.occam.core.nn.Mode;
import org.occam.core.nn.Parameter;
import org.occam.core.spi.LayerSlot;
import org.occam.core.train.MlpBuilder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupNormalizationTest {
    private static GroupNormalizationLayer layer(int groups, int width) {
        return (GroupNormalizationLayer) LayerTestSupport.create(new GroupNormalization(groups, 1e-3), width, 1);
    }

    private static GroupNormalizationLayer randomizedLayer(int groups, int width) {
        GroupNormalizationLayer gn = layer(groups, width);
        LayerTestSupport.randomize(gn.gamma(), 5, 1.0);
        LayerTestSupport.randomize(gn.beta(), 6, 0.0);
        return gn;
    }

    // ---------------------------------------------------------------- the formula

    @Test
    void standardizesEachGroupOfEachExampleOnItsOwn() {
        GroupNormalizationLayer gn = randomizedLayer(3, 6);
        Matrix x = LayerTestSupport.gaussian(4, 6, 1);
        Matrix y = gn.forward(x, Mode.TRAIN);
        for (int r = 0; r < 4; r++) {
            for (int g = 0; g < 3; g++) {
                double a = x.get(r, 2 * g);
                double b = x.get(r, 2 * g + 1);
                double mean = (a + b) / 2;
                double variance = ((a - mean) * (a - mean) + (b - mean) * (b - mean)) / 2;
                for (int j = 2 * g; j < 2 * g + 2; j++) {
                    double expected = gn.gamma().value().data()[j] * (x.get(r, j) - mean) / Math.sqrt(variance + 1e-3)
                            + gn.beta().value().data()[j];
                    assertEquals(expected, y.get(r, j), 1e-12, "row " + r + " feature " + j);
                }
            }
        }
    }

    @Test
    void oneGroupIsLayerNormalization() {
        GroupNormalizationLayer gn = randomizedLayer(1, 6);
        LayerNormalizationLayer ln = (LayerNormalizationLayer) LayerTestSupport.create(new LayerNormalization(1e-3), 6, 1);
        LayerTestSupport.randomize(ln.gamma(), 5, 1.0);
        LayerTestSupport.randomize(ln.beta(), 6, 0.0);
        Matrix x = LayerTestSupport.gaussian(5, 6, 2);
        assertArrayEquals(ln.forward(x, Mode.INFER).data(), gn.forward(x, Mode.INFER).data(), 0.0);
    }

    @Test
    void asManyGroupsAsFeaturesLeavesOnlyTheShift() {
        GroupNormalizationLayer gn = randomizedLayer(4, 4);
        Matrix y = gn.forward(LayerTestSupport.gaussian(3, 4, 2), Mode.INFER);
        for (int r = 0; r < 3; r++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(gn.beta().value().data()[j], y.get(r, j), 0.0);
            }
        }
    }

    @Test
    void trainAndInferComputeTheSameFunction() {
        GroupNormalizationLayer gn = randomizedLayer(2, 8);
        Matrix x = LayerTestSupport.gaussian(5, 8, 1);
        Matrix train = gn.forward(x, Mode.TRAIN).copy();
        Matrix infer = gn.forward(x, Mode.INFER);
        assertArrayEquals(train.data(), infer.data(), 0.0);
        assertArrayEquals(infer.data(), gn.forward(x, Mode.INFER).data(), 0.0);
    }

    // ---------------------------------------------------------------- gradients

    @Test
    void gradientMatchesCentralDifferences() {
        Matrix x = LayerTestSupport.gaussian(4, 6, 1);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = 2 * x.data()[i] + i % 3;
        }
        GroupNormalizationLayer gn = randomizedLayer(2, 6);
        double error = LayerTestSupport.maxGradientError(() -> gn, false, x, LayerTestSupport.gaussian(4, 6, 2));
        assertTrue(error < LayerTestSupport.MAX_GRADIENT_ERROR, "max relative error " + error);
    }

    /** Adding a constant to one group of a row changes nothing, so the input gradient sums to 0 per row and group. */
    @Test
    void inputGradientSumsToZeroInEachGroup() {
        GroupNormalizationLayer gn = randomizedLayer(3, 9);
        gn.forward(LayerTestSupport.gaussian(2, 9, 3), Mode.TRAIN);
        Matrix dx = gn.backward(LayerTestSupport.gaussian(2, 9, 4), true);
        for (int r = 0; r < 2; r++) {
            for (int g = 0; g < 3; g++) {
                double sum = dx.get(r, 3 * g) + dx.get(r, 3 * g + 1) + dx.get(r, 3 * g + 2);
                assertEquals(0.0, sum, 1e-12, "row " + r + " group " + g);
            }
        }
    }

    // ---------------------------------------------------------------- groups must divide the width

    @Test
    void groupsThatDoNotDivideTheWidthFailWhenTheNetworkIsBuilt() {
        GroupNormalization gn = new GroupNormalization(4, 1e-3);
        PropertyException e = assertThrows(PropertyException.class,
                () -> gn.createLayer(LayerTestSupport.slot(10, LayerSlot.Position.BEFORE_ACTIVATION), "x", new SplittableRandom(1)));
        assertEquals("groups", e.getProperty());
        assertTrue(e.getMessage().contains("10"), e.getMessage());
        PropertyException fromBuilder = assertThrows(PropertyException.class, () -> MlpBuilder.build(3, new int[]{8, 6},
                Activation.RELU, 2, Initializer.HE_UNIFORM, List.of(gn), new SplittableRandom(1)));
        assertEquals("groups", fromBuilder.getProperty());
        assertTrue(fromBuilder.getMessage().contains("hidden2"), fromBuilder.getMessage());
        // the default of 32 groups needs widths that are multiples of 32
        assertEquals("groups", assertThrows(PropertyException.class, () -> new GroupNormalization(GroupNormalization.DEFAULT_GROUPS,
                1e-3).createLayer(LayerTestSupport.slot(16, LayerSlot.Position.BEFORE_ACTIVATION), "x", new SplittableRandom(1))).getProperty());
        assertTrue(new GroupNormalization(GroupNormalization.DEFAULT_GROUPS, 1e-3)
                .createLayer(LayerTestSupport.slot(128, LayerSlot.Position.BEFORE_ACTIVATION), "x", new SplittableRandom(1)).isPresent());
        // and a layer built by hand checks too
        assertThrows(IllegalArgumentException.class, () -> new GroupNormalizationLayer("g", 10, 4, 1e-3));
    }

    // ---------------------------------------------------------------- settings

    @Test
    void badSettingsFailNamingTheProperty() {
        for (int g : new int[]{0, -1, Integer.MIN_VALUE}) {
            assertEquals("groups", LayerTestSupport.failingProperty(() -> new GroupNormalization(g, 1e-3)), "groups = " + g);
        }
        for (double e : new double[]{0.0, -1e-3, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertEquals("epsilon", LayerTestSupport.failingProperty(() -> new GroupNormalization(2, e)), "ε = " + e);
        }
        assertEquals("position", LayerTestSupport.failingProperty(() -> new GroupNormalization(2, 1e-3, null, List.of())));
    }

    @Test
    void parametersArePerFeature() {
        GroupNormalizationLayer gn = layer(2, 6);
        assertEquals(2, gn.groups());
        assertEquals(List.of("hidden1.test.gamma", "hidden1.test.beta"), gn.parameters().stream().map(Parameter::name).toList());
        gn.parameters().forEach(p -> {
            assertEquals(Parameter.Role.OTHER, p.role());
            assertEquals(6, p.value().cols());
        });
    }

    @Test
    void provenanceRecordsEverySetting() {
        GroupNormalization gn = new GroupNormalization(8, 1e-5);
        ConfiguredObjectProvenance prov = gn.getProvenance();
        assertEquals(new IntProvenance("groups", 8), prov.getConfiguredParameters().get("groups"));
        assertEquals(new DoubleProvenance("epsilon", 1e-5), prov.getConfiguredParameters().get("epsilon"));
        assertEquals("BEFORE_ACTIVATION", prov.getConfiguredParameters().get("position").toString());
        assertEquals("GroupNormalization(groups=8,epsilon=1.0E-5,position=BEFORE_ACTIVATION,layers=[])", gn.toString());
    }

    @Test
    void configurationRoundTrip(@TempDir Path dir) throws IOException {
        LayerTestSupport.assertConfigurationRoundTrip(new GroupNormalization(8, 1e-5, LayerSlot.Position.AFTER_ACTIVATION, List.of("hidden1", "hidden3")),
                "<property name=\"groups\" value=\"8\"/>\n<property name=\"epsilon\" value=\"1e-5\"/>\n"
                        + "<property name=\"position\" value=\"AFTER_ACTIVATION\"/>\n"
                        + "<propertylist name=\"layers\"><item>hidden1</item><item>hidden3</item></propertylist>", dir);
        LayerTestSupport.assertConfigurationRoundTrip(new GroupNormalization(GroupNormalization.DEFAULT_GROUPS,
                GroupNormalization.DEFAULT_EPSILON), "", dir);
        assertEquals("groups", LayerTestSupport.failingProperty(() -> LayerTestSupport.assertConfigurationRoundTrip(
                new GroupNormalization(2, 1e-3), "<property name=\"groups\" value=\"0\"/>", dir)));
    }

    @Test
    void exampleConfigLoads() {
        Object o = LayerTestSupport.exampleConfigComponent("wine-group-norm.xml", "groupNorm");
        assertEquals(new GroupNormalization(8, 1e-3).getProvenance(), ((GroupNormalization) o).getProvenance());
    }

    // ---------------------------------------------------------------- serialization and training

    @Test
    void protobufRoundTripKeepsGroupsAndParameters() {
        GroupNormalizationLayer gn = randomizedLayer(2, 4);
        GroupNormalizationLayer back = (GroupNormalizationLayer) Layers.fromProto(gn.toProto());
        assertEquals(gn.toProto(), back.toProto());
        assertEquals(2, back.groups());
        Matrix x = LayerTestSupport.gaussian(3, 4, 10);
        assertArrayEquals(gn.forward(x, Mode.INFER).data(), back.forward(x, Mode.INFER).data(), 0.0);
    }

    @Test
    void trainsInANetworkAndSurvivesSerialization() {
        LayerTestSupport.Trained t = LayerTestSupport.trainTiny(new GroupNormalization(4, 1e-3), Activation.RELU, Initializer.HE_UNIFORM, 60, 42);
        LayerTestSupport.assertIntegrates(t, GroupNormalizationLayer.class, "");
    }

    @Test
    void readsTheVersion0ModelFixture() {
        LayerFixtures.assertFixtureLayer(GroupNormalizationLayer.class);
    }
}
