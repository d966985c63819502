package org.occam.experiments;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.classification.MLPClassificationTrainer;
import org.occam.core.history.EpochRecord;
import org.occam.experiments.data.CsvData;
import org.occam.experiments.data.FractionSplit;
import org.occam.experiments.data.MoonsData;
import org.occam.experiments.data.Task;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.transform.TransformationMap;
import org.tribuo.transform.TransformedModel;
import org.tribuo.transform.transformations.MeanStdDevTransformation;
import org.tribuo.transform.transformations.SimpleTransform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Executing experiments: splits, standardization inside the model, evaluation, progress. */
class ExperimentRunnerTest {
    @TempDir
    Path tmp;

    private static MLPClassificationTrainer smallTrainer(int epochs) {
        return MLPClassificationTrainer.builder().hiddenLayerSizes(4).epochs(epochs).minibatchSize(8).seed(3).build();
    }

    @Test
    void constantFeaturesAreCentredNotDividedByZero() throws Exception {
        // 'blank' is 0 on every row (like the digits' corner pixels), 'five' is 5 on every row.
        StringBuilder csv = new StringBuilder("x1,blank,five,x2,label\n");
        for (int i = 0; i < 40; i++) {
            csv.append(i % 7).append(",0,5,").append((i * 3) % 11).append(',').append(i % 2).append('\n');
        }
        Path file = Files.writeString(tmp.resolve("constant.csv"), csv.toString());
        Experiment e = new Experiment("constant", new CsvData(file.toString(), "label", Task.CLASSIFICATION),
                new FractionSplit(0.0, 0.25, 1), true, smallTrainer(2));
        RunResult r = ExperimentRunner.execute(e, null);
        double accuracy = ((Number) r.metrics().get("train").get("accuracy")).doubleValue();
        assertTrue(accuracy >= 0 && accuracy <= 1);
        for (EpochRecord epoch : r.history().epochs()) {
            assertTrue(Double.isFinite(epoch.dataLoss()), "loss " + epoch.dataLoss());
        }
        // The saved model takes raw rows: a constant feature at its training value contributes 0.
        Model<Label> model = castLabelModel(r.model());
        assertInstanceOf(TransformedModel.class, model);
        Prediction<Label> p = model.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL,
                new String[]{"blank", "five", "x1", "x2"}, new double[]{0, 5, 3, 4}));
        p.getOutputScores().values().forEach(s -> assertTrue(Double.isFinite(s.getScore())));
    }

    @Test
    void progressHearsEveryEpochAndTheResultHoldsEverySplit() {
        List<Integer> epochs = new ArrayList<>();
        Experiment e = new Experiment("moons", new MoonsData(60, 0.2, 5), new FractionSplit(0.2, 0.25, 2), true, smallTrainer(3));
        RunResult r = ExperimentRunner.execute(e, rec -> epochs.add(rec.epoch()));
        assertEquals(List.of(1, 2, 3), epochs);
        assertEquals(List.of("train", "validation", "test"), new ArrayList<>(r.metrics().keySet()));
        assertEquals(60, r.partition().train().length + r.partition().validation().length + r.partition().test().length);
        assertEquals(15, r.partition().test().length);
        assertEquals(12, r.partition().validation().length);
        assertNotNull(ExperimentRunner.mlp(r.model()));
        assertEquals(3, r.history().epochsRun());
        assertFalse(r.history().stopReason().isBlank());
    }

    @Test
    void historyHasValidationCurvesOnTheStandardizedValidationRows() {
        Experiment e = new Experiment("curves", new MoonsData(120, 0.3, 7), new FractionSplit(0.25, 0.25, 3), true, smallTrainer(3));
        RunResult r = ExperimentRunner.execute(e, null);
        for (EpochRecord epoch : r.history().epochs()) {
            assertTrue(Double.isFinite(epoch.validationLoss()), "epoch " + epoch.epoch());
            assertTrue(epoch.validationMetrics().containsKey("accuracy"), epoch.validationMetrics().toString());
        }
        // the last epoch's validation loss is the saved model's cross-entropy on the raw validation rows
        MutableDataset<Label> all = castLabels(new MoonsData(120, 0.3, 7).load().dataset());
        double loss = 0;
        int correct = 0;
        for (int i : r.partition().validation()) {
            Prediction<Label> p = castLabelModel(r.model()).predict(all.getExample(i));
            String truth = all.getExample(i).getOutput().getLabel();
            loss -= Math.log(p.getOutputScores().get(truth).getScore());
            correct += p.getOutput().getLabel().equals(truth) ? 1 : 0;
        }
        int n = r.partition().validation().length;
        EpochRecord last = r.history().last();
        assertEquals(loss / n, last.validationLoss(), 1e-9);
        assertEquals((double) correct / n, last.validationMetrics().get("accuracy"), 1e-12);
        assertEquals(((Number) r.metrics().get("validation").get("accuracy")).doubleValue(), last.validationMetrics().get("accuracy"), 1e-12);
    }

    @Test
    void validationRowsDoNotChangeTheTrainedModel() {
        // the same training rows, with and without a validation split: identical parameters
        MutableDataset<Label> data = castLabels(new MoonsData(80, 0.3, 4).load().dataset());
        Experiment withValidation = new Experiment("v", new MoonsData(80, 0.3, 4), new FractionSplit(0.25, 0.25, 6), true, smallTrainer(2));
        RunResult a = ExperimentRunner.execute(withValidation, null);
        MutableDataset<Label> train = new MutableDataset<>(data.getProvenance(), data.getOutputFactory());
        for (int i : a.partition().train()) {
            train.add(data.getExample(i));
        }
        Model<Label> b = new org.tribuo.transform.TransformTrainer<>(smallTrainer(2), new TransformationMap(List.of(new org.occam.core.train.StandardScaling())), true, false).train(train);
        assertEquals(ExperimentRunner.mlp(a.model()).parameterValues(), ExperimentRunner.mlp(b).parameterValues());
    }

    @Test
    void regressionTrainerOnClassificationDataIsRejected() {
        Experiment e = new Experiment("mismatch", new MoonsData(20, 0.2, 5), new FractionSplit(0, 0.25, 2), true,
                org.occam.regression.MLPRegressionTrainer.builder().hiddenLayerSizes(2).epochs(1).build());
        IllegalArgumentException ex = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ExperimentRunner.execute(e, null));
        assertTrue(ex.getMessage().contains("MLPRegressionTrainer") && ex.getMessage().contains("CLASSIFICATION"), ex.getMessage());
    }

    @Test
    void aClassMissingFromTheTrainingRowsIsNamedBeforeTraining() throws Exception {
        // rows 0..3 train, row 4 (the only 'c') is the test row
        Path file = Files.writeString(tmp.resolve("rare.csv"), "x,label\n1,0\n2,1\n3,0\n4,1\n5,7\n");
        Path idx = Files.writeString(tmp.resolve("rare_idx.txt"), "4\n");
        Experiment e = new Experiment("rare", new CsvData(file.toString(), "label", Task.CLASSIFICATION),
                new org.occam.experiments.data.TestIndexFileSplit(idx.toString(), 0, 1), true, smallTrainer(1));
        org.occam.experiments.data.DataException ex = org.junit.jupiter.api.Assertions.assertThrows(
                org.occam.experiments.data.DataException.class, () -> ExperimentRunner.execute(e, null));
        assertTrue(ex.getMessage().contains("rare.csv") && ex.getMessage().contains("label '7'")
                && ex.getMessage().contains("test rows") && ex.getMessage().contains("4 training rows"), ex.getMessage());
    }

    @SuppressWarnings("unchecked")
    private static MutableDataset<Label> castLabels(MutableDataset<?> d) {
        return (MutableDataset<Label>) d;
    }

    @SuppressWarnings("unchecked")
    private static Model<Label> castLabelModel(Model<?> m) {
        return (Model<Label>) m;
    }
}
