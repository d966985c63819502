package org.occam.core.train;

import org.occam.core.history.EpochRecord;
import org.occam.core.history.LayerStats;
import org.occam.core.history.TrainingHistory;
import org.occam.core.math.Matrix;
import org.occam.core.nn.ActivationLayer;
import org.occam.core.nn.Dense;
import org.occam.core.nn.Layer;
import org.occam.core.nn.Loss;
import org.occam.core.nn.Mode;
import org.occam.core.nn.Network;
import org.occam.core.nn.Parameter;
import org.occam.core.spi.Batch;
import org.occam.core.spi.BatchTransform;
import org.occam.core.spi.Constraint;
import org.occam.core.spi.GradientTransform;
import org.occam.core.spi.LossHook;
import org.occam.core.spi.Optimizer;
import org.occam.core.spi.Penalty;
import org.occam.core.spi.PenaltyContext;
import org.occam.core.spi.ScopedHook;
import org.occam.core.spi.StoppingRule;
import org.occam.core.spi.TrainingClock;
import org.occam.core.spi.WeightPerturbation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.logging.Logger;

/**
 * One training run: epochs × shuffled minibatches, the gradient the mean over the batch, and the
 * plugin hooks in the fixed order of {@link org.occam.core.spi} — batch transforms, forward and
 * data loss, penalties, backward, gradient transforms, optimizer step (with proximal / decoupled
 * updates), constraints; at each epoch end evaluation, history and stopping rules.
 * <p>
 * Execution: the forward pass, backward pass and optimizer update run through a {@link BatchPass}
 * chosen once per run — the whole batch at once, or data-parallel on two threads for plain MLPs
 * when {@link org.occam.core.math.ThreadPolicy#threads()} ≥ 2 — with the same bits either way.
 * When an L2 penalty is a plain MLP's only penalty ({@link Penalty#squaredNormCoefficient}), the
 * update of a step also writes the next step's penalty gradient and sums of squares
 * ({@link Optimizer.OptimizerRun#stepAndSeed}): the sums are chains of dependent additions that
 * bound a pass of their own, and in the update's loop they run alongside its loads and stores.
 * <p>
 * Randomness: the run's generator is split once for shuffling and once per batch transform, in
 * that order, so the same seed gives the same bits.
 * <p>
 * Divergence: the run stops with a {@link TrainingDivergedException} when a loss or a parameter
 * becomes non-finite, or when a minibatch's data loss exceeds {@value #BLOW_UP_FACTOR} × max(L₀, 1),
 * with L₀ the data loss of the run's first minibatch (before any update): a finite blow-up, such
 * as plain SGD with a learning rate far too large for unscaled targets, is not a result.
 */
public final class TrainingLoop {
    private static final Logger logger = Logger.getLogger(TrainingLoop.class.getName());
    private static final int EVAL_CHUNK = 1024;
    /** A minibatch data loss above this many times max(first minibatch's data loss, 1) is a divergence. */
    public static final double BLOW_UP_FACTOR = 1e6;

    private final Network network;
    private final Loss loss;
    private final TrainingPlan plan;
    private final EpochEvaluator evaluator;
    private final Matrix x;
    private final Matrix y;
    private final Matrix validX;
    private final Matrix validY;
    private final SplittableRandom shuffleRng;
    private final List<SplittableRandom> transformRngs = new ArrayList<>();
    private final List<SplittableRandom> perturbationRngs = new ArrayList<>();
    private final List<List<Parameter>> perturbed = new ArrayList<>();
    /** The one channel for loss terms besides the data loss: penalties, then layers' own terms, then the loss hook's. */
    private final List<String> termNames = new ArrayList<>();
    private final List<List<Parameter>> penalized = new ArrayList<>();
    private final List<List<Parameter>> clipped = new ArrayList<>();
    private final List<List<Parameter>> constrained = new ArrayList<>();
    private final List<Layer> auxiliaryLayers = new ArrayList<>();
    /** The loss hook, or null for the plain forward pass, data loss and backward pass. */
    private final LossHook lossHook;
    private final LossHook.Pass lossHookPass;
    private final double[] lossHookTerms;
    private final Optimizer.OptimizerRun optimizerRun;
    private final List<StoppingRule.StoppingMonitor> monitors = new ArrayList<>();
    private final TrainingHistory history = new TrainingHistory();
    private final int batchesPerEpoch;
    /** The minibatches' rows, gathered ahead. */
    private final MinibatchRows minibatchRows;
    /** How forward, backward and the update of a minibatch are executed. */
    private final BatchPass pass;
    /**
     * A plain MLP ({@link Dense} and {@link ActivationLayer} layers) without a loss hook: every
     * gradient access goes through {@link Parameter#gradient()}, so the step's gradients are
     * {@linkplain Network#discardGradients() discarded} rather than zeroed.
     */
    private final boolean plainMlp;
    /**
     * The penalty (index into the penalties) whose next-step gradient and sums of squares the optimizer
     * update forms ({@link Optimizer.OptimizerRun#stepAndSeed}), or −1: an L2 penalty
     * ({@link Penalty#squaredNormCoefficient}) that is the run's only penalty, on a plain MLP whose
     * weights nothing but the optimizer changes between steps. Not across epoch ends.
     */
    private final int seededPenalty;
    /** Whether runs may seed a penalty at updates (an in-process switch for A/B measurements and tests). */
    static boolean seedPenalties = true;
    /** The seeded tensors' Σw², from the last update. */
    private double[] seededSquares;
    /** The penalty's coefficient c of the last update's seed (for the coming step), NaN when not seeded. */
    private double seededCoefficient = Double.NaN;
    /** The data loss of the run's first minibatch, NaN before it. */
    private double firstDataLoss = Double.NaN;

    // per-epoch accumulators and reused buffers
    private double epochDataLoss;
    private double[] epochTermLoss;
    private long epochRows;
    private double lastLearningRate;
    private Matrix batchX;
    private Matrix batchY;
    private Matrix gradOut;
    /** When the current batch's gathering started (only with {@link PhaseTimes#ENABLED}). */
    private long batchStart;

    /**
     * @param network the freshly initialized network (trained in place)
     * @param loss the data loss (and head)
     * @param plan epochs, batch size and plugins
     * @param evaluator task metrics at epoch ends
     * @param x training inputs, n × features
     * @param y training targets, n × outputs
     * @param validX validation inputs, or null
     * @param validY validation targets, or null
     * @param rng the run's generator
     */
    public TrainingLoop(Network network, Loss loss, TrainingPlan plan, EpochEvaluator evaluator,
                        Matrix x, Matrix y, Matrix validX, Matrix validY, SplittableRandom rng) {
        if (x.rows() == 0) {
            throw new IllegalArgumentException("cannot train on an empty dataset");
        }
        if (x.rows() != y.rows()) {
            throw new IllegalArgumentException("inputs have " + x.rows() + " rows, targets " + y.rows());
        }
        if (x.cols() != network.inputWidth() || y.cols() != network.outputWidth()) {
            throw new IllegalArgumentException("data is " + x.cols() + "→" + y.cols() + " wide, network "
                    + network.inputWidth() + "→" + network.outputWidth());
        }
        this.network = network;
        this.loss = loss;
        this.plan = plan;
        this.evaluator = evaluator;
        this.x = x;
        this.y = y;
        this.validX = validX;
        this.validY = validY;
        this.shuffleRng = rng.split();
        for (int i = 0; i < plan.batchTransforms().size(); i++) {
            transformRngs.add(rng.split());
        }
        for (WeightPerturbation w : plan.weightPerturbations()) {
            perturbationRngs.add(rng.split());
            perturbed.add(select(w, w.getClass().getSimpleName()));
        }
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (Penalty p : plan.penalties()) {
            String base = p.getClass().getSimpleName();
            int k = seen.merge(base, 1, Integer::sum);
            String name = k == 1 ? base : base + "#" + k;
            termNames.add(name);
            List<Parameter> selected = select(p, name);
            penalized.add(selected);
            List<String> tensorNames = new ArrayList<>();
            selected.forEach(t -> tensorNames.add(t.name()));
            history.putPenalizedTensors(name, tensorNames);
        }
        for (GradientTransform t : plan.gradientTransforms()) {
            clipped.add(select(t, t.getClass().getSimpleName()));
        }
        for (Constraint c : plan.constraints()) {
            constrained.add(select(c, c.getClass().getSimpleName()));
        }
        for (Layer l : network.allLayers()) {
            if (l.hasAuxiliaryLoss()) {
                auxiliaryLayers.add(l);
                termNames.add(l.name());
            }
        }
        this.lossHook = plan.lossHooks().isEmpty() ? null : plan.lossHooks().get(0);
        this.lossHookTerms = lossHook == null ? new double[0] : new double[lossHook.termNames().size()];
        if (lossHook != null) {
            termNames.addAll(lossHook.termNames());
        }
        this.lossHookPass = lossHook == null ? null : new WholeBatchPass();
        this.optimizerRun = plan.optimizer().start(network.parameters());
        for (StoppingRule r : plan.stoppingRules()) {
            monitors.add(r.start());
        }
        this.batchesPerEpoch = (x.rows() + plan.batchSize() - 1) / plan.batchSize();
        this.minibatchRows = new MinibatchRows(x, y, plan.batchSize(), MinibatchRows.DEFAULT_CHUNK_VALUES,
                MinibatchRows.GATHER_AHEAD_MIN_VALUES);
        // A loss hook drives whole-batch passes itself (lossHookPass), so its runs take the whole-batch strategy.
        this.pass = lossHook == null ? BatchPass.choose(network, nothingReadsGradientsBeforeStep())
                : new BatchPass.WholeBatch(network);
        this.plainMlp = lossHook == null && network.isPlainMlp();
        this.seededPenalty = seededPenalty();
        this.seededSquares = seededPenalty < 0 ? null : new double[penalized.get(seededPenalty).size()];
    }

    /** @return the penalty to seed at updates ({@link #seededPenalty}), or −1 */
    private int seededPenalty() {
        if (!seedPenalties || !plainMlp || plan.penalties().size() != 1 || !plan.weightPerturbations().isEmpty()
                || !plan.constraints().isEmpty() || penalized.get(0).isEmpty()) {
            return -1;
        }
        Penalty p = plan.penalties().get(0);
        return p.actsAfterStep() || overridesBeforeStep(p) ? -1 : 0;
    }

    /** @return true if the penalty has its own {@link Penalty#beforeStep} (or it cannot be told) */
    private static boolean overridesBeforeStep(Penalty p) {
        try {
            return p.getClass().getMethod("beforeStep", Parameter.class, PenaltyContext.class).getDeclaringClass()
                    != Penalty.class;
        } catch (NoSuchMethodException e) {
            return true;
        }
    }

    /**
     * @return true if nothing between the backward pass and the optimizer step reads or changes the
     *         gradients: no weight perturbations (their undo maps gradients), gradient transforms,
     *         layers' own loss terms, and no penalty with its own {@link Penalty#beforeStep}
     */
    private boolean nothingReadsGradientsBeforeStep() {
        if (!plan.weightPerturbations().isEmpty() || !plan.gradientTransforms().isEmpty() || !auxiliaryLayers.isEmpty()) {
            return false;
        }
        for (Penalty p : plan.penalties()) {
            if (overridesBeforeStep(p)) {
                return false;
            }
        }
        return true;
    }

    /** Resolves a hook's scope against the network, once per run. */
    private List<Parameter> select(ScopedHook hook, String name) {
        return List.copyOf(hook.scope().select(name, network.parameters()));
    }

    /**
     * Trains the network in place.
     * @return the history, including why training stopped
     */
    public TrainingHistory run() {
        int n = x.rows();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        long iteration = 0;
        String stopReason = "completed " + plan.epochs() + " epochs";
        for (int epoch = 0; epoch < plan.epochs(); epoch++) {
            long start = System.nanoTime();
            if (plan.shuffle()) {
                shuffle(order);
                minibatchRows.newOrder();
            }
            resetEpochAccumulators();
            for (int b = 0; b < batchesPerEpoch; b++) {
                int from = b * plan.batchSize();
                int size = Math.min(plan.batchSize(), n - from);
                TrainingClock clock = new TrainingClock(epoch, iteration++, b, batchesPerEpoch, plan.epochs());
                step(gatherBatch(order, from, size), clock);
            }
            long end = PhaseTimes.ENABLED ? System.nanoTime() : 0;
            EpochRecord record = endOfEpoch(epoch, System.nanoTime() - start);
            history.add(record);
            TrainingProgress.epochFinished(record);
            Optional<String> stop = askStoppingRules(record);
            if (PhaseTimes.ENABLED) {
                PhaseTimes.lap(PhaseTimes.Phase.EPOCH_END, end);
            }
            if (stop.isPresent()) {
                stopReason = "stopped after epoch " + (epoch + 1) + ": " + stop.get();
                break;
            }
        }
        history.setStopReason(finishStoppingRules(stopReason));
        return history;
    }

    /**
     * One minibatch, hooks 1–7. Penalty terms are evaluated on the unperturbed weights, so when
     * weight perturbations are configured they are added after the perturbation is undone; gradients
     * add up, so the order changes nothing but rounding.
     */
    private void step(Batch batch, TrainingClock clock) {
        int rows = batch.size();                                           // the real batch: b and the epoch weights
        batch = applyBatchTransforms(batch, clock);                       // 1
        if (plainMlp) {
            network.discardGradients();                                    //    (zeroed lazily or written whole)
        } else {
            network.zeroGradients();
        }
        List<Runnable> undo = perturbWeights(clock);                       // 2: parameter noise,
        PenaltyContext ctx = new PenaltyContext(x.rows(), rows, clock);
        if (lossHook != null) {
            stepWithLossHook(batch, clock, ctx, undo, rows);
            return;
        }
        long t = PhaseTimes.ENABLED ? PhaseTimes.lap(PhaseTimes.Phase.BATCH, batchStart) : 0;
        Matrix output = pass.forward(batch.inputs());                      //    forward, data loss
        if (PhaseTimes.ENABLED) {
            t = PhaseTimes.lap(PhaseTimes.Phase.FORWARD, t);
        }
        gradOut = Matrix.reuse(gradOut, output.rows(), output.cols());
        double dataLoss = loss.lossAndGradient(output, batch.targets(), gradOut);
        if (PhaseTimes.ENABLED) {
            t = PhaseTimes.lap(PhaseTimes.Phase.LOSS, t);
        }
        double penaltyLoss = undo.isEmpty() ? applyPenalties(ctx) : 0;     // 3
        checkDivergence(dataLoss, penaltyLoss, clock);
        if (PhaseTimes.ENABLED) {
            t = PhaseTimes.lap(PhaseTimes.Phase.PENALTY, t);
        }
        pass.backward(gradOut);                                            // 4
        if (PhaseTimes.ENABLED) {
            t = PhaseTimes.lap(PhaseTimes.Phase.BACKWARD, t);
        }
        penaltyLoss += applyAuxiliaryLosses(ctx);
        if (!undo.isEmpty()) {
            undo.forEach(Runnable::run);
            penaltyLoss += applyPenalties(ctx);                            // 3, on the restored weights
            checkDivergence(dataLoss, penaltyLoss, clock);
        }
        applyGradientTransforms(clock);                                    // 5
        List<java.util.function.DoubleConsumer> pending = beforeStepUpdates(ctx);
        lastLearningRate = optimizerStep(clock);                           // 6
        runBeforeStepUpdates(pending, lastLearningRate);
        applyAfterStepUpdates(lastLearningRate, ctx);
        applyConstraints();                                                // 7
        epochDataLoss += dataLoss * rows;
        epochRows += rows;
        if (PhaseTimes.ENABLED) {
            PhaseTimes.lap(PhaseTimes.Phase.UPDATE, t);
        }
    }

    /**
     * One minibatch with a loss hook, which replaces forward, data loss and backward (hooks 2–4).
     * Penalty gradients go in first (on the unperturbed weights unless perturbations are active),
     * exactly as they would before backward.
     */
    private void stepWithLossHook(Batch batch, TrainingClock clock, PenaltyContext ctx, List<Runnable> undo, int rows) {
        double penaltyLoss = undo.isEmpty() ? applyPenalties(ctx) : 0;     // 3
        double dataLoss = lossHook.forwardBackward(batch, lossHookPass, lossHookTerms, clock);   // 2, 4
        double hookLoss = reportLossHookTerms(ctx);
        checkDivergence(dataLoss, penaltyLoss + hookLoss, clock);
        penaltyLoss += applyAuxiliaryLosses(ctx);
        if (!undo.isEmpty()) {
            undo.forEach(Runnable::run);
            penaltyLoss += applyPenalties(ctx);                            // 3, on the restored weights
            checkDivergence(dataLoss, penaltyLoss, clock);
        }
        applyGradientTransforms(clock);                                    // 5
        List<java.util.function.DoubleConsumer> pending = beforeStepUpdates(ctx);
        lastLearningRate = optimizerRun.step(clock);                       // 6
        runBeforeStepUpdates(pending, lastLearningRate);
        applyAfterStepUpdates(lastLearningRate, ctx);
        applyConstraints();                                                // 7
        epochDataLoss += dataLoss * rows;
        epochRows += rows;
    }

    /**
     * The optimizer's update; when the next step is in this epoch and the penalty can be
     * {@linkplain #seededPenalty seeded}, with the next step's penalty gradient and sums formed in it.
     */
    private double optimizerStep(TrainingClock clock) {
        seededCoefficient = Double.NaN;
        int next = clock.batchInEpoch() + 1;
        if (seededPenalty >= 0 && next < batchesPerEpoch) {
            int rows = Math.min(plan.batchSize(), x.rows() - next * plan.batchSize());
            PenaltyContext ctx = new PenaltyContext(x.rows(), rows, new TrainingClock(clock.epoch(),
                    clock.iteration() + 1, next, batchesPerEpoch, plan.epochs()));
            double c = plan.penalties().get(seededPenalty).squaredNormCoefficient(ctx);
            if (!Double.isNaN(c)) {
                List<Parameter> seeded = penalized.get(seededPenalty);
                double eta = pass.optimizerStep(() -> optimizerRun.stepAndSeed(clock, seeded, 2 * c, seededSquares));
                seededCoefficient = c;
                return eta;
            }
        }
        return pass.optimizerStep(optimizerRun, clock);
    }

    /**
     * The seeded penalty's loss for this step, its gradients already written by the last update
     * (they count as this step's, so their discarded marks are cleared): the terms c·Σw² added in the
     * selection's order, as the penalty adds them.
     * @return the loss, or NaN when the last update did not seed this step (or with another c, or the sum is NaN)
     */
    private double seededPenaltyLoss(PenaltyContext ctx) {
        double c = seededCoefficient;
        seededCoefficient = Double.NaN;
        if (Double.isNaN(c) || Double.doubleToRawLongBits(c)
                != Double.doubleToRawLongBits(plan.penalties().get(seededPenalty).squaredNormCoefficient(ctx))) {
            return Double.NaN;
        }
        double l = 0;
        for (double squares : seededSquares) {
            l += c * squares;
        }
        if (!Double.isNaN(l)) {                                           // (NaN: the penalty recomputes and writes)
            for (Parameter p : penalized.get(seededPenalty)) {
                p.takeDiscardedGradient();
            }
        }
        return l;
    }

    /** The loss hook's own terms, reported after the layers' terms. */
    private double reportLossHookTerms(PenaltyContext ctx) {
        double total = 0;
        int first = penalized.size() + auxiliaryLayers.size();
        for (int i = 0; i < lossHookTerms.length; i++) {
            reportTerm(first + i, lossHookTerms[i], ctx);
            total += lossHookTerms[i];
        }
        return total;
    }

    /** The one channel: adds a term's minibatch value to its epoch sum, weighted by the real batch size. */
    private void reportTerm(int index, double value, PenaltyContext ctx) {
        epochTermLoss[index] += value * ctx.batchSize();
    }

    /** The network as a loss hook drives it: whole-batch TRAIN passes. */
    private final class WholeBatchPass implements LossHook.Pass {
        @Override
        public Matrix forward(Matrix inputs) {
            return network.forward(inputs, Mode.TRAIN);
        }

        @Override
        public void backward(Matrix gradOutput) {
            network.backward(gradOutput);
        }

        @Override
        public Loss loss() {
            return loss;
        }
    }

    /** Replaces selected weights by their perturbed values; the returned actions restore them and map the gradients. */
    private List<Runnable> perturbWeights(TrainingClock clock) {
        if (perturbed.isEmpty()) {
            return List.of();
        }
        List<Runnable> undo = new ArrayList<>();
        for (int i = 0; i < perturbed.size(); i++) {
            WeightPerturbation w = plan.weightPerturbations().get(i);
            for (Parameter p : perturbed.get(i)) {
                double[] original = p.value().data().clone();
                WeightPerturbation.Perturbed state = w.perturb(p, clock, perturbationRngs.get(i));
                undo.add(() -> {
                    System.arraycopy(original, 0, p.value().data(), 0, original.length);
                    state.mapGradient(p.gradient().data());
                });
            }
        }
        // restore in reverse order so stacked perturbations of one tensor unwind correctly
        java.util.Collections.reverse(undo);
        return undo;
    }

    private Batch applyBatchTransforms(Batch batch, TrainingClock clock) {
        for (int i = 0; i < plan.batchTransforms().size(); i++) {
            batch = plan.batchTransforms().get(i).apply(batch, clock, transformRngs.get(i));
        }
        return batch;
    }

    private double applyPenalties(PenaltyContext ctx) {
        double total = 0;
        for (int i = 0; i < penalized.size(); i++) {
            Penalty penalty = plan.penalties().get(i);
            double l = i == seededPenalty ? seededPenaltyLoss(ctx) : Double.NaN;
            if (Double.isNaN(l)) {                                          // not seeded (a NaN seed: again, unseeded)
                l = penalty.lossAndAddGradients(penalized.get(i), ctx);
            }
            reportTerm(i, l, ctx);
            total += l;
        }
        return total;
    }

    /** Layers' own loss terms (activity regularization, KL terms), reported after the penalties. */
    private double applyAuxiliaryLosses(PenaltyContext ctx) {
        double total = 0;
        for (int i = 0; i < auxiliaryLayers.size(); i++) {
            Layer l = auxiliaryLayers.get(i);
            double v = l.auxiliaryLoss(ctx.datasetSize(), ctx.batchSize());
            l.addAuxiliaryGradient(ctx.datasetSize(), ctx.batchSize());
            reportTerm(penalized.size() + i, v, ctx);
            total += v;
        }
        if (!Double.isFinite(total)) {
            throw diverged("a layer's own loss term became non-finite (" + total + ")", ctx.clock().epoch() + 1,
                    ctx.clock().batchInEpoch() + 1);
        }
        return total;
    }

    private void applyGradientTransforms(TrainingClock clock) {
        for (int i = 0; i < clipped.size(); i++) {
            plan.gradientTransforms().get(i).apply(clipped.get(i), clock);
        }
    }

    /** The penalties' actions on the weights as they were before the step, run with η after it. */
    private List<java.util.function.DoubleConsumer> beforeStepUpdates(PenaltyContext ctx) {
        List<java.util.function.DoubleConsumer> out = List.of();
        for (int i = 0; i < penalized.size(); i++) {
            for (Parameter p : penalized.get(i)) {
                java.util.function.DoubleConsumer update = plan.penalties().get(i).beforeStep(p, ctx);
                if (update != null) {
                    if (out.isEmpty()) {
                        out = new ArrayList<>();
                    }
                    out.add(update);
                }
            }
        }
        return out;
    }

    private static void runBeforeStepUpdates(List<java.util.function.DoubleConsumer> pending, double learningRate) {
        for (java.util.function.DoubleConsumer update : pending) {
            update.accept(learningRate);
        }
    }

    private void applyAfterStepUpdates(double learningRate, PenaltyContext ctx) {
        for (int i = 0; i < penalized.size(); i++) {
            Penalty penalty = plan.penalties().get(i);
            if (penalty.actsAfterStep()) {
                for (Parameter p : penalized.get(i)) {
                    penalty.afterStep(p, learningRate, ctx);
                }
            }
        }
    }

    private void applyConstraints() {
        for (int i = 0; i < constrained.size(); i++) {
            plan.constraints().get(i).project(constrained.get(i));
        }
    }

    /** Hook 8, first half: evaluation and the history record. */
    private EpochRecord endOfEpoch(int epoch, long nanos) {
        Map<Parameter, Double> maxAbs = new java.util.IdentityHashMap<>();
        List<LayerStats> stats = layerStats(maxAbs);
        for (Parameter p : network.parameters()) {
            Double m = maxAbs.get(p);                  // max |w| is finite exactly when every w is (NaN and ∞ carry through)
            if (m != null ? !Double.isFinite(m) : !p.value().allFinite()) {
                throw diverged("parameter " + p.name() + " became non-finite", epoch + 1, batchesPerEpoch);
            }
        }
        double dataLoss = epochDataLoss / epochRows;
        Map<String, Double> penalties = new LinkedHashMap<>();
        double total = dataLoss;
        for (int i = 0; i < termNames.size(); i++) {
            double v = epochTermLoss[i] / epochRows;
            penalties.put(termNames.get(i), v);
            total += v;
        }
        Map<String, Double> trainMetrics = Map.of();
        if (plan.trainMetricsEachEpoch()) {
            trainMetrics = evaluator.evaluate(predict(x), y);
        }
        double validLoss = Double.NaN;
        Map<String, Double> validMetrics = Map.of();
        if (validX != null) {
            Matrix raw = inferRaw(validX);
            validLoss = loss.lossAndGradient(raw, validY, null);
            loss.toPredictionsInPlace(raw);
            validMetrics = evaluator.evaluate(raw, validY);
        }
        EpochRecord record = new EpochRecord(epoch + 1, dataLoss, penalties, total, validLoss, trainMetrics,
                validMetrics, stats, lastLearningRate, nanos / 1_000_000);
        logger.fine(() -> "epoch " + record.epoch() + " data loss " + record.dataLoss() + " total " + record.totalLoss());
        return record;
    }

    private Optional<String> askStoppingRules(EpochRecord record) {
        for (StoppingRule.StoppingMonitor m : monitors) {
            Optional<String> reason = m.afterEpoch(record, network);
            if (reason.isPresent()) {
                return reason;
            }
        }
        return Optional.empty();
    }

    private String finishStoppingRules(String reason) {
        StringBuilder sb = new StringBuilder(reason);
        for (StoppingRule.StoppingMonitor m : monitors) {
            m.onTrainingEnd(network).ifPresent(note -> sb.append("; ").append(note));
        }
        return sb.toString();
    }

    private Matrix predict(Matrix inputs) {
        Matrix raw = inferRaw(inputs);
        loss.toPredictionsInPlace(raw);
        return raw;
    }

    private Matrix inferRaw(Matrix inputs) {
        return forwardInChunks(network, inputs);
    }

    /**
     * INFER-mode forward pass over many rows, in chunks to bound memory.
     * @param network the network
     * @param inputs rows × features
     * @return raw outputs, rows × outputs
     */
    public static Matrix forwardInChunks(Network network, Matrix inputs) {
        int rows = inputs.rows();
        if (rows <= EVAL_CHUNK) {
            return network.forward(inputs, Mode.INFER);
        }
        Matrix out = new Matrix(rows, network.outputWidth());
        int[] idx = new int[rows];
        for (int i = 0; i < rows; i++) {
            idx[i] = i;
        }
        for (int from = 0; from < rows; from += EVAL_CHUNK) {
            int size = Math.min(EVAL_CHUNK, rows - from);
            Matrix chunk = new Matrix(size, inputs.cols());
            inputs.gatherRowsInto(idx, from, chunk);
            Matrix o = network.forward(chunk, Mode.INFER);
            System.arraycopy(o.data(), 0, out.data(), from * out.cols(), o.size());
        }
        return out;
    }

    /**
     * The weight statistics of every dense layer, each from one pass over its weights (the sums in
     * index order, as {@link Matrix#l1Norm()} and {@link Matrix#squaredL2Norm()} form them).
     * @param maxAbs receives each dense weight's max |w|
     */
    private List<LayerStats> layerStats(Map<Parameter, Double> maxAbs) {
        List<LayerStats> stats = new ArrayList<>();
        double[] s = new double[4];
        for (Layer l : network.allLayers()) {
            if (l instanceof Dense) {
                Dense d = (Dense) l;
                double[] w = d.weight().value().data();
                weightStats(w, s);
                maxAbs.put(d.weight(), s[2]);
                stats.add(new LayerStats(d.name(), s[0], Math.sqrt(s[1]), s[2],
                        w.length == 0 ? 0 : s[3] / w.length, deadUnitFraction(d.name())));
            }
        }
        return stats;
    }

    /**
     * One pass over weights: {@code out = {Σ|w|, Σw², max |w| (from 0), #(|w| < ZERO_THRESHOLD)}}, the
     * sums in index order: the bits of {@link Matrix#l1Norm()}, {@link Matrix#squaredL2Norm()} and
     * {@link Matrix#maxAbs()}. Epoch ends run rarely, so their loops mostly run interpreted or wait for the
     * compiler: one loop instead of four.
     * @param w the weights
     * @param out the four statistics, written
     */
    static void weightStats(double[] w, double[] out) {
        double l1 = 0;
        double sq = 0;
        double max = 0;
        int zeros = 0;
        for (double v : w) {
            double a = Math.abs(v);
            l1 += a;
            sq += v * v;
            max = Math.max(max, a);
            if (a < LayerStats.ZERO_THRESHOLD) {
                zeros++;
            }
        }
        out[0] = l1;
        out[1] = sq;
        out[2] = max;
        out[3] = zeros;
    }

    /** Fraction of rectifier units of a hidden block that were ≤ 0 on every row of the last batch. */
    private double deadUnitFraction(String denseName) {
        for (Layer l : network.allLayers()) {
            if (l instanceof ActivationLayer && l.name().startsWith(denseName + ".")) {
                ActivationLayer a = (ActivationLayer) l;
                List<Matrix> outs = pass.lastTrainingOutputs(a);
                if (!a.activation().isRectifier() || outs.isEmpty()) {
                    return Double.NaN;
                }
                int dead = 0;
                for (int j = 0; j < a.outputWidth(); j++) {
                    boolean alive = false;
                    for (Matrix out : outs) {
                        for (int r = 0; r < out.rows() && !alive; r++) {
                            alive = out.get(r, j) > 0;
                        }
                    }
                    if (!alive) {
                        dead++;
                    }
                }
                return (double) dead / a.outputWidth();
            }
        }
        return Double.NaN;
    }

    /** The divergence rule of the class comment, on one minibatch's losses. */
    private void checkDivergence(double dataLoss, double penaltyLoss, TrainingClock clock) {
        if (!Double.isFinite(dataLoss) || !Double.isFinite(penaltyLoss)) {
            String which = Double.isFinite(dataLoss) ? "penalty loss" : "data loss";
            throw diverged("the " + which + " became non-finite (" + (Double.isFinite(dataLoss) ? penaltyLoss : dataLoss) + ")",
                    clock.epoch() + 1, clock.batchInEpoch() + 1);
        }
        if (Double.isNaN(firstDataLoss)) {
            firstDataLoss = dataLoss;
        } else if (dataLoss > BLOW_UP_FACTOR * Math.max(firstDataLoss, 1.0)) {
            throw diverged("the data loss grew from " + firstDataLoss + " (first minibatch) to " + dataLoss
                    + ", more than " + String.format(java.util.Locale.ROOT, "%.0e", BLOW_UP_FACTOR) + " times",
                    clock.epoch() + 1, clock.batchInEpoch() + 1);
        }
    }

    private TrainingDivergedException diverged(String what, int epoch, int step) {
        return new TrainingDivergedException("training diverged: " + what + " at epoch " + epoch + ", step " + step
                + " of " + batchesPerEpoch + " (learning rate " + lastLearningRate + "). Try a smaller learning rate, "
                + "gradient clipping, or standardized features and targets.", epoch, step);
    }

    private void resetEpochAccumulators() {
        epochDataLoss = 0;
        epochRows = 0;
        epochTermLoss = new double[termNames.size()];
    }

    private void shuffle(int[] order) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = shuffleRng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    private Batch gatherBatch(int[] order, int from, int size) {
        if (PhaseTimes.ENABLED) {
            batchStart = System.nanoTime();
        }
        batchX = Matrix.reuse(batchX, size, x.cols());
        batchY = Matrix.reuse(batchY, size, y.cols());
        minibatchRows.copyBatch(plan.shuffle() ? order : null, from, batchX, batchY);
        return new Batch(batchX, batchY);
    }
}
