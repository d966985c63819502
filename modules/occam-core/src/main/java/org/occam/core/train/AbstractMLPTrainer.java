package org.occam.core.train;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import org.occam.core.history.TrainingHistory;
import org.occam.core.nn.Activation;
import org.occam.core.nn.Initializer;
import org.occam.core.nn.Loss;
import org.occam.core.nn.Network;
import org.occam.core.optim.Adam;
import org.occam.core.spi.BatchTransform;
import org.occam.core.spi.Constraint;
import org.occam.core.spi.GradientTransform;
import org.occam.core.spi.LayerPlugin;
import org.occam.core.spi.LossHook;
import org.occam.core.spi.Optimizer;
import org.occam.core.spi.Penalty;
import org.occam.core.spi.StoppingRule;
import org.occam.core.spi.WeightPerturbation;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.Output;
import org.tribuo.Trainer;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.provenance.impl.TrainerProvenanceImpl;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.logging.Logger;

/**
 * The configuration and the train method shared by Occam's MLP trainers. Subclasses say how
 * outputs become target rows, which loss to use and how to wrap the trained network in a model;
 * everything else — architecture, optimizer, epochs, minibatches, seed and the plugin lists for
 * every hook — is configured here. Plugins reach the trainer only through the SPI interfaces.
 * <p>
 * Invocation counting follows Tribuo: each {@code train} call takes the next split of the seeded
 * generator, so training twice equals {@code setInvocationCount(1)} followed by one training.
 * @param <T> the output type
 */
public abstract class AbstractMLPTrainer<T extends Output<T>> implements Trainer<T> {
    private static final Logger logger = Logger.getLogger(AbstractMLPTrainer.class.getName());

    @Config(description = "Widths of the hidden layers, in order; empty gives the linear (logistic) model.")
    protected int[] hiddenLayerSizes = {100};

    @Config(description = "Make hidden layers 2..H residual blocks x + f(x) (all hidden sizes must be equal).")
    protected boolean residual = false;

    @Config(description = "Activation of the hidden layers.")
    protected Activation activation = Activation.RELU;

    @Config(description = "Weight initializer.")
    protected Initializer initializer = Initializer.GLOROT_UNIFORM;

    @Config(description = "The optimizer (default Adam, η = 0.001).")
    protected Optimizer optimizer = new Adam(0.001);

    @Config(description = "Number of passes over the training data (≥ 1).")
    protected int epochs = 100;

    @Config(description = "Minibatch size (≥ 1); the gradient is the mean over the batch.")
    protected int minibatchSize = 32;

    @Config(description = "Reshuffle the training data every epoch.")
    protected boolean shuffle = true;

    @Config(description = "Seed of the random generator all randomness is split from.")
    protected long seed = Trainer.DEFAULT_SEED;

    @Config(description = "Evaluate task metrics on the whole training set at every epoch end (costs one inference pass).")
    protected boolean trainMetricsEachEpoch = true;

    @Config(description = "Hook 1: minibatch transforms (noise, mixup, label smoothing, ...), in order.")
    protected List<BatchTransform> batchTransforms = new ArrayList<>();

    @Config(description = "Hook 2: noise on the weights during training (DropConnect, weight noise), in order.")
    protected List<WeightPerturbation> weightPerturbations = new ArrayList<>();

    @Config(description = "Hook 2: layer plugins (dropout family, normalization), asked at every slot in order.")
    protected List<LayerPlugin> layerPlugins = new ArrayList<>();

    @Config(description = "Hooks 2-4 as one: a loss hook that owns the forward and backward passes (R-Drop); at most one.")
    protected List<LossHook> lossHooks = new ArrayList<>();

    @Config(description = "Hook 3: penalties on the parameters (L1, L2, elastic net, ...).")
    protected List<Penalty> penalties = new ArrayList<>();

    @Config(description = "Hook 5: gradient transforms (clipping), in order.")
    protected List<GradientTransform> gradientTransforms = new ArrayList<>();

    @Config(description = "Hook 7: constraints projected after each step (max-norm, ...).")
    protected List<Constraint> constraints = new ArrayList<>();

    @Config(description = "Hook 8: stopping rules asked at every epoch end (early stopping).")
    protected List<StoppingRule> stoppingRules = new ArrayList<>();

    private SplittableRandom rng;
    private int invocations = 0;

    /** For OLCUT and subclasses. */
    protected AbstractMLPTrainer() {}

    @Override
    public synchronized void postConfig() {
        if (hiddenLayerSizes == null) {
            hiddenLayerSizes = new int[0];
        }
        for (int i = 0; i < hiddenLayerSizes.length; i++) {
            if (hiddenLayerSizes[i] < 1) {
                throw new PropertyException("", "hiddenLayerSizes", "expected every hidden layer size ≥ 1, found "
                        + hiddenLayerSizes[i] + " at position " + i);
            }
        }
        if (residual) {
            for (int h : hiddenLayerSizes) {
                if (h != hiddenLayerSizes[0]) {
                    throw new PropertyException("", "hiddenLayerSizes", "residual blocks need equal hidden layer sizes, found "
                            + Arrays.toString(hiddenLayerSizes));
                }
            }
            if (hiddenLayerSizes.length < 2) {
                throw new PropertyException("", "residual", "residual blocks need at least two hidden layers, found "
                        + hiddenLayerSizes.length);
            }
        }
        if (epochs < 1) {
            throw new PropertyException("", "epochs", "expected epochs ≥ 1, found " + epochs);
        }
        if (minibatchSize < 1) {
            throw new PropertyException("", "minibatchSize", "expected minibatchSize ≥ 1, found " + minibatchSize);
        }
        requireNonNull(activation, "activation");
        requireNonNull(initializer, "initializer");
        requireNonNull(optimizer, "optimizer");
        batchTransforms = nonNullList(batchTransforms, "batchTransforms");
        layerPlugins = nonNullList(layerPlugins, "layerPlugins");
        weightPerturbations = nonNullList(weightPerturbations, "weightPerturbations");
        penalties = nonNullList(penalties, "penalties");
        gradientTransforms = nonNullList(gradientTransforms, "gradientTransforms");
        constraints = nonNullList(constraints, "constraints");
        stoppingRules = nonNullList(stoppingRules, "stoppingRules");
        lossHooks = nonNullList(lossHooks, "lossHooks");
        if (lossHooks.size() > 1) {
            throw new PropertyException("", "lossHooks", "expected at most one loss hook (each one owns the forward and "
                    + "backward passes), found " + lossHooks);
        }
        this.rng = new SplittableRandom(seed);
    }

    private static void requireNonNull(Object o, String property) {
        if (o == null) {
            throw new PropertyException("", property, "expected a value for " + property + ", found null");
        }
    }

    private static <E> List<E> nonNullList(List<E> list, String property) {
        if (list == null) {
            return new ArrayList<>();
        }
        for (E e : list) {
            requireNonNull(e, property);
        }
        return list;
    }

    /** @return the output width the network needs for this output domain */
    protected abstract int outputWidth(ImmutableOutputInfo<T> outputInfo);

    /**
     * @param examples the training examples
     * @param outputInfo the output domain
     * @return target rows (and the standardization applied, if any)
     */
    protected abstract TargetEncoding encodeTargets(List<Example<T>> examples, ImmutableOutputInfo<T> outputInfo);

    /** @return the data loss (and head) */
    protected abstract Loss loss();

    /** @return the task metrics computed at each epoch end */
    protected abstract EpochEvaluator epochEvaluator();

    /**
     * Wraps a trained network into a model.
     * @param provenance the model provenance
     * @param featureMap the feature domain
     * @param outputInfo the output domain
     * @param network the trained network
     * @param encoding the target encoding used in training
     * @param history the training history
     * @return the model
     */
    protected abstract Model<T> createModel(ModelProvenance provenance, ImmutableFeatureMap featureMap,
                                            ImmutableOutputInfo<T> outputInfo, Network network,
                                            TargetEncoding encoding, TrainingHistory history);

    @Override
    public Model<T> train(Dataset<T> examples, Map<String, Provenance> runProvenance) {
        return train(examples, runProvenance, INCREMENT_INVOCATION_COUNT);
    }

    @Override
    public Model<T> train(Dataset<T> dataset, Map<String, Provenance> runProvenance, int invocationCount) {
        return train(dataset, null, runProvenance, invocationCount);
    }

    /**
     * Trains with explicit validation data (evaluated at every epoch end, seen by stopping rules).
     * Without it, rows are held out of {@code dataset} when a stopping rule asks for a validation
     * fraction; with it, no rows are held out, and an INFO line names the rules whose fraction is
     * ignored.
     * @param dataset the training data
     * @param validation validation data, or null
     * @param runProvenance extra provenance for the model
     * @param invocationCount the invocation count to train at, or {@link #INCREMENT_INVOCATION_COUNT}
     * @return the model
     */
    public Model<T> train(Dataset<T> dataset, Dataset<T> validation, Map<String, Provenance> runProvenance, int invocationCount) {
        if (dataset.size() == 0) {
            throw new IllegalArgumentException("cannot train on an empty dataset");
        }
        SplittableRandom runRng;
        TrainerProvenance trainerProvenance;
        synchronized (this) {
            if (invocationCount != INCREMENT_INVOCATION_COUNT) {
                setInvocationCount(invocationCount);
            }
            runRng = rng.split();
            trainerProvenance = getProvenance();
            invocations++;
        }
        ImmutableFeatureMap featureMap = dataset.getFeatureIDMap();
        ImmutableOutputInfo<T> outputInfo = dataset.getOutputIDInfo();
        SplittableRandom networkRng = runRng.split();
        SplittableRandom loopRng = runRng.split();
        List<Example<T>> trainRows = new ArrayList<>(dataset.getData());
        List<Example<T>> validRows = validation == null ? List.of() : new ArrayList<>(validation.getData());
        double holdOut = validationHoldOut();
        if (validation != null && holdOut > 0) {
            logSuppliedValidation(validRows.size());
        } else if (holdOut > 0) {
            List<List<Example<T>>> parts = holdOut(trainRows, holdOut, runRng.split());
            trainRows = parts.get(0);
            validRows = parts.get(1);
        }
        FeatureRows rows = FeatureRows.of(trainRows, featureMap);
        TargetEncoding targets = encodeTargets(trainRows, outputInfo);
        org.occam.core.math.Matrix validX = null;
        org.occam.core.math.Matrix validY = null;
        if (!validRows.isEmpty()) {
            validX = FeatureRows.of(validRows, featureMap).matrix();
            validY = encodeLike(validRows, outputInfo, targets).targets();
        }
        Hooks hooks = hooks();
        Network network = MlpBuilder.build(featureMap.size(), hiddenLayerSizes, activation, outputWidth(outputInfo),
                initializer, hooks.layerPlugins(), residual, networkRng);
        TrainingPlan plan = new TrainingPlan(epochs, minibatchSize, shuffle, trainMetricsEachEpoch, optimizer, hooks);
        TrainingHistory history = new TrainingLoop(network, loss(), plan, epochEvaluator(), rows.matrix(),
                targets.targets(), validX, validY, loopRng).run();
        logger.fine(() -> "trained " + network + ": " + history.stopReason());
        ModelProvenance provenance = new ModelProvenance(modelClassName(), OffsetDateTime.now(),
                dataset.getProvenance(), trainerProvenance, runProvenance);
        return createModel(provenance, featureMap, outputInfo, network, targets, history);
    }

    private double validationHoldOut() {
        double f = 0;
        for (StoppingRule r : stoppingRules) {
            f = Math.max(f, r.validationFraction());
        }
        return f;
    }

    /** Says which stopping rules' validation fractions the supplied validation rows replace. */
    private void logSuppliedValidation(int rows) {
        List<String> asking = new ArrayList<>();
        for (StoppingRule r : stoppingRules) {
            if (r.validationFraction() > 0) {
                asking.add(r.toString());
            }
        }
        logger.info(() -> "stopping rule " + String.join(", ", asking) + ": its validationFraction is ignored; the "
                + rows + " validation rows given to train (e.g. the experiment's validation split) are used instead of a hold-out");
    }

    /** Splits rows at random into (kept, held out); at least one row stays on each side. */
    private static <E> List<List<E>> holdOut(List<E> rows, double fraction, SplittableRandom rng) {
        int n = rows.size();
        int held = (int) Math.round(fraction * n);
        if (held < 1 || held >= n) {
            throw new IllegalArgumentException("a validation fraction of " + fraction + " of " + n
                    + " rows leaves an empty training or validation set");
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] heldIdx = Arrays.copyOfRange(order, 0, held);
        Arrays.sort(heldIdx);
        boolean[] isHeld = new boolean[n];
        for (int i : heldIdx) {
            isHeld[i] = true;
        }
        List<E> kept = new ArrayList<>();
        List<E> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            (isHeld[i] ? out : kept).add(rows.get(i));
        }
        return List.of(kept, out);
    }

    /**
     * Encodes validation targets the way the training targets were encoded (same standardization).
     * @param examples the validation examples
     * @param outputInfo the output domain
     * @param training the training encoding
     * @return the validation targets
     */
    protected TargetEncoding encodeLike(List<Example<T>> examples, ImmutableOutputInfo<T> outputInfo, TargetEncoding training) {
        return encodeTargets(examples, outputInfo);
    }

    /** @return the class name recorded in the model provenance */
    protected abstract String modelClassName();

    @Override
    public synchronized int getInvocationCount() {
        return invocations;
    }

    @Override
    public synchronized void setInvocationCount(int invocationCount) {
        if (invocationCount < 0) {
            throw new IllegalArgumentException("The supplied invocationCount is less than zero.");
        }
        rng = new SplittableRandom(seed);
        for (invocations = 0; invocations < invocationCount; invocations++) {
            rng.split();
        }
    }

    @Override
    public TrainerProvenance getProvenance() {
        return new TrainerProvenanceImpl(this);
    }

    /** @return the hidden layer sizes (a copy) */
    public int[] hiddenLayerSizes() {
        return hiddenLayerSizes.clone();
    }

    /** @return the seed */
    public long seed() {
        return seed;
    }

    /** @return the number of epochs */
    public int epochs() {
        return epochs;
    }

    /** @return the minibatch size */
    public int minibatchSize() {
        return minibatchSize;
    }

    /** @return the penalties (unmodifiable) */
    public List<Penalty> penalties() {
        return List.copyOf(penalties);
    }

    /** @return the configured plugin lists, one per hook */
    public Hooks hooks() {
        return new Hooks(batchTransforms, layerPlugins, weightPerturbations, lossHooks, penalties, gradientTransforms,
                constraints, stoppingRules);
    }

    /** Sets every plugin list from one value (the builder's path). */
    private void setHooks(Hooks h) {
        batchTransforms = new ArrayList<>(h.batchTransforms());
        layerPlugins = new ArrayList<>(h.layerPlugins());
        weightPerturbations = new ArrayList<>(h.weightPerturbations());
        lossHooks = new ArrayList<>(h.lossHooks());
        penalties = new ArrayList<>(h.penalties());
        gradientTransforms = new ArrayList<>(h.gradientTransforms());
        constraints = new ArrayList<>(h.constraints());
        stoppingRules = new ArrayList<>(h.stoppingRules());
    }

    /**
     * Fluent construction from code (OLCUT configures the fields directly). Unset settings keep
     * the field defaults; {@code build()} validates through {@code postConfig()}.
     * @param <B> the concrete builder
     * @param <R> the trainer it builds
     */
    public abstract static class Builder<B extends Builder<B, R>, R extends AbstractMLPTrainer<?>> {
        private int[] hiddenLayerSizes;
        private Activation activation;
        private Boolean residual;
        private Initializer initializer;
        private Optimizer optimizer;
        private Integer epochs;
        private Integer minibatchSize;
        private Boolean shuffle;
        private Long seed;
        private Boolean trainMetricsEachEpoch;
        private Hooks hooks = Hooks.none();

        /** For subclasses. */
        protected Builder() {}

        /** @return this builder */
        protected abstract B self();

        /** @return a new, validated trainer */
        public abstract R build();

        /** @param sizes hidden layer widths (none for a linear model) @return this */
        public B hiddenLayerSizes(int... sizes) { this.hiddenLayerSizes = sizes.clone(); return self(); }
        /** @param r residual blocks for hidden layers 2..H @return this */
        public B residual(boolean r) { this.residual = r; return self(); }
        /** @param a hidden activation @return this */
        public B activation(Activation a) { this.activation = a; return self(); }
        /** @param i weight initializer @return this */
        public B initializer(Initializer i) { this.initializer = i; return self(); }
        /** @param o optimizer @return this */
        public B optimizer(Optimizer o) { this.optimizer = o; return self(); }
        /** @param e epochs @return this */
        public B epochs(int e) { this.epochs = e; return self(); }
        /** @param b minibatch size @return this */
        public B minibatchSize(int b) { this.minibatchSize = b; return self(); }
        /** @param s reshuffle every epoch @return this */
        public B shuffle(boolean s) { this.shuffle = s; return self(); }
        /** @param s seed @return this */
        public B seed(long s) { this.seed = s; return self(); }
        /** @param t evaluate the training set each epoch @return this */
        public B trainMetricsEachEpoch(boolean t) { this.trainMetricsEachEpoch = t; return self(); }
        /** @param h every plugin list at once @return this */
        public B hooks(Hooks h) { this.hooks = h; return self(); }
        /** @param t batch transforms @return this */
        public B batchTransforms(BatchTransform... t) { this.hooks = hooks.withBatchTransforms(List.of(t)); return self(); }
        /** @param p layer plugins @return this */
        public B layerPlugins(LayerPlugin... p) { this.hooks = hooks.withLayerPlugins(List.of(p)); return self(); }
        /** @param w weight perturbations @return this */
        public B weightPerturbations(WeightPerturbation... w) { this.hooks = hooks.withWeightPerturbations(List.of(w)); return self(); }
        /** @param l the loss hook(s), at most one @return this */
        public B lossHooks(LossHook... l) { this.hooks = hooks.withLossHooks(List.of(l)); return self(); }
        /** @param p penalties @return this */
        public B penalties(Penalty... p) { this.hooks = hooks.withPenalties(List.of(p)); return self(); }
        /** @param t gradient transforms @return this */
        public B gradientTransforms(GradientTransform... t) { this.hooks = hooks.withGradientTransforms(List.of(t)); return self(); }
        /** @param c constraints @return this */
        public B constraints(Constraint... c) { this.hooks = hooks.withConstraints(List.of(c)); return self(); }
        /** @param r stopping rules @return this */
        public B stoppingRules(StoppingRule... r) { this.hooks = hooks.withStoppingRules(List.of(r)); return self(); }

        /**
         * Copies the set values into a trainer (before its {@code postConfig()}).
         * @param t the trainer
         */
        protected void applyTo(AbstractMLPTrainer<?> t) {
            if (hiddenLayerSizes != null) { t.hiddenLayerSizes = hiddenLayerSizes.clone(); }
            if (activation != null) { t.activation = activation; }
            if (residual != null) { t.residual = residual; }
            if (initializer != null) { t.initializer = initializer; }
            if (optimizer != null) { t.optimizer = optimizer; }
            if (epochs != null) { t.epochs = epochs; }
            if (minibatchSize != null) { t.minibatchSize = minibatchSize; }
            if (shuffle != null) { t.shuffle = shuffle; }
            if (seed != null) { t.seed = seed; }
            if (trainMetricsEachEpoch != null) { t.trainMetricsEachEpoch = trainMetricsEachEpoch; }
            t.setHooks(hooks);
        }
    }

    /** @return the shared part of {@link #toString()} */
    protected String describe() {
        return "hiddenLayerSizes=" + Arrays.toString(hiddenLayerSizes) + ",residual=" + residual + ",activation=" + activation
                + ",initializer=" + initializer + ",optimizer=" + optimizer + ",epochs=" + epochs
                + ",minibatchSize=" + minibatchSize + ",shuffle=" + shuffle + ",seed=" + seed
                + "," + hooks().describe(List::toString);
    }
}
