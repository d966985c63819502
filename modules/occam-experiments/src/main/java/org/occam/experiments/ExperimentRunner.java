package org.occam.experiments;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import org.occam.core.history.EpochRecord;
import org.occam.core.history.TrainingHistory;
import org.occam.core.model.AbstractMLPModel;
import org.occam.core.train.AbstractMLPTrainer;
import org.occam.core.train.TrainingProgress;
import org.occam.experiments.data.DataException;
import org.occam.experiments.data.LoadedData;
import org.occam.experiments.data.Partition;
import org.occam.experiments.data.Task;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Output;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.regression.Regressor;
import org.tribuo.transform.TransformTrainer;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.transform.TransformationMap;
import org.tribuo.transform.TransformedModel;
import org.tribuo.transform.TransformerMap;
import org.tribuo.transform.transformations.MeanStdDevTransformation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Executes an {@link Experiment}: load, split, train (through Tribuo's {@link TransformTrainer}
 * when features are standardized, so the saved model standardizes its own inputs), evaluate.
 * An Occam trainer is handed the split's validation rows (standardized like the training rows)
 * as its explicit validation data, so the training history has a validation loss and metrics at
 * every epoch and validation-monitoring stopping rules watch the experiment's validation split.
 * Writes nothing; {@link RunRecorder} does that. The experiment's provenance goes into the model
 * provenance's run provenance under {@value #EXPERIMENT_KEY}, so a run can be rebuilt from its
 * model provenance alone.
 */
public final class ExperimentRunner {
    /** The run-provenance key holding the experiment's provenance. */
    public static final String EXPERIMENT_KEY = "occam-experiment";

    /** TransformTrainer settings for feature standardization (the validation rows get the same). */
    private static final boolean DENSIFY = true;
    private static final boolean INCLUDE_IMPLICIT_ZEROS = true;

    private ExperimentRunner() {}

    /**
     * @param experiment the experiment
     * @param progress told about every epoch (may be null)
     * @return the result
     */
    public static RunResult execute(Experiment experiment, Consumer<EpochRecord> progress) {
        long start = System.nanoTime();
        LoadedData data = experiment.data().load();
        Partition partition = experiment.split().split(data.dataset().size());
        RunResult r;
        if (data.task() == Task.CLASSIFICATION) {
            r = executeTyped(experiment, data, partition, Label.class, progress, start);
        } else {
            r = executeTyped(experiment, data, partition, Regressor.class, progress, start);
        }
        return r;
    }

    @SuppressWarnings("unchecked")
    private static <T extends Output<T>> RunResult executeTyped(Experiment experiment, LoadedData data, Partition partition,
                                                                Class<T> outputClass, Consumer<EpochRecord> progress, long start) {
        MutableDataset<T> all = (MutableDataset<T>) data.dataset();
        if (!all.getOutputFactory().getUnknownOutput().getClass().equals(outputClass)) {
            throw new DataException("the data's outputs are not " + outputClass.getSimpleName() + " for task " + data.task());
        }
        Dataset<T> train = subset(all, partition.train());
        Dataset<T> validation = partition.validation().length == 0 ? null : subset(all, partition.validation());
        Dataset<T> test = partition.test().length == 0 ? null : subset(all, partition.test());
        Trainer<T> trainer = (Trainer<T>) experiment.trainer();
        if (experiment.standardizeFeatures()) {
            TransformationMap standardize = new TransformationMap(List.of(new MeanStdDevTransformation()));
            if (validation != null && trainer instanceof AbstractMLPTrainer) {
                // The transformers TransformTrainer fits on the training rows, applied to the validation rows.
                TransformerMap fitted = train.createTransformers(standardize, INCLUDE_IMPLICIT_ZEROS);
                trainer = new WithValidation<>((AbstractMLPTrainer<T>) trainer, fitted.transformDataset(validation, DENSIFY));
            }
            trainer = new TransformTrainer<>(trainer, standardize, DENSIFY, INCLUDE_IMPLICIT_ZEROS);
        } else if (validation != null && trainer instanceof AbstractMLPTrainer) {
            trainer = new WithValidation<>((AbstractMLPTrainer<T>) trainer, validation);
        }
        Map<String, Provenance> runProvenance = Map.of(EXPERIMENT_KEY, experiment.getProvenance());
        Trainer<T> finalTrainer = trainer;
        Model<T> model;
        try {
            model = TrainingProgress.withListener(progress == null ? r -> { } : progress,
                    () -> finalTrainer.train(train, runProvenance));
        } catch (ClassCastException e) {
            throw new IllegalArgumentException("trainer " + experiment.trainer().getClass().getSimpleName()
                    + " cannot train a " + data.task() + " task: " + e.getMessage(), e);
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

    /**
     * An Occam trainer with explicit validation data, seen by Tribuo (and by TransformTrainer) as
     * the Occam trainer itself: same provenance, same invocation count, so the model provenance
     * is exactly what training without validation data records.
     */
    private static final class WithValidation<T extends Output<T>> implements Trainer<T> {
        private final AbstractMLPTrainer<T> trainer;
        private final Dataset<T> validation;

        WithValidation(AbstractMLPTrainer<T> trainer, Dataset<T> validation) {
            this.trainer = trainer;
            this.validation = validation;
        }

        @Override
        public Model<T> train(Dataset<T> examples, Map<String, Provenance> runProvenance) {
            return train(examples, runProvenance, INCREMENT_INVOCATION_COUNT);
        }

        @Override
        public Model<T> train(Dataset<T> examples, Map<String, Provenance> runProvenance, int invocationCount) {
            return trainer.train(examples, validation, runProvenance, invocationCount);
        }

        @Override
        public int getInvocationCount() {
            return trainer.getInvocationCount();
        }

        @Override
        public void setInvocationCount(int invocationCount) {
            trainer.setInvocationCount(invocationCount);
        }

        @Override
        public TrainerProvenance getProvenance() {
            return trainer.getProvenance();
        }

        @Override
        public String toString() {
            return trainer.toString();
        }
    }
}
