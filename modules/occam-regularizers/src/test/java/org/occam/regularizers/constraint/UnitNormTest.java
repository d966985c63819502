package org.occam.regularizers.constraint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.core.math.Matrix;
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

class UnitNormTest {

    @Test
    void kernelDividesEachRowByItsNormAndKeepsZeroRows() {
        double[] w = {3, 4, 0, 0, -0.1, 0};
        UnitNorm.normalizeRowsInPlace(w, 3, 2);
        assertArrayEquals(new double[]{0.6, 0.8, 0, 0, -1, 0}, w, 1e-15);
    }

    @Test
    void defaultScopeIsHiddenWeightsRowByRow() {
        List<Parameter> ps = Parameters.network();
        List<double[]> before = Parameters.values(ps);
        Parameters.project(new UnitNorm(), ps);
        for (int t : new int[]{0, 2}) {
            Matrix w = ps.get(t).value();
            double[] w0 = before.get(t);
            for (int r = 0; r < w.rows(); r++) {
                double norm = ConstraintFixtures.rowNorm(w0, w.cols(), r);
                for (int j = 0; j < w.cols(); j++) {
                    assertEquals(w0[r * w.cols() + j] / norm, w.get(r, j), 1e-15);
                }
                assertEquals(1.0, ConstraintFixtures.rowNorm(w.data(), w.cols(), r), 1e-15);
            }
        }
        ConstraintFixtures.assertOthersUntouched(before, ps, List.of("hidden1.weight", "hidden2.weight"));

        List<Parameter> withOutput = Parameters.network();
        Parameters.project(new UnitNorm(true, List.of()), withOutput);
        assertEquals(1.0, ConstraintFixtures.rowNorm(withOutput.get(4).value().data(), 2, 1), 1e-15);
        ConstraintFixtures.assertOthersUntouched(before, withOutput, List.of("hidden1.weight", "hidden2.weight", "output.weight"));
    }

    @Test
    void afterTrainingEveryHiddenRowHasNormOne() {
        TinyTraining.Result r = TinyTraining.train(TinyTraining.blobs(128, 4, 11), new int[]{16, 16}, 15,
                TinyTraining.Plugins.withConstraints(new UnitNorm()), 7);
        TinyTraining.assertLossFiniteAndDecreasing(r.history());
        for (Dense d : r.network().denseLayers()) {
            if (d.weight().isOutputLayer()) {
                continue;
            }
            Matrix w = d.weight().value();
            for (int row = 0; row < w.rows(); row++) {
                assertEquals(1.0, ConstraintFixtures.rowNorm(w.data(), w.cols(), row), 1e-12, d.name() + " row " + row);
            }
        }
    }

    @Test
    void configurationAndProvenance(@TempDir Path dir) throws IOException {
        UnitNorm u = new UnitNorm(false, List.of("hidden2"));
        PluginChecks.assertXmlMatches(dir, u, "<propertylist name=\"layers\"><item>hidden2</item></propertylist>");
        PluginChecks.assertRoundTrips(dir, u);
        assertEquals(new UnitNorm().getProvenance(), ((UnitNorm) PluginChecks.fromXml(dir, UnitNorm.class, "")).getProvenance());
        PluginChecks.exampleConfigComponent("moons-unit-norm.xml", "unitnorm", UnitNorm.class);
    }

    @Test
    void badSettingsNameTheProperty() {
        assertEquals("layers", PluginChecks.failingProperty(() -> new UnitNorm(false, List.of(""))));
    }
}
