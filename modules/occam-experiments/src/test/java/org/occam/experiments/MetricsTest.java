package org.occam.experiments;

import org.junit.jupiter.api.Test;
import org.occam.classification.MLPClassificationTrainer;
import org.occam.experiments.data.MoonsData;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.baseline.DummyClassifierTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.baseline.DummyRegressionTrainer;
import org.tribuo.regression.evaluation.RegressionEvaluation;
import org.tribuo.regression.evaluation.RegressionEvaluator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The metric maps of a run record against values computed by hand: from a constant classifier's
 * known confusion matrix, from a trained network's own predictions, and from a constant regressor
 * on hand-picked targets.
 */
class MetricsTest {
    private static final double EPS = 1e-12;

    private static MutableDataset<Label> labels(String... truth) {
        LabelFactory f = new LabelFactory();
        MutableDataset<Label> d = new MutableDataset<>(new SimpleDataSourceProvenance("hand", f), f);
        for (int i = 0; i < truth.length; i++) {
            d.add(new ArrayExample<>(new Label(truth[i]), new String[]{"x"}, new double[]{i}));
        }
        return d;
    }

    @SuppressWarnings("unchecked")
    private static <T> T get(Map<String, Object> m, String... path) {
        Object o = m;
        for (String p : path) {
            o = ((Map<String, Object>) o).get(p);
        }
        return (T) o;
    }

    private static double num(Map<String, Object> m, String... path) {
        return ((Number) get(m, path)).doubleValue();
    }

    @Test
    void constantClassifierHasTheHandComputedConfusionMatrix() {
        // truth 0,0,0,1,1; the model always says 1: tp(1)=2, fp(1)=3, fn(0)=3
        MutableDataset<Label> data = labels("0", "0", "0", "1", "1");
        Model<Label> model = DummyClassifierTrainer.createConstantTrainer("1").train(data);
        Map<String, Object> m = Metrics.classification(model, data);
        assertEquals(5, ((Number) m.get("rows")).intValue());
        assertEquals(0.4, num(m, "accuracy"), EPS);
        assertEquals(0.0, num(m, "perClass", "0", "precision"), EPS, "no predictions of 0: Tribuo's 0");
        assertEquals(0.0, num(m, "perClass", "0", "recall"), EPS);
        assertEquals(0.0, num(m, "perClass", "0", "f1"), EPS);
        assertEquals(0.4, num(m, "perClass", "1", "precision"), EPS);
        assertEquals(1.0, num(m, "perClass", "1", "recall"), EPS);
        assertEquals(2 * 0.4 / 1.4, num(m, "perClass", "1", "f1"), EPS);
        assertEquals(3, num(m, "perClass", "0", "support"), 0.0);
        assertEquals(2, num(m, "perClass", "1", "support"), 0.0);
        assertEquals(0.4 / 1.4, num(m, "macroF1"), EPS);
        assertEquals(0.2, num(m, "macroPrecision"), EPS);
        assertEquals(0.5, num(m, "macroRecall"), EPS);
        assertEquals(0.4, num(m, "microF1"), EPS, "single-label micro F1 is the accuracy");
        assertEquals(0.4, num(m, "microPrecision"), EPS);
        assertEquals(0.4, num(m, "microRecall"), EPS);
        assertEquals(List.of("0", "1"), get(m, "confusionMatrix", "labels"));
        // rows are the true label, columns the predicted one
        assertEquals(List.of(List.of(0.0, 3.0), List.of(0.0, 2.0)), get(m, "confusionMatrix", "rowsTrueColumnsPredicted"));
        // run.json writes the map as it iterates: a fixed order (Map.of's changes between JVM processes)
        assertEquals(List.of("labels", "rowsTrueColumnsPredicted"),
                new ArrayList<>(((Map<?, ?>) m.get("confusionMatrix")).keySet()));
        assertFalse(m.containsKey("auc"), "no AUC without probabilities");
        assertFalse(m.containsKey("logLoss"), "no log-loss without probabilities");
    }

    @Test
    void logLossIsSklearnsFormulaForKnownProbabilities() {
        // sklearn.metrics.log_loss: mean of −ln clip(p_true, ε, 1 − ε), ε = float64 machine epsilon = 2⁻⁵².
        // p_true = 0.9, 0.6, 1.0, 0.0:  −ln 0.9 = 0.10536051565782628, −ln 0.6 = 0.5108256237659907,
        // −ln(1 − 2⁻⁵²) = 2.220446049250313e-16, −ln 2⁻⁵² = 52·ln 2 = 36.04365338911715.
        double expected = (0.10536051565782628 + 0.5108256237659907 + 2.220446049250313e-16 + 36.04365338911715) / 4;
        assertEquals(9.164959882135243, expected, 1e-15);
        assertEquals(expected, Metrics.logLoss(new double[]{0.9, 0.6, 1.0, 0.0}), 1e-14);
        assertEquals(2.220446049250313e-16, Metrics.LOG_LOSS_EPSILON, 0.0);
        // a uniform guess over two classes costs ln 2
        assertEquals(0.6931471805599453, Metrics.logLoss(new double[]{0.5, 0.5, 0.5}), 1e-15);
        assertTrue(Double.isNaN(Metrics.logLoss(new double[0])));
    }

    @Test
    void logLossOfATrainedModelIsTheMeanNegativeLogOfItsTrueClassProbability() {
        MutableDataset<Label> data = castLabels(new MoonsData(30, 0.3, 4).load().dataset());
        Model<Label> model = MLPClassificationTrainer.builder().hiddenLayerSizes(3).epochs(2).seed(8).build().train(data);
        double sum = 0;
        int n = 0;
        for (Prediction<Label> p : model.predict(data)) {
            double prob = p.getOutputScores().get(p.getExample().getOutput().getLabel()).getScore();
            assertTrue(prob > 1e-10 && prob < 1 - 1e-10, "no clipping on this model: " + prob);
            sum += -Math.log(prob);
            n++;
        }
        assertEquals(30, n);
        assertEquals(sum / n, num(Metrics.classification(model, data), "logLoss"), 1e-12);
    }

    @Test
    void trainedBinaryModelMatchesItsOwnPredictionsCountedByHand() {
        MutableDataset<Label> data = castLabels(new MoonsData(80, 0.3, 11).load().dataset());
        Model<Label> model = MLPClassificationTrainer.builder().hiddenLayerSizes(8).epochs(3).seed(5).build().train(data);
        Map<String, Object> m = Metrics.classification(model, data);
        assertMatchesHandCount(model, data, m, List.of("0", "1"));

        // AUC of label "1" as the Mann–Whitney statistic of its probabilities
        List<Double> pos = new ArrayList<>();
        List<Double> neg = new ArrayList<>();
        for (Prediction<Label> p : model.predict(data)) {
            double s = p.getOutputScores().get("1").getScore();
            (p.getExample().getOutput().getLabel().equals("1") ? pos : neg).add(s);
        }
        double wins = 0;
        for (double a : pos) {
            for (double b : neg) {
                wins += a > b ? 1 : a == b ? 0.5 : 0;
            }
        }
        assertEquals("1", m.get("aucPositiveLabel"));
        assertEquals(wins / (pos.size() * (double) neg.size()), num(m, "auc"), 1e-9);
    }

    @Test
    void threeClassesAreCountedPerClassAndInNameOrder() {
        LabelFactory f = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("blobs", f), f);
        SplittableRandom rng = new SplittableRandom(3);
        String[] names = {"c", "a", "b"};
        double[][] centres = {{0, 0}, {2, 0}, {0, 2}};
        for (int i = 0; i < 90; i++) {
            int k = i % 3;
            data.add(new ArrayExample<>(new Label(names[k]), new String[]{"u", "v"},
                    new double[]{centres[k][0] + rng.nextGaussian(), centres[k][1] + rng.nextGaussian()}));
        }
        Model<Label> model = MLPClassificationTrainer.builder().hiddenLayerSizes(6).epochs(2).seed(2).build().train(data);
        Map<String, Object> m = Metrics.classification(model, data);
        assertMatchesHandCount(model, data, m, List.of("a", "b", "c"));
        assertFalse(m.containsKey("auc"), "AUC only for two classes");
    }

    private static void assertMatchesHandCount(Model<Label> model, MutableDataset<Label> data, Map<String, Object> m, List<String> names) {
        int k = names.size();
        double[][] confusion = new double[k][k];
        for (Prediction<Label> p : model.predict(data)) {
            int truth = names.indexOf(p.getExample().getOutput().getLabel());
            int predicted = names.indexOf(p.getOutput().getLabel());
            confusion[truth][predicted]++;
        }
        double n = data.size();
        double trace = 0;
        double macroF1 = 0;
        List<List<Double>> rows = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            trace += confusion[i][i];
            double predictedI = 0;
            double trueI = 0;
            List<Double> row = new ArrayList<>();
            for (int j = 0; j < k; j++) {
                predictedI += confusion[j][i];
                trueI += confusion[i][j];
                row.add(confusion[i][j]);
            }
            rows.add(row);
            double precision = predictedI == 0 ? 0 : confusion[i][i] / predictedI;
            double recall = trueI == 0 ? 0 : confusion[i][i] / trueI;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            macroF1 += f1 / k;
            assertEquals(precision, num(m, "perClass", names.get(i), "precision"), EPS, names.get(i));
            assertEquals(recall, num(m, "perClass", names.get(i), "recall"), EPS, names.get(i));
            assertEquals(f1, num(m, "perClass", names.get(i), "f1"), EPS, names.get(i));
            assertEquals(trueI, num(m, "perClass", names.get(i), "support"), 0.0);
        }
        assertEquals(names, get(m, "confusionMatrix", "labels"));
        assertEquals(rows, get(m, "confusionMatrix", "rowsTrueColumnsPredicted"));
        assertEquals(trace / n, num(m, "accuracy"), EPS);
        assertEquals(trace / n, num(m, "microF1"), EPS);
        assertEquals(macroF1, num(m, "macroF1"), EPS);
    }

    @Test
    void constantRegressorHasTheHandComputedErrors() {
        // targets 1,2,3,4; prediction 2: errors -1,0,1,2
        RegressionFactory f = new RegressionFactory();
        MutableDataset<Regressor> data = new MutableDataset<>(new SimpleDataSourceProvenance("hand", f), f);
        double[] y = {1, 2, 3, 4};
        for (int i = 0; i < y.length; i++) {
            data.add(new ArrayExample<>(new Regressor("y", y[i]), new String[]{"x"}, new double[]{i}));
        }
        Model<Regressor> model = DummyRegressionTrainer.createConstantTrainer(2.0).train(data);
        Map<String, Object> m = Metrics.regression(model, data);
        assertEquals(4, ((Number) m.get("rows")).intValue());
        assertEquals(1.5, num(m, "mse"), EPS);
        assertEquals(Math.sqrt(1.5), num(m, "rmse"), EPS);
        assertEquals(1.0, num(m, "mae"), EPS);
        assertEquals(1 - 6.0 / 5.0, num(m, "r2"), EPS, "R² = 1 − SSE/SST = 1 − 6/5");
        assertEquals(1.5, num(m, "perDimension", "y", "mse"), EPS);
    }

    @Test
    void multiOutputRegressionReportsEveryDimensionAndMseIsTribuosRmseSquared() {
        RegressionFactory f = new RegressionFactory();
        MutableDataset<Regressor> data = new MutableDataset<>(new SimpleDataSourceProvenance("hand", f), f);
        double[] a = {1, 2, 3, 4};
        double[] b = {0, 0, 10, 10};
        for (int i = 0; i < a.length; i++) {
            data.add(new ArrayExample<>(new Regressor(new String[]{"a", "b"}, new double[]{a[i], b[i]}), new String[]{"x"}, new double[]{i}));
        }
        Model<Regressor> model = DummyRegressionTrainer.createConstantTrainer(2.0).train(data);
        Map<String, Object> m = Metrics.regression(model, data);
        Map<String, Object> perDimension = get(m, "perDimension");
        assertEquals(List.of("a", "b"), new ArrayList<>(new TreeMap<>(perDimension).keySet()));
        // b: errors -2,-2,8,8 → MSE 34, MAE 5, SST 100
        assertEquals(34.0, num(m, "perDimension", "b", "mse"), 1e-9);
        assertEquals(5.0, num(m, "perDimension", "b", "mae"), EPS);
        assertEquals(1 - 136.0 / 100.0, num(m, "perDimension", "b", "r2"), EPS);
        assertEquals((1.5 + 34.0) / 2, num(m, "mse"), 1e-9, "averaged over dimensions");
        assertEquals((1.0 + 5.0) / 2, num(m, "mae"), EPS);

        RegressionEvaluation e = new RegressionEvaluator().evaluate(model, data);
        for (Regressor dim : model.getOutputIDInfo().getDomain()) {
            String name = dim.getNames()[0];
            double rmse = e.rmse(dim);
            assertEquals(rmse * rmse, num(m, "perDimension", name, "mse"), 0.0, "MSE = Tribuo's RMSE², " + name);
            assertEquals(rmse, num(m, "perDimension", name, "rmse"), 0.0);
            assertEquals(e.mae(dim), num(m, "perDimension", name, "mae"), 0.0);
            assertEquals(e.r2(dim), num(m, "perDimension", name, "r2"), 0.0);
        }
        assertEquals(e.averageRMSE(), num(m, "rmse"), 0.0);
        assertEquals(e.averageR2(), num(m, "r2"), 0.0);
        assertTrue(num(m, "r2") <= 1);
    }

    @SuppressWarnings("unchecked")
    private static MutableDataset<Label> castLabels(MutableDataset<?> d) {
        return (MutableDataset<Label>) d;
    }
}
