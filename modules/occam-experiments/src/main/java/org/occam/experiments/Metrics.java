package org.occam.experiments;

import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.Dataset;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.evaluation.RegressionEvaluation;
import org.tribuo.regression.evaluation.RegressionEvaluator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns Tribuo evaluations into the flat metric maps of a run record.
 * <p>
 * Classification (Tribuo's {@link LabelEvaluator}): accuracy, macro/micro F1, precision and recall,
 * per-class precision/recall/F1, the confusion matrix (rows = true label, columns = predicted), and
 * for two classes the AUC of the second label in domain order. Regression (Tribuo's
 * {@link RegressionEvaluator}): MSE (= RMSE², which Tribuo does not report), RMSE, MAE, R² per
 * output dimension and averaged over dimensions.
 */
public final class Metrics {
    private Metrics() {}

    /**
     * @param model a classification model
     * @param data the rows to evaluate
     * @return metric name → value (numbers, maps and nested lists)
     */
    public static Map<String, Object> classification(Model<Label> model, Dataset<Label> data) {
        LabelEvaluation e = new LabelEvaluator().evaluate(model, data);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", data.size());
        m.put("accuracy", e.accuracy());
        m.put("macroF1", e.macroAveragedF1());
        m.put("microF1", e.microAveragedF1());
        m.put("macroPrecision", e.macroAveragedPrecision());
        m.put("macroRecall", e.macroAveragedRecall());
        m.put("microPrecision", e.microAveragedPrecision());
        m.put("microRecall", e.microAveragedRecall());
        List<Label> labels = new ArrayList<>(model.getOutputIDInfo().getDomain());
        labels.sort((a, b) -> a.getLabel().compareTo(b.getLabel()));
        Map<String, Object> perClass = new LinkedHashMap<>();
        for (Label l : labels) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("precision", e.precision(l));
            c.put("recall", e.recall(l));
            c.put("f1", e.f1(l));
            c.put("support", e.tp(l) + e.fn(l));
            perClass.put(l.getLabel(), c);
        }
        m.put("perClass", perClass);
        List<String> names = new ArrayList<>();
        List<List<Double>> matrix = new ArrayList<>();
        for (Label truth : labels) {
            names.add(truth.getLabel());
            List<Double> row = new ArrayList<>();
            for (Label predicted : labels) {
                row.add(e.confusion(predicted, truth));
            }
            matrix.add(row);
        }
        m.put("confusionMatrix", Map.of("labels", names, "rowsTrueColumnsPredicted", matrix));
        if (labels.size() == 2 && model.generatesProbabilities()) {
            m.put("auc", e.AUCROC(labels.get(1)));
            m.put("aucPositiveLabel", labels.get(1).getLabel());
        }
        return m;
    }

    /**
     * @param model a regression model
     * @param data the rows to evaluate
     * @return metric name → value
     */
    public static Map<String, Object> regression(Model<Regressor> model, Dataset<Regressor> data) {
        RegressionEvaluation e = new RegressionEvaluator().evaluate(model, data);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", data.size());
        double mse = 0;
        Map<String, Object> perDim = new LinkedHashMap<>();
        for (Regressor r : model.getOutputIDInfo().getDomain()) {
            double rmse = e.rmse(r);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("mse", rmse * rmse);
            d.put("rmse", rmse);
            d.put("mae", e.mae(r));
            d.put("r2", e.r2(r));
            perDim.put(r.getNames()[0], d);
            mse += rmse * rmse;
        }
        int dims = model.getOutputIDInfo().size();
        m.put("mse", mse / dims);
        m.put("rmse", e.averageRMSE());
        m.put("mae", e.averageMAE());
        m.put("r2", e.averageR2());
        m.put("perDimension", perDim);
        return m;
    }
}
