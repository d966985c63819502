package org.occam.report;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.occam.classification.MLPClassificationModel;
import org.occam.experiments.ExperimentConfig;
import org.occam.experiments.ExperimentRunner;
import org.occam.experiments.RunResult;
import org.tribuo.transform.TransformedModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The decision-boundary grid predicted in one forward pass ({@link RunRows#classifyDirectly},
 * {@link MLPClassificationModel#predictLabels}) gives every point the label Tribuo's per-point
 * prediction gives it: with and without standardized features (the transformers applied by hand),
 * softmax and logistic heads, features named in either order.
 */
class DirectGridPredictionTest {
    @TempDir
    Path tmp;

    private RunResult train(boolean standardize, String head) throws IOException {
        Path file = Files.writeString(tmp.resolve("grid.xml"), BoundaryAheadTest.config(15));
        return ExperimentRunner.execute(ExperimentConfig.load(file, List.of("experiment.standardizeFeatures=" + standardize,
                "trainer.outputHead=" + head)).experiment(), null);
    }

    @ParameterizedTest
    @CsvSource({"true, SOFTMAX", "false, SOFTMAX", "true, LOGISTIC"})
    void theGridGetsTheLabelsTribuoPredicts(boolean standardize, String head) throws IOException {
        RunResult r = train(standardize, head);
        assertEquals(standardize, r.model() instanceof TransformedModel, "the fixture's model kind");
        assertEquals(head, assertInstanceOf(MLPClassificationModel.class, ExperimentRunner.mlp(r.model())).outputHead().name());
        RunRows rows = RunRows.of(r.data(), r.partition());
        // A grid over and beyond the data, as the report's, plus the rows themselves.
        DecisionBoundary b = DecisionBoundary.evaluate(r.model(), rows, 60);
        double[][] points = new double[60 * 60 + rows.x().length][];
        for (int iy = 0; iy < 60; iy++) {
            for (int ix = 0; ix < 60; ix++) {
                points[iy * 60 + ix] = new double[]{DecisionBoundary.centre(b.xMin(), b.xMax(), 60, ix), DecisionBoundary.centre(b.yMin(), b.yMax(), 60, iy)};
            }
        }
        System.arraycopy(rows.x(), 0, points, 60 * 60, rows.x().length);

        String[] direct = RunRows.classifyDirectly(r.model(), rows.features(), points);
        assertNotNull(direct, "an Occam MLP is predicted directly");
        List<String> tribuo = RunRows.classifyByExamples(r.model(), rows.features(), points);
        assertEquals(tribuo, List.of(direct));
        assertEquals(tribuo, RunRows.classify(r.model(), rows.features(), points));
        assertEquals(2, new HashSet<>(tribuo).size(), "the grid crosses the boundary (both classes predicted)");

        // The features named in the other order: the columns follow the names, not their positions.
        List<String> reversed = List.of(rows.features().get(1), rows.features().get(0));
        double[][] swapped = new double[points.length][];
        for (int i = 0; i < points.length; i++) {
            swapped[i] = new double[]{points[i][1], points[i][0]};
        }
        assertEquals(tribuo, List.of(RunRows.classifyDirectly(r.model(), reversed, swapped)));
    }

    @SuppressWarnings("unchecked")
    @ParameterizedTest
    @CsvSource({"true", "false"})
    void otherModelsAndUnknownFeaturesGoThroughTribuo(boolean standardize) throws IOException {
        RunResult r = train(standardize, "SOFTMAX");
        RunRows rows = RunRows.of(r.data(), r.partition());
        double[][] points = {{0.1, 0.2}};
        assertNull(RunRows.classifyDirectly(r.model(), List.of("no-such-feature", rows.features().get(1)), points));
        assertNull(RunRows.classifyDirectly(r.model(), List.of(rows.features().get(0)), new double[][]{{0.1}}));
        org.tribuo.Model<?> other = org.tribuo.classification.baseline.DummyClassifierTrainer.createMostFrequentTrainer()
                .train((org.tribuo.Dataset<org.tribuo.classification.Label>) r.data().dataset());
        assertNull(RunRows.classifyDirectly(other, rows.features(), points));
        assertEquals(1, RunRows.classify(other, rows.features(), points).size());
        MLPClassificationModel mlp = assertInstanceOf(MLPClassificationModel.class, ExperimentRunner.mlp(r.model()));
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> mlp.predictLabels(new org.occam.core.math.Matrix(1, 3))).getMessage().contains("3 columns"));
    }
}
