package org.occam.classification;

import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import com.oracle.labs.mlrg.olcut.provenance.primitives.EnumProvenance;
import org.junit.jupiter.api.Test;
import org.occam.core.math.Matrix;
import org.occam.core.model.AbstractMLPModel;
import org.occam.core.optim.Sgd;
import org.occam.core.spi.LambdaConvention;
import org.occam.regularizers.penalty.L2;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The LOGISTIC output head: one sigmoid unit with binary cross-entropy for binary problems, and
 * with an output-layer SKLEARN-convention L2 exactly scikit-learn's {@code MLPClassifier} objective.
 */
public class LogisticHeadTest {
    private static final LabelFactory LABELS = new LabelFactory();
    private static final double[][] X = {{0.5, -1.0, 2.0}, {1.5, 0.3, -0.7}, {-0.2, 0.8, 0.1}, {2.2, -0.4, 0.9},
            {-1.1, -0.6, 0.4}, {0.3, 1.7, -1.5}, {-0.9, 0.2, 1.2}, {1.0, 1.0, 1.0}};
    private static final String[] Y = {"a", "b", "a", "b", "a", "b", "b", "a"};

    private static MutableDataset<Label> data(int classes) {
        MutableDataset<Label> d = new MutableDataset<>(new SimpleDataSourceProvenance("logistic-head-test", LABELS), LABELS);
        for (int i = 0; i < X.length; i++) {
            String label = classes == 3 && i % 3 == 2 ? "c" : Y[i];
            d.add(new ArrayExample<>(new Label(label), new String[]{"f0", "f1", "f2"}, X[i]));
        }
        return d;
    }

    private static MLPClassificationTrainer oneFullBatchStep(double eta, double alpha) {
        return MLPClassificationTrainer.builder().outputHead(OutputHead.LOGISTIC).hiddenLayerSizes()
                .optimizer(new Sgd(eta)).epochs(1).minibatchSize(X.length).shuffle(false).seed(11)
                .trainMetricsEachEpoch(false)
                .penalties(new L2(alpha, LambdaConvention.SKLEARN, true, false, List.of()))
                .build();
    }

    /**
     * One full-batch SGD step of a logistic model equals scikit-learn's: with n rows, p = σ(Xw + b),
     * ∂/∂w = (Xᵀ(p − y) + α·w)/n and ∂/∂b = mean(p − y) (sklearn's {@code _backprop}: the L2 term
     * (α/2n)·Σw² over every coefs_, the output layer's included, intercepts not). The initial
     * weights are recovered from two steps of different sizes from the same seed:
     * w_η = w₀ − η·g(w₀) for both, so g = (w_η₁ − w_η₂)/(η₂ − η₁).
     */
    @Test
    public void sklearnConventionL2WithTheOutputLayerIsScikitLearnsAlpha() {
        double alpha = 0.7;
        double eta1 = 0.1;
        double eta2 = 0.3;
        MutableDataset<Label> d = data(2);
        Map<String, Matrix> a = ((AbstractMLPModel<Label>) oneFullBatchStep(eta1, alpha).train(d)).parameterValues();
        Map<String, Matrix> b = ((AbstractMLPModel<Label>) oneFullBatchStep(eta2, alpha).train(d)).parameterValues();
        assertEquals(List.of("output.weight", "output.bias"), List.copyOf(a.keySet()));
        Matrix wa = a.get("output.weight");
        Matrix wb = b.get("output.weight");
        assertEquals(1, wa.rows(), "one logistic unit");
        int features = wa.cols();
        double[] w0 = new double[features];
        double[] gw = new double[features];
        for (int j = 0; j < features; j++) {
            gw[j] = (wa.get(0, j) - wb.get(0, j)) / (eta2 - eta1);
            w0[j] = wa.get(0, j) + eta1 * gw[j];
        }
        double gb = (a.get("output.bias").get(0, 0) - b.get("output.bias").get(0, 0)) / (eta2 - eta1);
        double b0 = a.get("output.bias").get(0, 0) + eta1 * gb;

        Model<Label> model = oneFullBatchStep(eta1, alpha).train(d);
        int positive = model.getOutputIDInfo().getID(new Label("b")) == 1 ? 1 : 0;
        String positiveLabel = positive == 1 ? "b" : "a";
        double[] sklearnW = new double[features];
        double sklearnB = 0;
        int n = X.length;
        for (int i = 0; i < n; i++) {
            double z = b0;
            for (int j = 0; j < features; j++) {
                z += X[i][model.getFeatureIDMap().getID("f" + j)] * w0[j];
            }
            double residual = 1 / (1 + Math.exp(-z)) - (Y[i].equals(positiveLabel) ? 1 : 0);
            for (int j = 0; j < features; j++) {
                sklearnW[j] += X[i][model.getFeatureIDMap().getID("f" + j)] * residual;
            }
            sklearnB += residual;
        }
        for (int j = 0; j < features; j++) {
            sklearnW[j] = (sklearnW[j] + alpha * w0[j]) / n;
            assertEquals(sklearnW[j], gw[j], 1e-12, "∂/∂w" + j);
        }
        assertEquals(sklearnB / n, gb, 1e-12, "∂/∂b");
    }

    @Test
    public void predictionsAreTheSigmoidAndItsComplement() {
        MutableDataset<Label> d = data(2);
        Model<Label> model = MLPClassificationTrainer.builder().outputHead(OutputHead.LOGISTIC).hiddenLayerSizes(4)
                .epochs(20).minibatchSize(4).seed(3).build().train(d);
        AbstractMLPModel<Label> mlp = (AbstractMLPModel<Label>) model;
        assertEquals(OutputHead.LOGISTIC, ((MLPClassificationModel) model).outputHead());
        assertEquals(1, mlp.parameterValues().get("output.weight").rows());
        for (Example<Label> e : d) {
            Prediction<Label> p = model.predict(e);
            double pa = p.getOutputScores().get("a").getScore();
            double pb = p.getOutputScores().get("b").getScore();
            assertEquals(1.0, pa + pb, 1e-15);
            assertEquals(pa > pb ? "a" : "b", p.getOutput().getLabel());
        }
        // the protobuf round trip keeps the head (one output for two labels)
        Model<Label> back = (Model<Label>) Model.deserialize(model.serialize());
        for (Example<Label> e : d) {
            assertEquals(model.predict(e).getOutputScores().get("b").getScore(), back.predict(e).getOutputScores().get("b").getScore(), 0.0);
        }
    }

    @Test
    public void logisticOnThreeClassesIsAnErrorSayingSo() {
        MLPClassificationTrainer t = MLPClassificationTrainer.builder().outputHead(OutputHead.LOGISTIC).epochs(1).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.train(data(3)));
        assertTrue(e.getMessage().contains("LOGISTIC") && e.getMessage().contains("3 labels"), e.getMessage());
    }

    @Test
    public void outputHeadIsRecordedAndRoundTripsThroughConfiguration() {
        MLPClassificationTrainer trainer = MLPClassificationTrainer.builder().outputHead(OutputHead.LOGISTIC).epochs(2).build();
        assertEquals(new EnumProvenance<>("outputHead", OutputHead.LOGISTIC), trainer.getProvenance().getConfiguredParameters().get("outputHead"));
        List<ConfigurationData> config = ProvenanceUtil.extractConfiguration(trainer.getProvenance());
        ConfigurationManager cm = new ConfigurationManager();
        cm.addConfiguration(config);
        MLPClassificationTrainer rebuilt = (MLPClassificationTrainer) cm.lookup(config.get(0).getName());
        cm.close();
        assertEquals(trainer.getProvenance(), rebuilt.getProvenance());
        assertEquals(OutputHead.LOGISTIC, rebuilt.outputHead());
        assertEquals(OutputHead.SOFTMAX, MLPClassificationTrainer.builder().build().outputHead());
    }
}
