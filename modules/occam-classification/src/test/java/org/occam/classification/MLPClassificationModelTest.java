package org.occam.classification;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.core.testing.ShippedDatasets;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tests of {@link MLPClassificationModel}: Tribuo's protobuf round trip reproduces every score
 * exactly, predictions are probability distributions, and inputs the model cannot use are refused.
 */
public class MLPClassificationModelTest {
    private static ShippedDatasets.Split<Label> moons;
    private static MLPClassificationModel model;

    @BeforeAll
    public static void train() {
        moons = ShippedDatasets.load("moons_n1000", "label", new LabelFactory());
        model = (MLPClassificationModel) MLPClassificationTrainer.builder().hiddenLayerSizes(16, 16).epochs(5).seed(3)
                .build().train(moons.train());
    }

    private static void assertSamePredictions(List<Prediction<Label>> expected, List<Prediction<Label>> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            Prediction<Label> e = expected.get(i);
            Prediction<Label> a = actual.get(i);
            assertEquals(e.getOutput().getLabel(), a.getOutput().getLabel(), "label of example " + i);
            assertEquals(e.getOutput().getScore(), a.getOutput().getScore(), 0.0, "top score of example " + i);
            assertEquals(e.getOutputScores().keySet(), a.getOutputScores().keySet());
            for (Map.Entry<String, Label> s : e.getOutputScores().entrySet()) {
                // Exact equality: the same bits must come back, not merely close values.
                assertEquals(Double.doubleToLongBits(s.getValue().getScore()),
                        Double.doubleToLongBits(a.getOutputScores().get(s.getKey()).getScore()),
                        "score of " + s.getKey() + " for example " + i);
            }
        }
    }

    @Test
    public void protobufRoundTripGivesIdenticalPredictions(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("model.tribuo");
        model.serializeToFile(file);
        Model<?> loaded = Model.deserializeFromFile(file);

        assertTrue(loaded instanceof MLPClassificationModel, loaded.getClass().getName());
        MLPClassificationModel copy = (MLPClassificationModel) loaded;
        assertEquals(model.getProvenance(), copy.getProvenance());
        assertEquals(model.getFeatureIDMap().size(), copy.getFeatureIDMap().size());
        assertEquals(model.getOutputIDInfo().getDomain(), copy.getOutputIDInfo().getDomain());
        assertEquals(model.parameterValues(), copy.parameterValues());
        assertEquals(model.architecture(), copy.architecture());
        assertTrue(model.trainingHistory().isPresent());
        assertFalse(copy.trainingHistory().isPresent(), "the history is not part of the serialized model");
        assertSamePredictions(model.predict(moons.test()), copy.predict(moons.test()));
        // One at a time goes through the same path.
        assertSamePredictions(List.of(model.predict(moons.test().getExample(7))), List.of(copy.predict(moons.test().getExample(7))));
    }

    @Test
    public void tribuoCopyPredictsTheSame() {
        Model<Label> copy = model.copy();
        assertSamePredictions(model.predict(moons.test()), copy.predict(moons.test()));
    }

    @Test
    public void predictionsAreProbabilityDistributionsWithTheTopLabelAsOutput() {
        assertTrue(model.generatesProbabilities());
        for (Prediction<Label> p : model.predict(moons.test())) {
            double sum = 0;
            String best = null;
            double bestScore = -1;
            for (Label l : p.getOutputScores().values()) {
                assertTrue(l.getScore() >= 0 && l.getScore() <= 1, l.toString());
                sum += l.getScore();
                if (l.getScore() > bestScore) {
                    bestScore = l.getScore();
                    best = l.getLabel();
                }
            }
            assertEquals(1.0, sum, 1e-12);
            assertEquals(best, p.getOutput().getLabel());
            assertEquals(bestScore, p.getOutput().getScore(), 0.0);
        }
    }

    @Test
    public void exampleWithNoKnownFeaturesIsRefused() {
        Example<Label> unknown = new ArrayExample<>(new Label("1"), new String[] {"never_seen", "also_unknown"},
                new double[] {1.0, 2.0});
        assertThrows(IllegalArgumentException.class, () -> model.predict(unknown));
        List<Example<Label>> batch = new ArrayList<>();
        batch.add(moons.test().getExample(0));
        batch.add(unknown);
        assertThrows(IllegalArgumentException.class, () -> model.predict(batch));
    }

    @Test
    public void unknownFeaturesAreIgnoredAndCounted() {
        Example<Label> known = moons.test().getExample(0);
        ArrayExample<Label> extra = new ArrayExample<>(known);
        extra.add("never_seen", 123.0);
        Prediction<Label> plain = model.predict(known);
        Prediction<Label> withExtra = model.predict(extra);
        assertEquals(2, plain.getNumActiveFeatures());
        assertEquals(2, withExtra.getNumActiveFeatures(), "only the features the model knows count");
        assertSamePredictions(List.of(plain), List.of(withExtra));
    }
}
