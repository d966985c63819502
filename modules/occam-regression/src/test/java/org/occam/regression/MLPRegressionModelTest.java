package org.occam.regression;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.core.testing.ShippedDatasets;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tests of {@link MLPRegressionModel}: Tribuo's protobuf round trip reproduces every regression
 * value exactly (with and without target standardization, one and two outputs), and an example the
 * model knows nothing about is refused.
 */
public class MLPRegressionModelTest {
    private static ShippedDatasets.Split<Regressor> diabetes;

    @BeforeAll
    public static void loadData() {
        diabetes = ShippedDatasets.load("diabetes", "target", new RegressionFactory());
    }

    private static MLPRegressionModel train(Dataset<Regressor> data, boolean standardizeTargets) {
        return (MLPRegressionModel) MLPRegressionTrainer.builder().hiddenLayerSizes(16, 8).epochs(5).seed(6)
                .standardizeTargets(standardizeTargets).build().train(data);
    }

    private static void assertSamePredictions(List<Prediction<Regressor>> expected, List<Prediction<Regressor>> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            Regressor e = expected.get(i).getOutput();
            Regressor a = actual.get(i).getOutput();
            assertArrayEquals(e.getNames(), a.getNames(), "dimension names of example " + i);
            double[] ev = e.getValues();
            double[] av = a.getValues();
            assertEquals(ev.length, av.length);
            for (int d = 0; d < ev.length; d++) {
                // Exact equality: the same bits must come back, not merely close values.
                assertEquals(Double.doubleToLongBits(ev[d]), Double.doubleToLongBits(av[d]),
                        "dimension " + e.getNames()[d] + " of example " + i + ": " + ev[d] + " vs " + av[d]);
            }
        }
    }

    private static MLPRegressionModel roundTrip(MLPRegressionModel model, Path file) throws IOException {
        model.serializeToFile(file);
        Model<?> loaded = Model.deserializeFromFile(file);
        assertTrue(loaded instanceof MLPRegressionModel, loaded.getClass().getName());
        return (MLPRegressionModel) loaded;
    }

    @Test
    public void protobufRoundTripGivesIdenticalPredictions(@TempDir Path dir) throws IOException {
        for (boolean standardize : new boolean[] {true, false}) {
            MLPRegressionModel model = train(diabetes.train(), standardize);
            assertEquals(standardize, model.standardizesTargets());
            MLPRegressionModel copy = roundTrip(model, dir.resolve("diabetes-" + standardize + ".tribuo"));
            assertEquals(standardize, copy.standardizesTargets());
            assertEquals(model.getProvenance(), copy.getProvenance());
            assertEquals(model.parameterValues(), copy.parameterValues());
            assertTrue(model.trainingHistory().isPresent());
            assertFalse(copy.trainingHistory().isPresent());
            assertSamePredictions(model.predict(diabetes.test()), copy.predict(diabetes.test()));
        }
    }

    @Test
    public void protobufRoundTripOfATwoOutputModel(@TempDir Path dir) throws IOException {
        MLPRegressionModel model = train(MLPRegressionTrainerTest.twoOutputs(200, 1), true);
        MLPRegressionModel copy = roundTrip(model, dir.resolve("two.tribuo"));
        Dataset<Regressor> test = MLPRegressionTrainerTest.twoOutputs(50, 2);
        List<Prediction<Regressor>> predictions = copy.predict(test);
        assertArrayEquals(new String[] {"a_shape", "z_level"}, predictions.get(0).getOutput().getNames());
        assertSamePredictions(model.predict(test), predictions);
    }

    @Test
    public void tribuoCopyPredictsTheSame() {
        MLPRegressionModel model = train(diabetes.train(), true);
        assertSamePredictions(model.predict(diabetes.test()), model.copy().predict(diabetes.test()));
    }

    @Test
    public void exampleWithNoKnownFeaturesIsRefused() {
        MLPRegressionModel model = train(diabetes.train(), true);
        Example<Regressor> unknown = new ArrayExample<>(new Regressor("DIM-0", 1.0), new String[] {"height", "weight"},
                new double[] {1.8, 80.0});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.predict(unknown));
        assertTrue(e.getMessage().contains("No features"), e.getMessage());
    }
}
