package org.occam.regularizers.constraint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.core.nn.Dense;
import org.occam.core.nn.Parameter;
import org.occam.regularizers.testing.Parameters;
import org.occam.regularizers.testing.PluginChecks;
import org.occam.regularizers.testing.TinyTraining;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NonNegativeTest {

    @Test
    void kernelZeroesNegativesOnly() {
        double[] w = {-2, -1e-300, 0, 0.5, 3, Double.NaN, Double.NEGATIVE_INFINITY};
        NonNegative.clampNegativeInPlace(w);
        assertArrayEquals(new double[]{0, 0, 0, 0.5, 3, Double.NaN, 0}, w);
    }

    @Test
    void defaultScopeIsHiddenWeights() {
        List<Parameter> ps = Parameters.network();
        List<double[]> before = Parameters.values(ps);
        Parameters.project(new NonNegative(), ps);
        for (int t : new int[]{0, 2}) {
            double[] w0 = before.get(t);
            for (int i = 0; i < w0.length; i++) {
                assertEquals(Math.max(w0[i], 0.0), ps.get(t).value().data()[i]);
            }
        }
        ConstraintFixtures.assertOthersUntouched(before, ps, List.of("hidden1.weight", "hidden2.weight"));
        // the output layer and every bias keep their negative values
        assertEquals(-6.0, ps.get(4).value().get(0, 0));
        assertEquals(-7.0, ps.get(1).value().get(0, 0));

        List<Parameter> named = Parameters.network();
        Parameters.project(new NonNegative(true, List.of("output")), named);
        assertEquals(0.0, named.get(4).value().get(0, 0));
        ConstraintFixtures.assertOthersUntouched(before, named, List.of("output.weight"));
    }

    @Test
    void afterTrainingEveryHiddenWeightIsNonNegative() {
        TinyTraining.Result r = TinyTraining.train(TinyTraining.blobs(128, 4, 11), new int[]{16}, 15,
                TinyTraining.Plugins.withConstraints(new NonNegative()), 7);
        TinyTraining.assertLossFiniteAndDecreasing(r.history());
        boolean outputHasNegative = false;
        for (Dense d : r.network().denseLayers()) {
            for (double v : d.weight().value().data()) {
                if (d.weight().isOutputLayer()) {
                    outputHasNegative |= v < 0;
                } else {
                    assertTrue(v >= 0, d.name() + " has " + v);
                }
            }
        }
        assertTrue(outputHasNegative, "the output layer is out of scope and should keep negative weights");
    }

    @Test
    void configurationAndProvenance(@TempDir Path dir) throws IOException {
        NonNegative n = new NonNegative(true, List.of());
        PluginChecks.assertXmlMatches(dir, n, "<property name=\"includeOutputLayer\" value=\"true\"/>");
        PluginChecks.assertRoundTrips(dir, n);
        assertEquals(new NonNegative().getProvenance(), ((NonNegative) PluginChecks.fromXml(dir, NonNegative.class, "")).getProvenance());
        PluginChecks.exampleConfigComponent("breast-cancer-non-negative.xml", "nonnegative", NonNegative.class);
    }

    @Test
    void badSettingsNameTheProperty() {
        assertEquals("layers", PluginChecks.failingProperty(() -> new NonNegative(false, java.util.Arrays.asList("hidden1", null))));
    }
}
