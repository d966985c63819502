package org.occam.experiments;

import org.tribuo.Model;
import org.tribuo.Prediction;
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
 * for two classes the AUC of the second label in domain order, and for a model that produces
 * probabilities the {@link #logLoss log-loss}. Regression (Tribuo's
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
        if (model.generatesProbabilities()) {
            m.put("logLoss", logLoss(e.getPredictions()));
        }
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
        // an ordered map, not Map.of: Map.of's iteration order changes from one JVM process to the next, and
        // this map is written to run.json as it iterates
        Map<String, Object> confusion = new LinkedHashMap<>();
        confusion.put("labels", names);
        confusion.put("rowsTrueColumnsPredicted", matrix);
        m.put("confusionMatrix", confusion);
        if (labels.size() == 2 && model.generatesProbabilities()) {
            m.put("auc", e.AUCROC(labels.get(1)));
            m.put("aucPositiveLabel", labels.get(1).getLabel());
        }
        return m;
    }

    /**
     * The smallest probability the log-loss takes the logarithm of: the float64 machine epsilon
     * 2⁻⁵² ≈ 2.22e-16, scikit-learn's clip in {@code log_loss} since 1.3.
     */
    public static final double LOG_LOSS_EPSILON = Math.ulp(1.0);

    /**
     * The log-loss (cross-entropy) of predictions with probabilities: the mean over examples of
     * −ln p, p the predicted probability of the example's true class (0 when the model gave that
     * class no score), clipped to [ε, 1 − ε] with ε = {@link #LOG_LOSS_EPSILON} as scikit-learn's
     * {@code log_loss} does, so a confident mistake costs −ln ε ≈ 36.04 instead of ∞.
     * @param predictions predictions whose examples carry their true label
     * @return the mean log-loss (NaN without predictions)
     */
    public static double logLoss(List<Prediction<Label>> predictions) {
        double[] p = new double[predictions.size()];
        for (int i = 0; i < p.length; i++) {
            Prediction<Label> pr = predictions.get(i);
            Label truth = pr.getExample().getOutput();
            Label scored = pr.getOutputScores().get(truth.getLabel());
            p[i] = scored == null ? 0 : scored.getScore();
        }
        return logLoss(p);
    }

    /**
     * @param trueClassProbabilities the predicted probability of each example's true class
     * @return mean of −ln(clip(p, ε, 1 − ε)); NaN for no examples
     */
    public static double logLoss(double[] trueClassProbabilities) {
        if (trueClassProbabilities.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (double p : trueClassProbabilities) {
            sum -= Math.log(Math.min(Math.max(p, LOG_LOSS_EPSILON), 1 - LOG_LOSS_EPSILON));
        }
        return sum / trueClassProbabilities.length;
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
