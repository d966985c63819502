package org.occam.regularizers.layer;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.core.nn.Activation;
import org.occam.core.nn.Initializer;
import org.occam.core.spi.LayerPlugin;
import org.occam.core.train.MlpBuilder;
import org.occam.regularizers.testing.PluginChecks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No silent no-ops: a layer plugin that inserts nothing into the network, or nothing at a layer it
 * names, is a configuration error naming the plugin and the reason.
 */
class LayerPluginNoOpTest {

    private static PropertyException build(int[] hidden, boolean residual, LayerPlugin... plugins) {
        return assertThrows(PropertyException.class, () -> MlpBuilder.build(3, hidden, Activation.RELU, 2,
                Initializer.HE_UNIFORM, List.of(plugins), residual, new SplittableRandom(1)));
    }

    private static void assertMentions(PropertyException e, String... words) {
        assertEquals("layerPlugins", e.getProperty());
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), "'" + w + "' missing from: " + e.getMessage());
        }
    }

    @Test
    void stochasticDepthOnANonResidualNetworkIsAnError() {
        assertMentions(build(new int[]{8, 8, 8}, false, new StochasticDepth(0.5)), "StochasticDepth", "residual");
        // the same plugin on a residual network inserts its layers
        MlpBuilder.build(3, new int[]{8, 8, 8}, Activation.RELU, 2, Initializer.HE_UNIFORM, List.of(new StochasticDepth(0.5)),
                true, new SplittableRandom(1));
    }

    @Test
    void dropoutOnALinearModelIsAnError() {
        assertMentions(build(new int[0], false, new Dropout(0.5)), "Dropout(", "inserted no layer", "0 hidden layers");
    }

    @Test
    void aNamedLayerWhereNothingWasInsertedIsAnError(@TempDir Path dir) throws IOException {
        LayerPlugin activity = (LayerPlugin) PluginChecks.fromXml(dir, ActivityRegularization.class,
                "<propertylist name=\"layers\"><item>hidden1</item><item>hiden2</item></propertylist>");
        assertMentions(build(new int[]{8, 8}, false, activity), "ActivityRegularization", "'hiden2'");
        LayerPlugin variational = (LayerPlugin) PluginChecks.fromXml(dir, VariationalDense.class,
                "<propertylist name=\"layers\"><item>outptu</item></propertylist>");
        assertMentions(build(new int[]{8}, false, variational), "VariationalDense", "inserted no layer");
        LayerPlugin noise = (LayerPlugin) PluginChecks.fromXml(dir, VariationalDropout.class,
                "<propertylist name=\"layers\"><item>hidden2</item><item>output</item></propertylist>");
        assertMentions(build(new int[]{8, 8}, false, noise), "VariationalDropout", "'output'");
    }
}
