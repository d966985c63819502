package org.occam.regularizers.layer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Layers;
import org.occam.core.nn.Mode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpatialDropoutTest {
    // a 2×3 feature map of 4 channels, channels innermost: 24 values per row
    private static final int H = 2;
    private static final int W = 3;
    private static final int C = 4;

    private static SpatialDropoutLayer layer(double p, long seed) {
        return (SpatialDropoutLayer) LayerTestSupport.create(new SpatialDropout(p, H, W, C, List.of()), H * W * C, seed);
    }

    @Test
    void wholeChannelsAreDroppedPerExampleAndKeptOnesScaledAsKerasSpatialDropout2D() {
        double p = 0.5;
        SpatialDropoutLayer d = layer(p, 3);
        Matrix x = LayerTestSupport.positive(50, H * W * C, 1);
        Matrix y = d.forward(x, Mode.TRAIN);
        int droppedChannels = 0;
        for (int r = 0; r < x.rows(); r++) {
            for (int k = 0; k < C; k++) {
                // Keras channels_last: value (i, j, k) of example r is feature (i·W + j)·C + k
                boolean kept = y.get(r, k) != 0.0;
                droppedChannels += kept ? 0 : 1;
                for (int i = 0; i < H; i++) {
                    for (int j = 0; j < W; j++) {
                        int f = (i * W + j) * C + k;
                        assertEquals(kept ? x.get(r, f) / (1 - p) : 0.0, y.get(r, f), 0.0, "row " + r + " channel " + k);
                    }
                }
            }
        }
        int n = x.rows() * C;
        assertTrue(Math.abs(droppedChannels - p * n) < 4 * Math.sqrt(p * (1 - p) * n), droppedChannels + " of " + n + " dropped");
    }

    @Test
    void inferIsTheIdentity() {
        Matrix x = LayerTestSupport.gaussian(5, H * W * C, 2);
        assertArrayEquals(x.data(), layer(0.7, 1).forward(x, Mode.INFER).data(), 0.0);
    }

    @Test
    void backwardUsesTheChannelMaskAndMatchesCentralDifferences() {
        double p = 0.4;
        SpatialDropoutLayer d = layer(p, 9);
        Matrix x = LayerTestSupport.gaussian(6, H * W * C, 1);
        Matrix y = d.forward(x, Mode.TRAIN).copy();
        Matrix g = LayerTestSupport.gaussian(6, H * W * C, 2);
        Matrix dx = d.backward(g, true);
        for (int i = 0; i < g.size(); i++) {
            double factor = x.data()[i] == 0 ? 0 : y.data()[i] / x.data()[i];
            assertEquals(factor * g.data()[i], dx.data()[i], 1e-12);
        }
        double error = LayerTestSupport.maxGradientError(() -> layer(p, 77), true, x, g);
        assertTrue(error < LayerTestSupport.MAX_GRADIENT_ERROR, "max relative error " + error);
    }

    @Test
    void aFeatureMapThatDoesNotFitTheLayerIsAConfigurationError() {
        SpatialDropout plugin = new SpatialDropout(0.5, H, W, C, List.of());
        assertEquals("channels", LayerTestSupport.failingProperty(() -> LayerTestSupport.create(plugin, 25, 1)));
    }

    @Test
    void badSettingsNameTheProperty() {
        assertEquals("dropProbability", LayerTestSupport.failingProperty(() -> new SpatialDropout(1.0, H, W, C, List.of())));
        assertEquals("height", LayerTestSupport.failingProperty(() -> new SpatialDropout(0.5, 0, W, C, List.of())));
        assertEquals("width", LayerTestSupport.failingProperty(() -> new SpatialDropout(0.5, H, -1, C, List.of())));
        assertEquals("channels", LayerTestSupport.failingProperty(() -> new SpatialDropout(0.5, H, W, 0, List.of())));
    }

    @Test
    void configurationExampleConfigAndProtobuf(@TempDir Path dir) throws IOException {
        LayerTestSupport.assertConfigurationRoundTrip(new SpatialDropout(0.2, 4, 4, 8, List.of("hidden1")),
                "<property name=\"dropProbability\" value=\"0.2\"/>\n<property name=\"height\" value=\"4\"/>\n"
                        + "<property name=\"width\" value=\"4\"/>\n<property name=\"channels\" value=\"8\"/>\n"
                        + "<propertylist name=\"layers\"><item>hidden1</item></propertylist>", dir);
        Object o = LayerTestSupport.exampleConfigComponent("digits-spatial-dropout.xml", "spatialDropout");
        assertEquals(new SpatialDropout(0.2, 4, 4, 8, List.of("hidden1")).getProvenance(), ((SpatialDropout) o).getProvenance());
        SpatialDropoutLayer d = layer(0.25, 1);
        SpatialDropoutLayer back = (SpatialDropoutLayer) Layers.fromProto(d.toProto());
        assertEquals(d.toProto(), back.toProto());
        assertEquals(C, back.channels());
        assertFalse(back.canTrain());
        assertThrows(IllegalStateException.class, () -> back.forward(LayerTestSupport.gaussian(1, H * W * C, 1), Mode.TRAIN));
    }
}
