package org.occam.regularizers.tribuo;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Parameter;
import org.occam.core.spi.LambdaConvention;
import org.occam.core.spi.Penalty;
import org.occam.core.spi.PenaltyContext;
import org.occam.core.spi.TrainingClock;
import org.occam.regularizers.penalty.DecoupledWeightDecay;
import org.occam.regularizers.penalty.ElasticNet;
import org.occam.regularizers.penalty.L1;
import org.occam.regularizers.penalty.L2;
import org.tribuo.math.LinearParameters;
import org.tribuo.math.Parameters;
import org.tribuo.math.StochasticGradientOptimiser;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.la.Tensor;
import org.tribuo.math.optimisers.SGD;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Applies Occam {@link Penalty penalties} ({@link L2}, {@link L1}, {@link ElasticNet},
 * {@link DecoupledWeightDecay}, or any third-party {@code Penalty}) to a model trained by Tribuo's own
 * {@code LinearSGDTrainer} (classification or regression), by decorating its
 * {@link StochasticGradientOptimiser}.
 * <p>
 * Tribuo hands the optimiser one {@link LinearParameters} matrix whose last column is the bias, and
 * an ascent direction equal to b²·(−∇L_B) on a full minibatch of size b (it sums the examples'
 * gradients, then multiplies by b). So that a penalty R keeps the strength its
 * {@link LambdaConvention} promises against the mean loss L_B, the decorator adds it in the same units:
 * <pre>
 *   updates' = updates − b²·∇R(w)        step = optimiser.step(updates', weight)
 * </pre>
 * A full-batch run then converges to the minimiser of L + R (for L2 the closed-form ridge solution).
 * On an epoch's last, short minibatch the penalty is k/b too strong (Tribuo passes no batch size).
 * <p>
 * Scope: the penalties see two tensors of a non-output layer named {@value #LAYER_NAME},
 * {@code linear.weight} (the coefficients) and {@code linear.bias} (the last column), so the default
 * scope penalizes the coefficients and not the intercept, as ridge and lasso do; entries no penalty
 * selects get exactly the wrapped optimiser's update.
 * <p>
 * Penalties describe themselves: those that {@link Penalty#actsAfterStep() act after the step} are
 * applied to w + step with the effective rate η·weight·b², which Tribuo exposes only on {@link SGD}
 * (other wrapped optimisers are rejected in {@link #postConfig()}); those that
 * {@link Penalty#usesDatasetSize() use n} need {@code trainingSetSize}. The context is
 * {@code PenaltyContext(n, b, clock)} with b = {@code minibatchSize}, which must be the trainer's.
 * <p>
 * State lives between {@link #initialise} and {@link #reset}; Tribuo trains on {@link #copy()}, which
 * carries every configured field and no run state. Provenance:
 * {@code ConfiguredObjectProvenanceImpl(this, "StochasticGradientOptimiser")}.
 */
public final class PenalizedOptimiser implements StochasticGradientOptimiser {
    /** The layer name the penalties see for Tribuo's weight matrix. */
    public static final String LAYER_NAME = "linear";

    @Config(mandatory = true, description = "The Tribuo optimiser that turns the penalized gradient into the update (SGD, AdaGrad, ...).")
    private StochasticGradientOptimiser optimiser;

    @Config(description = "The Occam penalties (L2, L1, ElasticNet, DecoupledWeightDecay, ...), applied in list order.")
    private List<Penalty> penalties = new ArrayList<>();

    @Config(description = "n, the number of training examples: needed (> 0) when a penalty uses the DATASET convention (c = λ/2n); 0 = not given.")
    private int trainingSetSize = 0;

    @Config(mandatory = true, description = "b, the trainer's minibatchSize (> 0): penalty gradients are scaled by b² to match "
            + "Tribuo's minibatch gradient (summed, then multiplied by b); also the b of the SKLEARN convention (c = λ/2b).")
    private int minibatchSize;

    /** Per-run state, from {@link #initialise} to {@link #reset}; null outside a run. */
    private Run run;

    /** For OLCUT. */
    private PenalizedOptimiser() {}

    /**
     * @param optimiser the Tribuo optimiser to wrap (copied per training run by the trainer, not here)
     * @param penalties the Occam penalties, applied in order
     * @param trainingSetSize n for the DATASET convention, or 0 if no penalty needs it
     * @param minibatchSize the trainer's minibatch size b
     */
    public PenalizedOptimiser(StochasticGradientOptimiser optimiser, List<? extends Penalty> penalties,
                              int trainingSetSize, int minibatchSize) {
        this.optimiser = optimiser;
        this.penalties = penalties == null ? null : new ArrayList<>(penalties);
        this.trainingSetSize = trainingSetSize;
        this.minibatchSize = minibatchSize;
        postConfig();
    }

    @Override
    public void postConfig() {
        if (optimiser == null) {
            throw new PropertyException("", "optimiser", "expected a StochasticGradientOptimiser to wrap, found null");
        }
        if (penalties == null) {
            penalties = new ArrayList<>();
        }
        for (int i = 0; i < penalties.size(); i++) {
            if (penalties.get(i) == null) {
                throw new PropertyException("", "penalties", "expected a Penalty at index " + i + ", found null");
            }
        }
        if (minibatchSize <= 0) {
            throw new PropertyException("", "minibatchSize",
                    "expected the trainer's minibatchSize (> 0), found " + minibatchSize);
        }
        if (trainingSetSize < 0) {
            throw new PropertyException("", "trainingSetSize",
                    "expected the training-set size n (> 0), or 0 when no penalty uses the DATASET convention, found " + trainingSetSize);
        }
        List<Parameter> shapes = templateParameters();
        for (Penalty p : penalties) {
            if (trainingSetSize == 0 && p.usesDatasetSize()) {
                throw new PropertyException("", "trainingSetSize", "penalty " + p + " uses (or may use) the DATASET convention, "
                        + "c = λ/2n, and needs n, the training-set size (> 0); found " + trainingSetSize + " (not given)");
            }
            List<Parameter> selected;
            try {
                selected = p.scope().select(p.getClass().getSimpleName(), shapes);
            } catch (IllegalArgumentException e) {
                throw new PropertyException(e, "", "penalties", "penalty " + p + " does not fit a Tribuo linear model, whose only layer is '"
                        + LAYER_NAME + "'");
            }
            if (selected.isEmpty()) {
                throw new PropertyException("", "penalties", "penalty " + p + " selects no tensor of a Tribuo linear model ("
                        + shapes + ")");
            }
            if (p.actsAfterStep() && !(optimiser instanceof SGD)) {
                throw new PropertyException("", "optimiser", "penalty " + p + " acts after the step and needs that step's learning rate, "
                        + "which Tribuo exposes only on org.tribuo.math.optimisers.SGD; found " + optimiser.getClass().getName());
            }
        }
    }

    /** The tensors of a linear model, with empty values, for checking scopes at configuration time. */
    private static List<Parameter> templateParameters() {
        return List.of(new Parameter(LAYER_NAME, "weight", Parameter.Role.WEIGHT, false, new Matrix(0, 0)),
                new Parameter(LAYER_NAME, "bias", Parameter.Role.BIAS, false, new Matrix(0, 0)));
    }

    /**
     * Starts a run on Tribuo's linear parameters, and initialises the wrapped optimiser.
     * @param parameters a {@link LinearParameters} whose last weight column is the bias
     * @throws IllegalArgumentException if they are not linear parameters
     */
    @Override
    public void initialise(Parameters parameters) {
        if (!(parameters instanceof LinearParameters linear)) {
            throw new IllegalArgumentException("PenalizedOptimiser supports Tribuo's linear models (LinearParameters, bias in the last column), found "
                    + (parameters == null ? "null" : parameters.getClass().getName()));
        }
        run = new Run(linear);
        optimiser.initialise(parameters);
    }

    /**
     * Adds b²·(−∇R) for every penalty R to the ascent direction, lets the wrapped optimiser make the
     * step, and applies the penalties that act after the step.
     * @param updates Tribuo's ascent direction (b·Σ(−∇ℓ_i)), one matrix shaped like the weights
     * @param weight the minibatch's mean example weight
     * @return the update Tribuo adds to the weights
     */
    @Override
    public Tensor[] step(Tensor[] updates, double weight) {
        if (run == null) {
            throw new IllegalStateException("step called before initialise (or after reset)");
        }
        DenseMatrix w = run.weights();
        if (updates.length != 1 || !(updates[0] instanceof org.tribuo.math.la.Matrix m)
                || m.getDimension1Size() != w.getDimension1Size() || m.getDimension2Size() != w.getDimension2Size()) {
            throw new IllegalArgumentException("expected one update matrix of " + w.getDimension1Size() + "×" + w.getDimension2Size()
                    + ", found " + describe(updates));
        }
        DenseMatrix ascent = m instanceof DenseMatrix dense ? dense : new DenseMatrix(m);
        PenaltyContext ctx = run.context();
        double scale = (double) minibatchSize * minibatchSize;
        run.addGradientTerms(w, ascent, ctx, scale);
        Tensor[] stepped = optimiser.step(new Tensor[]{ascent}, weight);
        if (run.anyAfterStep) {
            double eta = ((SGD) optimiser).learningRate() * weight * scale;
            stepped = new Tensor[]{run.applyAfterStep(w, stepped[0], eta, ctx)};
        }
        run.iteration++;
        return stepped;
    }

    private static String describe(Tensor[] updates) {
        StringBuilder sb = new StringBuilder(updates.length + " tensor(s)");
        for (Tensor t : updates) {
            sb.append(' ').append(t == null ? "null" : t.getClass().getSimpleName() + Arrays.toString(t.getShape()));
        }
        return sb.toString();
    }

    @Override
    public void finalise() {
        optimiser.finalise();
    }

    @Override
    public void reset() {
        optimiser.reset();
        run = null;
    }

    /** @return a new decorator with every configured field (the wrapped optimiser copied) and no run state */
    @Override
    public PenalizedOptimiser copy() {
        return new PenalizedOptimiser(optimiser.copy(), penalties, trainingSetSize, minibatchSize);
    }

    /** @return the wrapped optimiser */
    public StochasticGradientOptimiser optimiser() {
        return optimiser;
    }

    /** @return the penalties (unmodifiable) */
    public List<Penalty> penalties() {
        return List.copyOf(penalties);
    }

    /** @return n, or 0 if not given */
    public int trainingSetSize() {
        return trainingSetSize;
    }

    /** @return b */
    public int minibatchSize() {
        return minibatchSize;
    }

    @Override
    public String toString() {
        return "PenalizedOptimiser(optimiser=" + optimiser + ",penalties=" + penalties + ",trainingSetSize=" + trainingSetSize
                + ",minibatchSize=" + minibatchSize + ")";
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "StochasticGradientOptimiser");
    }

    /**
     * One training run: the live Tribuo parameters, the Occam views of their weight and bias parts,
     * what each penalty selects, and the step count.
     */
    private final class Run {
        private final LinearParameters parameters;
        private final int outputs;
        private final int features;
        private final Parameter weight;
        private final Parameter bias;
        private final List<List<Parameter>> selected = new ArrayList<>();
        private final boolean[] afterStep;
        private final boolean anyAfterStep;
        private final boolean biasSelected;
        private long iteration = 0;

        private Run(LinearParameters parameters) {
            this.parameters = parameters;
            DenseMatrix w = parameters.getWeightMatrix();
            this.outputs = w.getDimension1Size();
            this.features = w.getDimension2Size() - 1;
            if (features < 0) {
                throw new IllegalArgumentException("linear parameters have no bias column: " + outputs + "×" + w.getDimension2Size());
            }
            this.weight = new Parameter(LAYER_NAME, "weight", Parameter.Role.WEIGHT, false, new Matrix(outputs, features));
            this.bias = new Parameter(LAYER_NAME, "bias", Parameter.Role.BIAS, false, new Matrix(1, outputs));
            List<Parameter> all = List.of(weight, bias);
            this.afterStep = new boolean[penalties.size()];
            boolean any = false;
            boolean anyBias = false;
            for (int k = 0; k < penalties.size(); k++) {
                Penalty p = penalties.get(k);
                List<Parameter> sel = p.scope().select(p.getClass().getSimpleName(), all);
                selected.add(sel);
                anyBias |= sel.contains(bias);
                afterStep[k] = p.actsAfterStep();
                any |= afterStep[k];
            }
            this.anyAfterStep = any;
            this.biasSelected = anyBias;
        }

        /** The live weight matrix (read each step, in case Tribuo replaced the tensor). */
        private DenseMatrix weights() {
            return (DenseMatrix) parameters.get()[0];
        }

        private PenaltyContext context() {
            int batchesPerEpoch = trainingSetSize > 0 ? (trainingSetSize + minibatchSize - 1) / minibatchSize : 0;
            int epoch = batchesPerEpoch > 0 ? (int) (iteration / batchesPerEpoch) : 0;
            int batchInEpoch = batchesPerEpoch > 0 ? (int) (iteration % batchesPerEpoch) : 0;
            TrainingClock clock = new TrainingClock(epoch, iteration, batchInEpoch, batchesPerEpoch, 0);
            return new PenaltyContext(trainingSetSize, minibatchSize, clock);
        }

        /** Copies the matrix v (weights, or weights + step) into the Occam views. */
        private void load(DenseMatrix w, DenseMatrix step) {
            double[] wv = weight.value().data();
            double[] bv = bias.value().data();
            for (int i = 0; i < outputs; i++) {
                for (int j = 0; j < features; j++) {
                    wv[i * features + j] = step == null ? w.get(i, j) : w.get(i, j) + step.get(i, j);
                }
                bv[i] = step == null ? w.get(i, features) : w.get(i, features) + step.get(i, features);
            }
        }

        /** ascent −= scale·∇R(w), over the selected entries only. */
        private void addGradientTerms(DenseMatrix w, DenseMatrix ascent, PenaltyContext ctx, double scale) {
            load(w, null);
            weight.gradient().zeroInPlace();
            bias.gradient().zeroInPlace();
            for (int k = 0; k < penalties.size(); k++) {
                for (Parameter p : selected.get(k)) {
                    penalties.get(k).addGradient(p, ctx);
                }
            }
            double[] gw = weight.gradient().data();
            double[] gb = bias.gradient().data();
            for (int i = 0; i < outputs; i++) {
                for (int j = 0; j < features; j++) {
                    ascent.set(i, j, ascent.get(i, j) - scale * gw[i * features + j]);
                }
                if (biasSelected) {
                    ascent.set(i, features, ascent.get(i, features) - scale * gb[i]);
                }
            }
        }

        /**
         * Applies the after-step penalties to w + step and returns the update that takes w there.
         * Entries the penalties leave unchanged keep the wrapped optimiser's update exactly.
         */
        private DenseMatrix applyAfterStep(DenseMatrix w, Tensor stepTensor, double eta, PenaltyContext ctx) {
            DenseMatrix step = stepTensor instanceof DenseMatrix d ? d : new DenseMatrix((org.tribuo.math.la.Matrix) stepTensor);
            load(w, null);                       // the weights before the step, for penalties' beforeStep actions
            List<java.util.function.DoubleConsumer> pending = new ArrayList<>();
            for (int k = 0; k < penalties.size(); k++) {
                for (Parameter p : selected.get(k)) {
                    java.util.function.DoubleConsumer action = penalties.get(k).beforeStep(p, ctx);
                    if (action != null) {
                        pending.add(action);
                    }
                }
            }
            load(w, step);
            double[] wBefore = weight.value().data().clone();
            double[] bBefore = bias.value().data().clone();
            for (java.util.function.DoubleConsumer action : pending) {
                action.accept(eta);
            }
            for (int k = 0; k < penalties.size(); k++) {
                if (afterStep[k]) {
                    for (Parameter p : selected.get(k)) {
                        penalties.get(k).afterStep(p, eta, ctx);
                    }
                }
            }
            double[] wv = weight.value().data();
            double[] bv = bias.value().data();
            for (int i = 0; i < outputs; i++) {
                for (int j = 0; j < features; j++) {
                    int idx = i * features + j;
                    if (Double.compare(wv[idx], wBefore[idx]) != 0) {
                        step.set(i, j, wv[idx] - w.get(i, j));
                    }
                }
                if (Double.compare(bv[i], bBefore[i]) != 0) {
                    step.set(i, features, bv[i] - w.get(i, features));
                }
            }
            return step;
        }
    }
}
