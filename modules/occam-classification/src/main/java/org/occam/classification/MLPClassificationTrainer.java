package org.occam.classification;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.occam.core.nn.SigmoidBinaryCrossEntropy;
import org.occam.core.history.TrainingHistory;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Loss;
import org.occam.core.nn.Network;
import org.occam.core.nn.SoftmaxCrossEntropy;
import org.occam.core.train.AbstractMLPTrainer;
import org.occam.core.train.EpochEvaluator;
import org.occam.core.train.TargetEncoding;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.provenance.ModelProvenance;

import java.util.List;
import java.util.Map;

/**
 * Trains a multilayer perceptron classifier: hidden dense layers with the configured activation,
 * a dense output layer with one unit per label, a softmax head and cross-entropy loss on
 * probability-vector targets (one-hot labels, or soft targets from label smoothing and mixup
 * batch transforms). Every regularizer reaches it through the plugin lists of
 * {@link AbstractMLPTrainer}. With no hidden layers it is multinomial logistic regression.
 * <p>
 * Defaults: one hidden layer of 100 ReLU units (scikit-learn's MLPClassifier), Glorot-uniform
 * weights (Keras), Adam η = 0.001, 100 epochs, minibatch 32, seed 12345.
 */
public final class MLPClassificationTrainer extends AbstractMLPTrainer<Label> {

    /** For OLCUT. */
    @Config(description = "Output head: SOFTMAX (one unit per class, default) or LOGISTIC (binary problems: one sigmoid unit with binary cross-entropy, as scikit-learn and Keras' Dense(1, sigmoid)).")
    private OutputHead outputHead = OutputHead.SOFTMAX;

    private MLPClassificationTrainer() {}

    @Override
    public synchronized void postConfig() {
        super.postConfig();
        if (outputHead == null) {
            throw new PropertyException("", "outputHead", "expected SOFTMAX or LOGISTIC, found null");
        }
    }

    /** @return the output head */
    public OutputHead outputHead() {
        return outputHead;
    }

    /** @return a builder with every setting at its default */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link MLPClassificationTrainer} from code. */
    public static final class Builder extends AbstractMLPTrainer.Builder<Builder, MLPClassificationTrainer> {
        private OutputHead outputHead;

        private Builder() {}

        /**
         * @param head the output head
         * @return this
         */
        public Builder outputHead(OutputHead head) {
            this.outputHead = head;
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        public MLPClassificationTrainer build() {
            MLPClassificationTrainer t = new MLPClassificationTrainer();
            applyTo(t);
            if (outputHead != null) {
                t.outputHead = outputHead;
            }
            t.postConfig();
            return t;
        }
    }

    @Override
    protected int outputWidth(ImmutableOutputInfo<Label> outputInfo) {
        if (outputHead == OutputHead.LOGISTIC) {
            if (outputInfo.size() != 2) {
                throw new IllegalArgumentException("outputHead LOGISTIC needs a binary problem, found " + outputInfo.size()
                        + " labels " + outputInfo.getDomain() + "; use SOFTMAX");
            }
            return 1;
        }
        return outputInfo.size();
    }

    @Override
    protected TargetEncoding encodeTargets(List<Example<Label>> examples, ImmutableOutputInfo<Label> outputInfo) {
        Matrix y = new Matrix(examples.size(), outputInfo.size());
        for (int i = 0; i < examples.size(); i++) {
            Label label = examples.get(i).getOutput();
            int id = outputInfo.getID(label);
            if (id < 0) {
                throw new IllegalArgumentException("example " + i + " has label '" + label.getLabel()
                        + "', which is not in the dataset's output domain " + outputInfo.getDomain());
            }
            y.set(i, id, 1.0);
        }
        if (outputHead == OutputHead.LOGISTIC) {
            Matrix positive = new Matrix(examples.size(), 1);
            for (int i = 0; i < examples.size(); i++) {
                positive.set(i, 0, y.get(i, 1));
            }
            return new TargetEncoding(positive, null, null);
        }
        return new TargetEncoding(y, null, null);
    }

    @Override
    protected Loss loss() {
        return outputHead == OutputHead.LOGISTIC ? new SigmoidBinaryCrossEntropy() : new SoftmaxCrossEntropy();
    }

    @Override
    protected EpochEvaluator epochEvaluator() {
        return MLPClassificationTrainer::accuracy;
    }

    /**
     * Accuracy of probability rows against target rows (both argmax; soft targets count their
     * largest entry).
     * @param predictions predicted probabilities
     * @param targets target probabilities
     * @return {@code {accuracy: …}}
     */
    static Map<String, Double> accuracy(Matrix predictions, Matrix targets) {
        int correct = 0;
        for (int r = 0; r < predictions.rows(); r++) {
            boolean same = predictions.cols() == 1
                    ? (predictions.get(r, 0) > 0.5) == (targets.get(r, 0) > 0.5)   // logistic head: P(label id 1)
                    : argmax(predictions, r) == argmax(targets, r);
            if (same) {
                correct++;
            }
        }
        return Map.of("accuracy", predictions.rows() == 0 ? Double.NaN : (double) correct / predictions.rows());
    }

    private static int argmax(Matrix m, int row) {
        int best = 0;
        for (int j = 1; j < m.cols(); j++) {
            if (m.get(row, j) > m.get(row, best)) {
                best = j;
            }
        }
        return best;
    }

    @Override
    protected Model<Label> createModel(ModelProvenance provenance, ImmutableFeatureMap featureMap,
                                       ImmutableOutputInfo<Label> outputInfo, Network network,
                                       TargetEncoding encoding, TrainingHistory history) {
        return new MLPClassificationModel("mlp-classification-model", provenance, featureMap, outputInfo, network, history);
    }

    @Override
    protected String modelClassName() {
        return MLPClassificationModel.class.getName();
    }

    @Override
    public String toString() {
        return "MLPClassificationTrainer(" + describe() + (outputHead == OutputHead.SOFTMAX ? "" : ",outputHead=" + outputHead) + ")";
    }
}
