package org.occam.regression;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.occam.core.history.TrainingHistory;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Loss;
import org.occam.core.nn.Network;
import org.occam.core.nn.RegressionLoss;
import org.occam.core.train.AbstractMLPTrainer;
import org.occam.core.train.EpochEvaluator;
import org.occam.core.train.TargetEncoding;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.regression.Regressor;

import java.util.List;
import java.util.Map;

/**
 * Trains a multilayer perceptron regressor with one linear output unit per regression dimension
 * (multi-output) and a squared, absolute or Huber loss (see {@link RegressionLoss}). With no
 * hidden layers it is linear regression.
 * <p>
 * Target standardization is on by default: each dimension is trained on (y − mean)/std of the
 * training targets and predictions are mapped back, because raw targets such as diabetes' 25–346
 * make SGD diverge. A constant dimension (std 0) gets scale 1.
 */
public final class MLPRegressionTrainer extends AbstractMLPTrainer<Regressor> {

    @Config(description = "Loss: SQUARED (½Σr², default), ABSOLUTE (Σ|r|) or HUBER.")
    private RegressionLoss.Kind loss = RegressionLoss.Kind.SQUARED;

    @Config(description = "Huber threshold δ (> 0), in standardized target units when standardizeTargets is on.")
    private double huberDelta = 1.0;

    @Config(description = "Train on standardized targets and map predictions back.")
    private boolean standardizeTargets = true;

    /** For OLCUT. */
    private MLPRegressionTrainer() {}

    /** @return a builder with every setting at its default */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link MLPRegressionTrainer} from code. */
    public static final class Builder extends AbstractMLPTrainer.Builder<Builder, MLPRegressionTrainer> {
        private RegressionLoss.Kind loss;
        private Double huberDelta;
        private Boolean standardizeTargets;

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** @param l the loss @return this */
        public Builder loss(RegressionLoss.Kind l) { this.loss = l; return this; }
        /** @param d Huber's δ @return this */
        public Builder huberDelta(double d) { this.huberDelta = d; return this; }
        /** @param s standardize targets @return this */
        public Builder standardizeTargets(boolean s) { this.standardizeTargets = s; return this; }

        @Override
        public MLPRegressionTrainer build() {
            MLPRegressionTrainer t = new MLPRegressionTrainer();
            applyTo(t);
            if (loss != null) { t.loss = loss; }
            if (huberDelta != null) { t.huberDelta = huberDelta; }
            if (standardizeTargets != null) { t.standardizeTargets = standardizeTargets; }
            t.postConfig();
            return t;
        }
    }

    @Override
    public synchronized void postConfig() {
        super.postConfig();
        if (loss == null) {
            throw new PropertyException("", "loss", "expected SQUARED, ABSOLUTE or HUBER, found null");
        }
        if (!(huberDelta > 0 && Double.isFinite(huberDelta))) {
            throw new PropertyException("", "huberDelta", "expected a finite huberDelta > 0, found " + huberDelta);
        }
    }

    @Override
    protected int outputWidth(ImmutableOutputInfo<Regressor> outputInfo) {
        return outputInfo.size();
    }

    @Override
    protected TargetEncoding encodeTargets(List<Example<Regressor>> examples, ImmutableOutputInfo<Regressor> outputInfo) {
        Matrix y = rawTargets(examples, outputInfo);
        if (!standardizeTargets) {
            return new TargetEncoding(y, null, null);
        }
        int d = y.cols();
        double[] mean = new double[d];
        double[] scale = new double[d];
        int n = y.rows();
        for (int j = 0; j < d; j++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += y.get(i, j);
            }
            mean[j] = s / n;
            double ss = 0;
            for (int i = 0; i < n; i++) {
                double c = y.get(i, j) - mean[j];
                ss += c * c;
            }
            double std = Math.sqrt(ss / n);
            scale[j] = std > 0 ? std : 1.0;
            for (int i = 0; i < n; i++) {
                y.set(i, j, (y.get(i, j) - mean[j]) / scale[j]);
            }
        }
        return new TargetEncoding(y, mean, scale);
    }

    /** Pure: the raw targets, then the training rows' mean and scale (no configured field is touched). */
    @Override
    protected TargetEncoding encodeLike(List<Example<Regressor>> examples, ImmutableOutputInfo<Regressor> outputInfo,
                                        TargetEncoding training) {
        Matrix y = rawTargets(examples, outputInfo);
        if (training.mean() == null) {
            return new TargetEncoding(y, null, null);
        }
        for (int i = 0; i < y.rows(); i++) {
            for (int j = 0; j < y.cols(); j++) {
                y.set(i, j, (y.get(i, j) - training.mean()[j]) / training.scale()[j]);
            }
        }
        return new TargetEncoding(y, training.mean(), training.scale());
    }

    /**
     * @param examples the examples
     * @param outputInfo the output domain
     * @return the targets as they are, examples × dimensions
     * @throws IllegalArgumentException for an unknown dimension or a non-finite target
     */
    private static Matrix rawTargets(List<Example<Regressor>> examples, ImmutableOutputInfo<Regressor> outputInfo) {
        int d = outputInfo.size();
        Matrix y = new Matrix(examples.size(), d);
        for (int i = 0; i < examples.size(); i++) {
            for (Regressor.DimensionTuple t : examples.get(i).getOutput()) {
                int id = outputInfo.getID(t);
                double v = t.getValue();
                if (id < 0 || !Double.isFinite(v)) {
                    throw new IllegalArgumentException("example " + i + " has " + (id < 0 ? "an unknown dimension '" + t.getName() + "'"
                            : "a non-finite target " + v + " for dimension '" + t.getName() + "'"));
                }
                y.set(i, id, v);
            }
        }
        return y;
    }

    @Override
    protected Loss loss() {
        return new RegressionLoss(loss, huberDelta);
    }

    @Override
    protected EpochEvaluator epochEvaluator() {
        return MLPRegressionTrainer::meanSquaredError;
    }

    /**
     * Mean squared error over all values, in the units the network is trained in.
     * @param predictions predicted rows
     * @param targets target rows
     * @return {@code {mse: …}}
     */
    static Map<String, Double> meanSquaredError(Matrix predictions, Matrix targets) {
        double s = 0;
        double[] p = predictions.data();
        double[] t = targets.data();
        for (int i = 0; i < p.length; i++) {
            double r = p[i] - t[i];
            s += r * r;
        }
        return Map.of("mse", p.length == 0 ? Double.NaN : s / p.length);
    }

    @Override
    protected Model<Regressor> createModel(ModelProvenance provenance, ImmutableFeatureMap featureMap,
                                           ImmutableOutputInfo<Regressor> outputInfo, Network network,
                                           TargetEncoding encoding, TrainingHistory history) {
        String[] names = new String[outputInfo.size()];
        for (Regressor r : outputInfo.getDomain()) {
            names[outputInfo.getID(r)] = r.getNames()[0];
        }
        return new MLPRegressionModel("mlp-regression-model", provenance, featureMap, outputInfo, network, names,
                encoding.mean(), encoding.scale(), history);
    }

    @Override
    protected String modelClassName() {
        return MLPRegressionModel.class.getName();
    }

    @Override
    public String toString() {
        return "MLPRegressionTrainer(" + describe() + ",loss=" + loss + ",huberDelta=" + huberDelta
                + ",standardizeTargets=" + standardizeTargets + ")";
    }
}
