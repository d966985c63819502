package org.occam.regularizers.gradient;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.core.nn.Parameter;
import org.occam.core.spi.TrainingClock;
import org.occam.regularizers.testing.GradientProbe;
import org.occam.regularizers.testing.Parameters;
import org.occam.regularizers.testing.PluginChecks;
import org.occam.regularizers.testing.TinyTraining;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClipByValueTest {
    private static final TrainingClock CLOCK = new TrainingClock(0, 0, 0, 1, 1);

    @Test
    void kernelClampsEachElement() {
        double[] g = {-3, -1, -0.25, 0, 0.5, 1, 2, Double.NaN, Double.NEGATIVE_INFINITY};
        ClipByValue.clipInPlace(g, 1.0);
        assertArrayEquals(new double[]{-1, -1, -0.25, 0, 0.5, 1, 1, Double.NaN, -1}, g);
    }

    @Test
    void everyTensorIsClampedBiasesAndOutputLayerIncluded() {
        List<Parameter> ps = Parameters.network();
        List<double[]> g = Parameters.values(ps); // use the values as gradients: they have elements up to 9
        Parameters.setGradients(ps, g);
        double c = 2.5;
        new ClipByValue(c).apply(ps, CLOCK);
        for (int t = 0; t < ps.size(); t++) {
            double[] after = ps.get(t).gradient().data();
            for (int i = 0; i < after.length; i++) {
                assertEquals(Math.max(-c, Math.min(c, g.get(t)[i])), after[i], ps.get(t) + "[" + i + "]");
            }
        }
    }

    @Test
    void gradientsWithinTheBoundAreUnchangedBitForBit() {
        List<Parameter> ps = Parameters.network();
        List<double[]> g = Parameters.values(ps);
        Parameters.setGradients(ps, g);
        new ClipByValue(9.0).apply(ps, CLOCK);
        for (int t = 0; t < ps.size(); t++) {
            assertArrayEquals(g.get(t), ps.get(t).gradient().data());
        }
    }

    @Test
    void duringTrainingNoGradientElementExceedsTheBound() {
        double c = 0.05;
        AtomicInteger clipped = new AtomicInteger();
        GradientProbe before = new GradientProbe(ps -> {
            for (Parameter p : ps) {
                if (p.gradient().maxAbs() > c) {
                    clipped.incrementAndGet();
                }
            }
        });
        GradientProbe after = new GradientProbe(ps -> {
            for (Parameter p : ps) {
                assertTrue(p.gradient().maxAbs() <= c, p + " has |g| " + p.gradient().maxAbs());
            }
        });
        TinyTraining.Result r = TinyTraining.train(TinyTraining.blobs(128, 4, 11), new int[]{16}, 15,
                TinyTraining.Plugins.withGradients(before, new ClipByValue(c), after), 7);
        TinyTraining.assertLossFiniteAndDecreasing(r.history());
        assertTrue(clipped.get() > 0, "the bound never bit");
    }

    @Test
    void configurationAndProvenance(@TempDir Path dir) throws IOException {
        ClipByValue c = new ClipByValue(0.5);
        PluginChecks.assertXmlMatches(dir, c, "<property name=\"clipValue\" value=\"0.5\"/>");
        PluginChecks.assertRoundTrips(dir, c);
        assertEquals(new ClipByValue(1.0).getProvenance(), ((ClipByValue) PluginChecks.fromXml(dir, ClipByValue.class, "")).getProvenance());
        assertEquals(0.5, PluginChecks.exampleConfigComponent("moons-clip-by-value.xml", "clip", ClipByValue.class).clipValue());
    }

    @Test
    void badSettingsNameTheProperty() {
        for (double bad : new double[]{0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertEquals("clipValue", PluginChecks.failingProperty(() -> new ClipByValue(bad)));
        }
    }
}
