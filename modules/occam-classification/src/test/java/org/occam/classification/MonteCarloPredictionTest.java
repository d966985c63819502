package org.occam.classification;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.occam.core.model.AbstractMLPModel;
import org.occam.core.model.PredictiveDistribution;
import org.occam.core.optim.Adam;
import org.occam.core.testing.ShippedDatasets;
import org.occam.regularizers.layer.VariationalDense;
import org.occam.regularizers.layer.VariationalDropout;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Monte-Carlo predictive distributions of stochastic models; ordinary prediction stays deterministic. */
public class MonteCarloPredictionTest {
    private static ShippedDatasets.Split<Label> moons;

    @BeforeAll
    public static void load() {
        moons = ShippedDatasets.load("moons_n200", "label", new LabelFactory());
    }

    private static List<Example<Label>> test() {
        List<Example<Label>> out = new ArrayList<>();
        moons.test().forEach(out::add);
        return out;
    }

    @Test
    public void variationalModelGivesAPredictiveMeanAndVariance(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        AbstractMLPModel<Label> model = (AbstractMLPModel<Label>) MLPClassificationTrainer.builder().hiddenLayerSizes(32)
                .optimizer(new Adam(0.01)).epochs(30).seed(3)
                .layerPlugins(new VariationalDense(0.05, 1.0, 1.0), new VariationalDropout(0.2, 1.0)).build().train(moons.train());
        List<Example<Label>> test = test();
        PredictiveDistribution a = model.predictiveDistribution(test, 200, 7);
        PredictiveDistribution b = model.predictiveDistribution(test, 200, 7);
        assertArrayEquals(a.mean().data(), b.mean().data(), 0.0);
        assertArrayEquals(a.variance().data(), b.variance().data(), 0.0);
        double maxVar = 0;
        for (int r = 0; r < a.mean().rows(); r++) {
            assertEquals(1.0, a.mean().get(r, 0) + a.mean().get(r, 1), 1e-9);
            for (int j = 0; j < 2; j++) {
                assertTrue(a.variance().get(r, j) >= 0);
                maxVar = Math.max(maxVar, a.variance().get(r, j));
            }
        }
        assertTrue(maxVar > 1e-6, "sampling must spread the predictions, max variance " + maxVar);
        // the MC mean is close to the deterministic (mean-weight) prediction on most points
        List<Prediction<Label>> det = model.predict(test);
        int agree = 0;
        for (int r = 0; r < test.size(); r++) {
            String mcLabel = a.mean().get(r, 0) > a.mean().get(r, 1) ? model.getOutputIDInfo().getOutput(0).getLabel()
                    : model.getOutputIDInfo().getOutput(1).getLabel();
            if (mcLabel.equals(det.get(r).getOutput().getLabel())) {
                agree++;
            }
        }
        assertTrue(agree >= 0.9 * test.size(), agree + " of " + test.size());
        // ordinary prediction is deterministic, before and after a protobuf round trip, which keeps sampling possible
        assertEquals(det.get(0).getOutput().getScore(), model.predict(test).get(0).getOutput().getScore(), 0.0);
        Path file = dir.resolve("m.tribuo");
        model.serializeToFile(file);
        @SuppressWarnings("unchecked")
        AbstractMLPModel<Label> loaded = (AbstractMLPModel<Label>) Model.deserializeFromFile(file);
        assertArrayEquals(a.mean().data(), loaded.predictiveDistribution(test, 200, 7).mean().data(), 0.0);
    }

    @Test
    public void monteCarloDropoutSpreadsPredictionsWhileOrdinaryPredictionStaysDeterministic() {
        AbstractMLPModel<Label> model = (AbstractMLPModel<Label>) MLPClassificationTrainer.builder().hiddenLayerSizes(32, 32)
                .optimizer(new Adam(0.01)).epochs(20).seed(5)
                .layerPlugins(new org.occam.regularizers.layer.Dropout(0.5)).build().train(moons.train());
        List<Example<Label>> test = test();
        PredictiveDistribution d = model.predictiveDistribution(test, 100, 3);
        double maxVar = 0;
        for (int r = 0; r < d.mean().rows(); r++) {
            assertEquals(1.0, d.mean().get(r, 0) + d.mean().get(r, 1), 1e-9);
            maxVar = Math.max(maxVar, d.variance().get(r, 0));
        }
        assertTrue(maxVar > 1e-4, "MC dropout must spread the predictions, max variance " + maxVar);
        assertEquals(model.predict(test).get(3).getOutput().getScore(), model.predict(test).get(3).getOutput().getScore(), 0.0);
        assertArrayEquals(d.mean().data(), model.predictiveDistribution(test, 100, 3).mean().data(), 0.0);
    }

    @Test
    public void deterministicModelsRefuseToSample() {
        AbstractMLPModel<Label> model = (AbstractMLPModel<Label>) MLPClassificationTrainer.builder().hiddenLayerSizes(8)
                .epochs(2).build().train(moons.train());
        assertThrows(IllegalStateException.class, () -> model.predictiveDistribution(test(), 10, 1));
    }

    @Test
    public void samplesMustBePositive() {
        AbstractMLPModel<Label> model = (AbstractMLPModel<Label>) MLPClassificationTrainer.builder().hiddenLayerSizes(8)
                .epochs(1).layerPlugins(new VariationalDropout(0.2, 1.0)).build().train(moons.train());
        assertThrows(IllegalArgumentException.class, () -> model.predictiveDistribution(test(), 0, 1));
    }
}
