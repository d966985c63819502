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

class ClipByNormTest {
    private static final TrainingClock CLOCK = new TrainingClock(0, 0, 0, 1, 1);

    @Test
    void kernelRescalesToNormC() {
        double[] g = {3, -4};
        double before = ClipByNorm.clipNormInPlace(g, 1.0);
        assertEquals(5.0, before);
        assertArrayEquals(new double[]{0.6, -0.8}, g, 1e-15);
    }

    @Test
    void eachTensorIsClippedOnItsOwn() {
        List<Parameter> ps = Parameters.network();
        List<double[]> g = Parameters.values(ps);
        Parameters.setGradients(ps, g);
        double c = 4.5;
        new ClipByNorm(c).apply(ps, CLOCK);
        int unchanged = 0;
        for (int t = 0; t < ps.size(); t++) {
            double norm = 0;
            for (double v : g.get(t)) {
                norm += v * v;
            }
            norm = Math.sqrt(norm);
            double[] after = ps.get(t).gradient().data();
            if (norm <= c) {
                assertArrayEquals(g.get(t), after, ps.get(t) + " changed although its norm " + norm + " ≤ c");
                unchanged++;
            } else {
                double afterNorm = 0;
                for (int i = 0; i < after.length; i++) {
                    assertEquals(g.get(t)[i] * c / norm, after[i], 1e-15, ps.get(t) + "[" + i + "]");
                    afterNorm += after[i] * after[i];
                }
                assertEquals(c, Math.sqrt(afterNorm), 1e-12);
            }
        }
        // the fixture has tensors on both sides of c: hidden2's weight (√9.25) and bias (√18) are below 4.5
        assertEquals(2, unchanged);
    }

    @Test
    void normsBelowCAreUnchangedBitForBit() {
        double[] g = {0.1, -0.2, 0.3};
        double[] copy = g.clone();
        ClipByNorm.clipNormInPlace(g, 1.0);
        assertArrayEquals(copy, g);
        double[] exactlyC = {0.6, 0.8};
        ClipByNorm.clipNormInPlace(exactlyC, Math.sqrt(0.6 * 0.6 + 0.8 * 0.8));
        assertArrayEquals(new double[]{0.6, 0.8}, exactlyC);
        double[] diverged = {Double.POSITIVE_INFINITY, 1};
        ClipByNorm.clipNormInPlace(diverged, 1.0);
        assertArrayEquals(new double[]{Double.POSITIVE_INFINITY, 1}, diverged);
    }

    @Test
    void overflowingSumsOfSquaresStillGiveTheNorm() {
        double[] g = {3e200, 4e200};
        assertEquals(5e200, ClipByNorm.clipNormInPlace(g, 1.0), 1e186);
        assertArrayEquals(new double[]{0.6, 0.8}, g, 1e-15);
    }

    @Test
    void duringTrainingNoTensorGradientExceedsTheNorm() {
        double c = 0.05;
        AtomicInteger clipped = new AtomicInteger();
        GradientProbe before = new GradientProbe(ps -> {
            for (Parameter p : ps) {
                if (Math.sqrt(p.gradient().squaredL2Norm()) > c) {
                    clipped.incrementAndGet();
                }
            }
        });
        GradientProbe after = new GradientProbe(ps -> {
            for (Parameter p : ps) {
                assertTrue(Math.sqrt(p.gradient().squaredL2Norm()) <= c * (1 + 1e-12), p.toString());
            }
        });
        TinyTraining.Result r = TinyTraining.train(TinyTraining.blobs(128, 4, 11), new int[]{16}, 15,
                TinyTraining.Plugins.withGradients(before, new ClipByNorm(c), after), 7);
        TinyTraining.assertLossFiniteAndDecreasing(r.history());
        assertTrue(clipped.get() > 0, "the bound never bit");
    }

    @Test
    void configurationAndProvenance(@TempDir Path dir) throws IOException {
        ClipByNorm c = new ClipByNorm(2.0);
        PluginChecks.assertXmlMatches(dir, c, "<property name=\"maxNorm\" value=\"2.0\"/>");
        PluginChecks.assertRoundTrips(dir, c);
        assertEquals(new ClipByNorm(1.0).getProvenance(), ((ClipByNorm) PluginChecks.fromXml(dir, ClipByNorm.class, "")).getProvenance());
        assertEquals(1.0, PluginChecks.exampleConfigComponent("moons-clip-by-norm.xml", "clip", ClipByNorm.class).maxNorm());
    }

    @Test
    void badSettingsNameTheProperty() {
        for (double bad : new double[]{0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertEquals("maxNorm", PluginChecks.failingProperty(() -> new ClipByNorm(bad)));
        }
    }
}
