package org.occam.regularizers.gradient;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.core.nn.Parameter;
import org.occam.core.spi.GradientTransform;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClipByGlobalNormTest {
    private static final TrainingClock CLOCK = new TrainingClock(0, 0, 0, 1, 1);

    private static double globalNorm(List<Parameter> ps) {
        double s = 0;
        for (Parameter p : ps) {
            for (double v : p.gradient().data()) {
                s += v * v;
            }
        }
        return Math.sqrt(s);
    }

    @Test
    void allTensorsShareOneFactorCOverTheGlobalNorm() {
        List<Parameter> ps = Parameters.network();
        List<double[]> g = Parameters.values(ps);
        Parameters.setGradients(ps, g);
        double norm = globalNorm(ps);
        double c = 2.0;
        new ClipByGlobalNorm(c).apply(ps, CLOCK);
        for (int t = 0; t < ps.size(); t++) {
            for (int i = 0; i < g.get(t).length; i++) {
                assertEquals(g.get(t)[i] * c / norm, ps.get(t).gradient().data()[i], 1e-15);
            }
        }
        assertEquals(c, globalNorm(ps), 1e-12);
    }

    @Test
    void globalNormBelowCLeavesEveryGradientUnchangedBitForBit() {
        List<Parameter> ps = Parameters.network();
        List<double[]> g = Parameters.values(ps);
        Parameters.setGradients(ps, g);
        new ClipByGlobalNorm(globalNorm(ps) * 1.01).apply(ps, CLOCK);
        for (int t = 0; t < ps.size(); t++) {
            assertArrayEquals(g.get(t), ps.get(t).gradient().data());
        }
    }

    @Test
    void theThreeClipModesDisagreeOnACraftedExample() {
        // A = (3, 4), norm 5; B = (0.1, 0), norm 0.1; c = 1
        double c = 1.0;
        double[][] results = new double[3][];
        GradientTransform[] modes = {new ClipByValue(c), new ClipByNorm(c), new ClipByGlobalNorm(c)};
        for (int m = 0; m < 3; m++) {
            List<Parameter> ps = List.of(Parameters.of("hidden1", "weight", Parameter.Role.WEIGHT, false, 1, 0, 0),
                    Parameters.of("hidden1", "bias", Parameter.Role.BIAS, false, 1, 0, 0));
            Parameters.setGradients(ps, List.of(new double[]{3, 4}, new double[]{0.1, 0}));
            modes[m].apply(ps, CLOCK);
            results[m] = new double[]{ps.get(0).gradient().get(0, 0), ps.get(0).gradient().get(0, 1), ps.get(1).gradient().get(0, 0)};
        }
        double global = Math.sqrt(25 + 0.01);
        assertArrayEquals(new double[]{1, 1, 0.1}, results[0], 1e-15);                          // by value: A loses its direction
        assertArrayEquals(new double[]{0.6, 0.8, 0.1}, results[1], 1e-15);                      // by norm: B untouched
        assertArrayEquals(new double[]{3 / global, 4 / global, 0.1 / global}, results[2], 1e-15); // global: B shrinks too
        assertFalse(java.util.Arrays.equals(results[0], results[1]));
        assertFalse(java.util.Arrays.equals(results[1], results[2]));
        assertFalse(java.util.Arrays.equals(results[0], results[2]));
    }

    @Test
    void overflowingSumsOfSquaresStillGiveTheGlobalNorm() {
        List<double[]> g = List.of(new double[]{3e200}, new double[]{4e200});
        assertEquals(5e200, ClipByGlobalNorm.clipGlobalNormInPlace(g, 1.0), 1e186);
        assertEquals(0.6, g.get(0)[0], 1e-15);
        assertEquals(0.8, g.get(1)[0], 1e-15);
    }

    @Test
    void duringTrainingTheGlobalNormNeverExceedsC() {
        double c = 0.05;
        AtomicInteger clipped = new AtomicInteger();
        GradientProbe before = new GradientProbe(ps -> clipped.addAndGet(globalNorm(ps) > c ? 1 : 0));
        GradientProbe after = new GradientProbe(ps -> assertTrue(globalNorm(ps) <= c * (1 + 1e-12), "global norm " + globalNorm(ps)));
        TinyTraining.Result r = TinyTraining.train(TinyTraining.blobs(128, 4, 11), new int[]{16}, 15,
                TinyTraining.Plugins.withGradients(before, new ClipByGlobalNorm(c), after), 7);
        TinyTraining.assertLossFiniteAndDecreasing(r.history());
        assertTrue(clipped.get() > 0, "the bound never bit");
    }

    @Test
    void configurationAndProvenance(@TempDir Path dir) throws IOException {
        ClipByGlobalNorm c = new ClipByGlobalNorm(5.0);
        PluginChecks.assertXmlMatches(dir, c, "<property name=\"maxNorm\" value=\"5.0\"/>");
        PluginChecks.assertRoundTrips(dir, c);
        assertEquals(new ClipByGlobalNorm(1.0).getProvenance(),
                ((ClipByGlobalNorm) PluginChecks.fromXml(dir, ClipByGlobalNorm.class, "")).getProvenance());
        assertEquals(1.0, PluginChecks.exampleConfigComponent("diabetes-clip-by-global-norm.xml", "clip", ClipByGlobalNorm.class).maxNorm());
    }

    @Test
    void badSettingsNameTheProperty() {
        for (double bad : new double[]{0, -1, -0.0, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertEquals("maxNorm", PluginChecks.failingProperty(() -> new ClipByGlobalNorm(bad)));
        }
    }
}
