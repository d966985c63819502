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
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaxNormTest {
    private static final Logger logger = Logger.getLogger(MaxNormTest.class.getName());

    @Test
    void kernelRescalesLongRowsToNormCAndLeavesShortRowsBitForBit() {
        double[] w = {3, 4, 0.3, 0.4, 0, 0};
        MaxNorm.clipRowNormsInPlace(w, 3, 2, 2.0);
        assertArrayEquals(new double[]{3 * 2 / 5.0, 4 * 2 / 5.0, 0.3, 0.4, 0, 0}, w, 1e-15);
        assertEquals(0.3, w[2]);
        assertEquals(0.4, w[3]);
        assertEquals(2.0, ConstraintFixtures.rowNorm(w, 2, 0), 1e-15);
    }

    @Test
    void defaultScopeIsHiddenWeightsRowByRow() {
        List<Parameter> ps = Parameters.network();
        List<double[]> before = Parameters.values(ps);
        double c = 2.0;
        Parameters.project(new MaxNorm(c), ps);
        for (String name : List.of("hidden1.weight", "hidden2.weight")) {
            Parameter p = ps.stream().filter(q -> q.name().equals(name)).findFirst().orElseThrow();
            double[] w0 = before.get(ps.indexOf(p));
            int cols = p.value().cols();
            for (int r = 0; r < p.value().rows(); r++) {
                double norm = ConstraintFixtures.rowNorm(w0, cols, r);
                for (int j = 0; j < cols; j++) {
                    double expected = norm > c ? w0[r * cols + j] * c / norm : w0[r * cols + j];
                    assertEquals(expected, p.value().get(r, j), 1e-15, name + "[" + r + "," + j + "]");
                }
                assertTrue(ConstraintFixtures.rowNorm(p.value().data(), cols, r) <= c + 1e-12);
            }
        }
        // hidden1 rows have norms 5, 0.22, 2.06 and hidden2 rows 3, 0.5: both sides of c occur
        assertEquals(0.1, ps.get(0).value().get(1, 0));
        assertEquals(-0.3, ps.get(2).value().get(1, 0));
        ConstraintFixtures.assertOthersUntouched(before, ps, List.of("hidden1.weight", "hidden2.weight"));
    }

    @Test
    void scopeSettingsAddTheOutputLayerOrNameLayersButNeverBiases() {
        List<Parameter> ps = Parameters.network();
        List<double[]> before = Parameters.values(ps);
        Parameters.project(new MaxNorm(1.0, true, List.of()), ps);
        assertEquals(1.0, ConstraintFixtures.rowNorm(ps.get(4).value().data(), 2, 0), 1e-15); // output row (−6, 8)
        ConstraintFixtures.assertOthersUntouched(before, ps, List.of("hidden1.weight", "hidden2.weight", "output.weight"));

        List<Parameter> named = Parameters.network();
        Parameters.project(new MaxNorm(1.0, false, List.of("hidden2")), named);
        ConstraintFixtures.assertOthersUntouched(before, named, List.of("hidden2.weight"));
        assertEquals(1.0, ConstraintFixtures.rowNorm(named.get(2).value().data(), 3, 0), 1e-15);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Parameters.project(new MaxNorm(1.0, false, List.of("hidden9")), Parameters.network()));
        assertTrue(e.getMessage().contains("layers") && e.getMessage().contains("hidden9"), e.getMessage());
    }

    @Test
    void afterTrainingEveryHiddenRowNormIsAtMostC() {
        double c = 0.5;
        TinyTraining.Data data = TinyTraining.blobs(128, 4, 11);
        TinyTraining.Result free = TinyTraining.train(data, new int[]{16, 16}, 15, TinyTraining.Plugins.none(), 7);
        TinyTraining.Result constrained = TinyTraining.train(data, new int[]{16, 16}, 15,
                TinyTraining.Plugins.withConstraints(new MaxNorm(c)), 7);
        TinyTraining.assertLossFiniteAndDecreasing(constrained.history());
        double freeMax = ConstraintFixtures.largestRowNorm(free.network(), false);
        double constrainedMax = ConstraintFixtures.largestRowNorm(constrained.network(), false);
        logger.info(String.format("MaxNorm c = %.2f: largest hidden row norm %.6f (unconstrained run: %.4f)", c, constrainedMax, freeMax));
        assertTrue(freeMax > c, "the unconstrained run never exceeded c, so this test proves nothing: " + freeMax);
        assertTrue(constrainedMax <= c + 1e-12, "row norm " + constrainedMax);
        // the output layer is not in the default scope
        Dense output = constrained.network().denseLayers().get(2);
        assertTrue(output.weight().isOutputLayer());
    }

    @Test
    void configurationAndProvenance(@TempDir Path dir) throws IOException {
        MaxNorm m = new MaxNorm(3.0, true, List.of("hidden1", "output"));
        PluginChecks.assertXmlMatches(dir, m, "<property name=\"maxNorm\" value=\"3.0\"/><property name=\"includeOutputLayer\" value=\"true\"/>"
                + "<propertylist name=\"layers\"><item>hidden1</item><item>output</item></propertylist>");
        PluginChecks.assertRoundTrips(dir, m);
        assertEquals(new MaxNorm(2.0).getProvenance(), ((MaxNorm) PluginChecks.fromXml(dir, MaxNorm.class, "")).getProvenance());
        assertEquals(3.0, PluginChecks.exampleConfigComponent("moons-max-norm.xml", "maxnorm", MaxNorm.class).maxNorm());
    }

    @Test
    void badSettingsNameTheProperty() {
        for (double bad : new double[]{0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertEquals("maxNorm", PluginChecks.failingProperty(() -> new MaxNorm(bad)));
        }
        assertEquals("layers", PluginChecks.failingProperty(() -> new MaxNorm(1.0, false, List.of(" "))));
    }
}
