package org.occam.experiments.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.core.train.StandardScaling;
import org.occam.experiments.ExperimentConfig;
import org.occam.experiments.ExperimentRunner;
import org.occam.experiments.RunResult;
import org.occam.experiments.data.DataException;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.transform.TransformedModel;
import org.tribuo.transform.TransformerMap;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The experiment's {@code featureDeviation}: features divided by the sample (default) or population deviation. */
public class FeatureDeviationTest {
    @TempDir
    Path tmp;

    private static double[] fittedScaleOfX1(String deviation) {
        List<String> overrides = new ArrayList<>(List.of("trainer.epochs=1"));
        if (deviation != null) {
            overrides.add("experiment.featureDeviation=" + deviation);
        }
        RunResult r = ExperimentRunner.execute(ExperimentConfig.load(Cli.config("moons-l2-keras.xml"), overrides).experiment(), null);
        TransformerMap map = ((TransformedModel<?>) r.model()).getTransformerMap();
        List<Double> x1 = new ArrayList<>();
        for (int i : r.partition().train()) {
            Example<?> e = r.data().dataset().getExample(i);
            for (Feature f : e) {
                if (f.getName().equals("x1")) {
                    x1.add(f.getValue());
                }
            }
        }
        double mean = x1.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double ss = x1.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        double shift = TransformerMap.applyTransformerList(0.0, map.get("x1"));
        double scale = TransformerMap.applyTransformerList(1.0, map.get("x1")) - shift;
        return new double[]{scale, Math.sqrt(ss / (x1.size() - 1)), Math.sqrt(ss / x1.size()), shift, mean};
    }

    @Test
    public void theDefaultIsTribuosSampleDeviation() {
        double[] s = fittedScaleOfX1(null);
        assertEquals(1 / s[1], s[0], 1e-9);
        assertEquals(-s[4] / s[1], s[3], 1e-9);
    }

    @Test
    public void populationDividesByN() {
        double[] s = fittedScaleOfX1("POPULATION");
        assertEquals(1 / s[2], s[0], 1e-9);
        assertEquals(-s[4] / s[2], s[3], 1e-9);
        assertTrue(Math.abs(1 / s[1] - s[0]) > 1e-6, "differs from the sample form");
    }

    @Test
    public void anUnknownDeviationNamesTheProperty() {
        DataException e = assertThrows(DataException.class, () -> ExperimentConfig.load(Cli.config("moons-l2-keras.xml"),
                List.of("experiment.featureDeviation=MEDIAN")));
        assertTrue(e.getMessage().contains("featureDeviation"), e.getMessage());
        assertEquals(StandardScaling.Deviation.SAMPLE,
                ExperimentConfig.load(Cli.config("moons-l2-keras.xml"), List.of()).experiment().featureDeviation());
    }
}
