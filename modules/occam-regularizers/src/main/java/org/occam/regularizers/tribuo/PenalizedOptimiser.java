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
 * {@link DecoupledWeightDecay}, or any third-party {@code Penalty}) to a Tribuo linear model trained by
 * Tribuo's own {@code org.tribuo.classification.sgd.linear.LinearSGDTrainer} or
 * {@code org.tribuo.regression.sgd.linear.LinearSGDTrainer}, by decorating the trainer's
 * {@link StochasticGradientOptimiser}. The weights get each penalty's gradient term with the strength
 * its {@link LambdaConvention} promises; the bias is left alone unless a penalty asks for biases.
 *
 * <h2>What Tribuo hands the optimiser</h2>
 * {@code AbstractLinearSGDTrainer} trains a {@link LinearParameters}: one
 * {@code outputs × (features + 1)} {@link DenseMatrix} whose <b>last column</b> (index
 * {@code features}) holds the bias, because every feature vector gets a constant 1 appended at
 * index {@code featureMap.size()} ({@code DenseVector.createDenseVector(example, map, true)} /
 * {@code SparseVector.createSparseVector(example, map, true)}). {@code AbstractSGDTrainer.train}
 * calls {@code optimiser.copy()} once per training run, then {@link #initialise}, one
 * {@link #step} per minibatch, {@link #finalise} and {@link #reset}; the tensors {@code step}
 * returns are <b>added</b> to the parameters. The {@code updates} it passes are <b>ascent</b>
 * directions: Tribuo's objectives return −∂ℓ/∂prediction. For a minibatch B of k examples with
 * configured size b, Tribuo sums the k per-example tensors and then multiplies by b, so
 * <pre>
 *   updates = b · Σ_{i∈B} (−∇ℓ_i) = b·k · (−∇L_B),      L_B = (1/k) Σ_{i∈B} ℓ_i  (the minibatch mean loss)
 *   weight  = (Σ_{i∈B} exampleWeight_i) / b
 * </pre>
 * which is b²·(−∇L_B) for every full minibatch (and exactly −∇ℓ_j when b = 1).
 *
 * <h2>Scaling of the penalty term</h2>
 * The conventions define the penalty R(w) relative to the per-example <i>mean</i> loss
 * (objective L_B + R(w), DESIGN §4). So that R has that strength against Tribuo's data term, the
 * decorator adds the gradient term in Tribuo's units, <b>multiplied by b²</b>:
 * <pre>
 *   updates' = updates − b²·∇R(w)          (= b²·(−∇(L_B + R)) for a full minibatch)
 *   step     = optimiser.step(updates', weight)
 * </pre>
 * With Tribuo's SGD at rate η the weights then move by {@code −η·weight·b²·(∇L_B + ∇R)}: the
 * wrapped optimiser sees b² times the gradient of exactly the convention's objective. A full-batch
 * run (b = n) therefore converges to the minimiser of L + R, for L2 the closed-form ridge solution
 * (the tests check this for all four conventions), and the penalty's strength relative to the data
 * does not change with b. Adding ∇R unscaled would make the penalty b² times weaker than promised
 * (b = 1, Tribuo's default, is the only size where the two agree). The one
 * approximation: on the last, short minibatch of an epoch (k &lt; b) Tribuo's data term is b·k, not
 * b², times the mean gradient, and the penalty there is k/b too strong relative to it (no
 * information about k reaches the optimiser). Example weights scale the whole step, penalty
 * included, as the wrapped optimiser multiplies by {@code weight}; with unit example weights
 * {@code weight} is 1 on every full minibatch. The penalty is evaluated at the weights the
 * minibatch's gradients were computed at, and enters the wrapped optimiser's state (momentum,
 * AdaGrad accumulators) like any gradient term: this is coupled regularization, as in Keras.
 * <p>
 * {@code minibatchSize} must therefore be the trainer's {@code minibatchSize} (Tribuo passes no
 * batch size to an optimiser, so a mismatch cannot be detected here); it is also the b
 * of the {@code SKLEARN} convention (c = λ/2b). {@code trainingSetSize} is the n of the
 * {@code DATASET} convention (c = λ/2n); it is required when a penalty may use that convention.
 *
 * <h2>Scope: which entries are penalized</h2>
 * The weight matrix is exposed to the penalties as two Occam {@link Parameter}s of a layer named
 * {@value #LAYER_NAME}: {@code linear.weight} ({@link Parameter.Role#WEIGHT}, the first
 * {@code features} columns, shape outputs × features) and {@code linear.bias}
 * ({@link Parameter.Role#BIAS}, the last column, shape 1 × outputs). A linear model has no hidden
 * layer, and the default scope ("hidden-layer weights only", which exists to spare an MLP's output
 * layer) would penalize nothing; the decorator therefore presents {@value #LAYER_NAME} as a
 * <b>non-output</b> layer, so that
 * <ul>
 *   <li>the default scope penalizes the coefficients and not the intercept, as ridge and lasso do
 *       (scikit-learn {@code Ridge}, glmnet);</li>
 *   <li>{@code includeBiases=true} also penalizes the bias column;</li>
 *   <li>{@code includeOutputLayer} has no effect here;</li>
 *   <li>{@code layers} may name only {@value #LAYER_NAME}; another name is a {@link PropertyException}
 *       on {@code penalties} at configuration time.</li>
 * </ul>
 * The decorator never changes the ascent direction in entries that no penalty selects, the bias
 * column by default; with Tribuo's per-coordinate optimisers (SGD, AdaGrad, RMSProp, AdaDelta, Adam)
 * those entries therefore get, bit for bit, the update they would get without the penalties.
 * ({@code Pegasos} shrinks every entry, bias included, by itself; that is Tribuo's own
 * regularization, not this decorator's.) Sparse updates (from sparse examples) are densified, since
 * a penalty touches every selected weight.
 *
 * <h2>Penalties that act after the step</h2>
 * {@link Penalty#afterStep} (L1 in {@code PROXIMAL} mode, {@link DecoupledWeightDecay}) is applied
 * to the post-step values {@code w + step} and the returned update is rewritten so that Tribuo's
 * addition lands on the result; entries it sets to zero become exactly zero. The learning rate
 * handed to {@code afterStep} is the effective rate on the mean loss, {@code η·weight·b²}, with η
 * the rate the wrapped {@link SGD} used for this step ({@link SGD#learningRate()}); the proximal
 * threshold is therefore consistent with the gradient scaling above. Tribuo exposes a step's
 * learning rate only on {@link SGD}, so such penalties with any other wrapped optimiser (AdaGrad,
 * Adam, ...) are rejected in {@link #postConfig()}. Which penalties act after the step: L1 in
 * PROXIMAL mode, DecoupledWeightDecay, and any other penalty class that overrides {@code afterStep}.
 *
 * <h2>The penalty context</h2>
 * Penalties get {@code PenaltyContext(n, b, clock)} with n = {@code trainingSetSize} (0 when not
 * given), b = {@code minibatchSize}, and a {@link TrainingClock} whose iteration is the number of
 * steps since {@link #initialise}; when n is known its epoch and batch index are derived from
 * ⌈n/b⌉ batches per epoch, otherwise they are 0. An optimiser does not know the trainer's epoch
 * count, so {@code totalEpochs} is 0.
 *
 * <h2>State</h2>
 * Like every Tribuo optimiser, this object holds per-run state between {@link #initialise} and
 * {@link #reset}. Tribuo's trainers train on {@link #copy()}, which carries every configured field
 * and none of the run state, so a configured instance is never changed by training. The penalties
 * are immutable and shared by copies; the wrapped optimiser is copied with its own {@code copy()}
 * (mind Tribuo 4.3.2's {@code AdaGrad.copy()} and {@code Pegasos.copy()}, which lose or swap fields).
 * <p>
 * Provenance: {@code ConfiguredObjectProvenanceImpl(this, "StochasticGradientOptimiser")}, so the
 * wrapped optimiser, every penalty with all its fields (λ, convention, scope), n and b appear in
 * the trainer's and the model's provenance.
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
            if (trainingSetSize == 0 && needsDatasetSize(p)) {
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
            if (actsAfterStep(p) && !(optimiser instanceof SGD)) {
                throw new PropertyException("", "optimiser", "penalty " + p + " acts after the step and needs that step's learning rate, "
                        + "which Tribuo exposes only on org.tribuo.math.optimisers.SGD; found " + optimiser.getClass().getName());
            }
        }
    }

    /**
     * Whether a penalty needs n. The catalog penalties say which convention they use; a penalty of
     * another class might use DATASET, and its context must then carry a real n.
     */
    private static boolean needsDatasetSize(Penalty p) {
        if (p instanceof L2 l2) {
            return l2.convention() == LambdaConvention.DATASET;
        } else if (p instanceof L1 l1) {
            return l1.convention() == LambdaConvention.DATASET;
        } else if (p instanceof ElasticNet e) {
            return e.convention() == LambdaConvention.DATASET;
        } else {
            return !(p instanceof DecoupledWeightDecay);
        }
    }

    /** Whether {@link Penalty#afterStep} does anything for this penalty. */
    private static boolean actsAfterStep(Penalty p) {
        if (p instanceof L1 l1) {
            return l1.mode() == L1.Update.PROXIMAL;
        }
        try {
            return !p.getClass().getMethod("afterStep", Parameter.class, double.class, PenaltyContext.class)
                    .getDeclaringClass().equals(Penalty.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("Penalty.afterStep not found on " + p.getClass().getName(), e);
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
                afterStep[k] = actsAfterStep(p);
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
            load(w, step);
            double[] wBefore = weight.value().data().clone();
            double[] bBefore = bias.value().data().clone();
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
