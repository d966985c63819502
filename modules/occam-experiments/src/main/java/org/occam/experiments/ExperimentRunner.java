package org.occam.experiments;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import org.occam.core.history.EpochRecord;
import org.occam.core.history.TrainingHistory;
import org.occam.core.model.AbstractMLPModel;
import org.occam.core.train.AbstractMLPTrainer;
import org.occam.core.train.TrainingProgress;
import org.occam.experiments.data.DataException;
import org.occam.experiments.data.LoadedData;
import org.occam.experiments.data.MissingValues;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DoubleProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import org.occam.experiments.data.Partition;
import org.occam.experiments.data.Task;
import org.tribuo.Dataset;
import org.tribuo.Example;


import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Output;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.regression.Regressor;
import org.tribuo.transform.Transformation;
import org.tribuo.transform.TransformTrainer;
import org.tribuo.transform.TransformationMap;
import org.tribuo.transform.TransformedModel;
import org.occam.core.train.StandardScaling;


import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Executes an {@link Experiment}: load, split, train (through Tribuo's {@link TransformTrainer}
 * when features are standardized, so the saved model standardizes its own inputs; see
 * {@link StandardScaling}; an Occam trainer also gets the validation rows, so its history has
 * validation curves), evaluate.
 * Writes nothing; {@link org.occam.experiments.record.RunRecorder} does that. The experiment's provenance goes into the model
 * provenance's run provenance under {@value #EXPERIMENT_KEY}, so a run can be rebuilt from its
 * model provenance alone; it goes in as a {@link PortableProvenance} copy, so the saved model
 * loads with the model modules alone (no class of this module is resolved when reading it).
 */
public final class ExperimentRunner {
    /** The run-provenance key holding the experiment's provenance. */
    public static final String EXPERIMENT_KEY = "occam-experiment";
    /**
     * The run-provenance key holding, under {@link MissingValues#MEAN_IMPUTE}, every feature's mean
     * over the training rows (feature name → mean), the values {@code occam predict} puts into missing cells.
     */
    public static final String IMPUTATION_KEY = "occam-imputation-means";
    /** The run-provenance key holding the class-label spellings that were merged (as written → class). */
    public static final String LABEL_SPELLINGS_KEY = "occam-label-spellings";

    private ExperimentRunner() {}

    /**
     * @param experiment the experiment
     * @param progress told about every epoch (may be null)
     * @return the result
     */
    public static RunResult execute(Experiment experiment, Consumer<EpochRecord> progress) {
        return execute(experiment, progress, null);
    }

    /**
     * What a run has when its training starts: every check of the config and the data has passed.
     * A failure after this point is a failed (or diverged) run, recorded as such; one before it is
     * bad input, and there is no run.
     * @param data the loaded data
     * @param partition its split
     */
    public record Started(LoadedData data, Partition partition) {}

    /**
     * @param experiment the experiment
     * @param progress told about every epoch (may be null)
     * @param trainingStarted told once, just before training starts, after every check of the
     *        config and the data (may be null)
     * @return the result
     */
    public static RunResult execute(Experiment experiment, Consumer<EpochRecord> progress, Consumer<Started> trainingStarted) {
        return execute(experiment, progress, trainingStarted, null);
    }

    /**
     * A trained model with the data and split it was trained on, before its evaluation.
     * @param data the loaded data
     * @param partition the split
     * @param model the trained model
     */
    public record Trained(LoadedData data, Partition partition, Model<?> model) {}

    /**
     * @param experiment the experiment
     * @param progress told about every epoch (may be null)
     * @param trainingStarted told once, just before training starts, after every check of the
     *        config and the data (may be null)
     * @param trained told once, as soon as the model is trained and before it is evaluated (may be
     *        null): what needs only the model and the data (a report's decision boundary) can start
     *        beside the evaluation and the record; it must not change the model
     * @return the result
     */
    public static RunResult execute(Experiment experiment, Consumer<EpochRecord> progress, Consumer<Started> trainingStarted,
                                    Consumer<Trained> trained) {
        long start = System.nanoTime();
        LoadedData data = experiment.data().load();
        Partition partition = experiment.split().split(data.dataset().size());
        RunResult r;
        if (data.task() == Task.CLASSIFICATION) {
            r = executeTyped(experiment, data, partition, Label.class, progress, trainingStarted, trained, start);
        } else {
            r = executeTyped(experiment, data, partition, Regressor.class, progress, trainingStarted, trained, start);
        }
        return r;
    }

    @SuppressWarnings("unchecked")
    private static <T extends Output<T>> RunResult executeTyped(Experiment experiment, LoadedData data, Partition partition,
                                                                Class<T> outputClass, Consumer<EpochRecord> progress,
                                                                Consumer<Started> trainingStarted, Consumer<Trained> trained, long start) {
        MutableDataset<T> all = (MutableDataset<T>) data.dataset();
        if (!all.getOutputFactory().getUnknownOutput().getClass().equals(outputClass)) {
            throw new DataException("the data's outputs are not " + outputClass.getSimpleName() + " for task " + data.task());
        }
        if (partition.train().length == 0) {
            throw new DataException(experiment.data() + ": the training split has no rows (" + experiment.split() + ")");
        }
        Map<String, Double> means = null;
        if (data.preparation().missingValues() == MissingValues.MEAN_IMPUTE) {
            means = data.trainingMeans(partition.train());
            all = (MutableDataset<T>) data.imputed(means).dataset();
        }
        Dataset<T> train = subset(all, partition.train());
        Dataset<T> validation = partition.validation().length == 0 ? null : subset(all, partition.validation());
        Dataset<T> test = partition.test().length == 0 ? null : subset(all, partition.test());
        if (data.task() == Task.CLASSIFICATION) {
            requireTwoClasses(train, experiment);
            requireTrainingLabels(train, validation, "validation", experiment);
            requireTrainingLabels(train, test, "test", experiment);
        } else {
            requireVaryingTarget(train, "training", experiment);
            if (validation != null && experiment.evaluateValidation()) {
                requireVaryingTarget(validation, "validation", experiment);
            }
            if (test != null && experiment.evaluateTest()) {
                requireVaryingTarget(test, "test", experiment);
            }
        }
        Trainer<T> trainer = (Trainer<T>) experiment.trainer();
        TransformationMap standardization = experiment.standardizeFeatures()
                ? new TransformationMap(List.of(new StandardScaling(experiment.featureDeviation()))) : null;
        if (validation != null && trainer instanceof AbstractMLPTrainer) {
            trainer = new WithValidation<>((AbstractMLPTrainer<T>) trainer, train, validation, standardization);
        }
        if (standardization != null) {
            trainer = new TransformTrainer<>(trainer, standardization, true, false);
        }
        Map<String, Provenance> runProvenance = new LinkedHashMap<>();
        runProvenance.put(EXPERIMENT_KEY, PortableProvenance.of(experiment.getProvenance()));
        if (means != null) {
            Map<String, DoubleProvenance> m = new TreeMap<>();
            means.forEach((f, v) -> m.put(f, new DoubleProvenance(f, v)));
            runProvenance.put(IMPUTATION_KEY, new MapProvenance<>(m));
        }
        if (!data.preparation().labelSpellings().isEmpty()) {
            Map<String, StringProvenance> m = new TreeMap<>();
            data.preparation().labelSpellings().forEach((k, v) -> m.put(k, new StringProvenance(k, v)));
            runProvenance.put(LABEL_SPELLINGS_KEY, new MapProvenance<>(m));
        }
        Trainer<T> finalTrainer = trainer;
        if (trainingStarted != null) {
            trainingStarted.accept(new Started(data, partition));
        }
        Model<T> model;
        try {
            model = TrainingProgress.withListener(progress == null ? r -> { } : progress,
                    () -> finalTrainer.train(train, runProvenance));
        } catch (ClassCastException e) {
            throw new IllegalArgumentException("trainer " + experiment.trainer().getClass().getSimpleName()
                    + " cannot train a " + data.task() + " task: " + e.getMessage(), e);
        }
        if (trained != null) {
            trained.accept(new Trained(data, partition, model));
        }
        Map<String, Map<String, Object>> metrics = new LinkedHashMap<>();
        if (experiment.evaluateTrain()) {
            metrics.put("train", evaluate(model, train, outputClass));
        }
        if (validation != null && experiment.evaluateValidation()) {
            metrics.put("validation", evaluate(model, validation, outputClass));
        }
        if (test != null && experiment.evaluateTest()) {
            metrics.put("test", evaluate(model, test, outputClass));
        }
        return new RunResult(experiment, data, partition, model, history(model), metrics, (System.nanoTime() - start) / 1_000_000);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Output<T>> Map<String, Object> evaluate(Model<T> model, Dataset<T> data, Class<T> outputClass) {
        if (outputClass == Label.class) {
            return Metrics.classification((Model<Label>) model, (Dataset<Label>) data);
        }
        return Metrics.regression((Model<Regressor>) model, (Dataset<Regressor>) data);
    }

    /**
     * Hands an Occam trainer the experiment's validation rows, so every epoch's validation loss and
     * metrics are recorded (and stopping rules watch the validation split rather than holding rows
     * out of the training split). Behind Tribuo's {@link TransformTrainer}, which passes only the
     * training rows on, the validation rows are standardized with the same transformers, fitted on
     * the raw training rows exactly as the transform trainer fits them. Its provenance is the
     * wrapped trainer's, so records and reproduction see only that trainer.
     */
    private static final class WithValidation<T extends Output<T>> implements Trainer<T> {
        private final AbstractMLPTrainer<T> inner;
        private final Dataset<T> rawTrain;
        private final Dataset<T> validation;
        private final TransformationMap standardization;

        WithValidation(AbstractMLPTrainer<T> inner, Dataset<T> rawTrain, Dataset<T> validation, TransformationMap standardization) {
            this.inner = inner;
            this.rawTrain = rawTrain;
            this.validation = validation;
            this.standardization = standardization;
        }

        @Override
        public Model<T> train(Dataset<T> examples, Map<String, Provenance> runProvenance) {
            return train(examples, runProvenance, INCREMENT_INVOCATION_COUNT);
        }

        @Override
        public Model<T> train(Dataset<T> examples, Map<String, Provenance> runProvenance, int invocationCount) {
            Dataset<T> v = validation;
            if (standardization != null) {
                v = rawTrain.createTransformers(standardization, false).transformDataset(validation, true);
            }
            return inner.train(examples, v, runProvenance, invocationCount);
        }

        @Override
        public int getInvocationCount() {
            return inner.getInvocationCount();
        }

        @Override
        public void setInvocationCount(int invocationCount) {
            inner.setInvocationCount(invocationCount);
        }

        @Override
        public TrainerProvenance getProvenance() {
            return inner.getProvenance();
        }

        @Override
        public String toString() {
            return inner.toString();
        }
    }

    private static <T extends Output<T>> void requireTwoClasses(Dataset<T> train, Experiment experiment) {
        if (train.getOutputInfo().size() < 2) {
            throw new DataException(experiment.data() + ": the training split (" + train.size() + " rows, " + experiment.split()
                    + ") has a single class " + train.getOutputInfo().getDomain() + "; a classifier needs at least two");
        }
    }

    /** A constant target leaves nothing to learn in training and makes R² (1 − SSE/SST, SST = 0) undefined elsewhere. */
    private static <T extends Output<T>> void requireVaryingTarget(Dataset<T> split, String name, Experiment experiment) {
        double[] first = null;
        for (Example<T> e : split) {
            double[] v = ((Regressor) e.getOutput()).getValues();
            if (first == null) {
                first = v;
            } else if (!java.util.Arrays.equals(first, v)) {
                return;
            }
        }
        throw new DataException(experiment.data() + ": the " + name + " split (" + split.size() + " rows, " + experiment.split()
                + ") has a constant target " + java.util.Arrays.toString(first) + "; "
                + (name.equals("training") ? "there is nothing to learn" : "R² is undefined on it"));
    }

    /**
     * A class that only occurs outside the training rows cannot be predicted, and Tribuo's
     * evaluation would fail on it with a bare "Unknown label"; say which split holds it instead.
     */
    private static <T extends Output<T>> void requireTrainingLabels(Dataset<T> train, Dataset<T> other, String split, Experiment experiment) {
        if (other == null) {
            return;
        }
        for (T label : other.getOutputInfo().getDomain()) {
            if (train.getOutputIDInfo().getID(label) < 0) {
                throw new DataException(experiment.data() + ": label '" + label + "' occurs in the " + split
                        + " rows but in none of the " + train.size() + " training rows (" + experiment.split()
                        + "); every class needs training rows");
            }
        }
    }

    private static <T extends Output<T>> Dataset<T> subset(MutableDataset<T> all, int[] rows) {
        MutableDataset<T> out = new MutableDataset<>(all.getProvenance(), all.getOutputFactory());
        for (int i : rows) {
            Example<T> e = all.getExample(i);
            out.add(e);
        }
        return out;
    }

    /**
     * @param model a model from {@link #execute}
     * @return the MLP inside (unwrapping Tribuo's TransformedModel), or null if it is not an Occam model
     */
    public static AbstractMLPModel<?> mlp(Model<?> model) {
        Model<?> m = model instanceof TransformedModel ? ((TransformedModel<?>) model).getInnerModel() : model;
        return m instanceof AbstractMLPModel ? (AbstractMLPModel<?>) m : null;
    }

    private static TrainingHistory history(Model<?> model) {
        AbstractMLPModel<?> mlp = mlp(model);
        return mlp == null ? null : mlp.trainingHistory().orElse(null);
    }
}
