package org.occam.experiments.example;

import org.occam.classification.MLPClassificationTrainer;
import org.occam.core.optim.Adam;
import org.occam.core.spi.LambdaConvention;
import org.occam.experiments.Experiment;
import org.occam.experiments.ExperimentRunner;
import org.occam.experiments.RunResult;
import org.occam.experiments.data.FractionSplit;
import org.occam.experiments.data.Task;
import org.occam.experiments.data.TribuoDemoData;
import org.occam.experiments.record.RunRecorder;
import org.occam.regularizers.penalty.L2;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.example.NoisyInterlockingCrescentsDataSource;
import org.tribuo.dataset.DatasetView;

import java.nio.file.Path;
import java.util.Locale;

/** README "Use from Java": train on a Tribuo data source, evaluate with Tribuo, record the run. */
public final class UseFromJava {
    public static void main(String[] args) {
        Path runs = Path.of(args.length > 0 ? args[0] : "runs");

        // An Occam MLP is a Tribuo Trainer: 2 hidden layers of 32, Adam, L2 λ = 0.01 in the Keras convention.
        MLPClassificationTrainer trainer = MLPClassificationTrainer.builder()
                .hiddenLayerSizes(32, 32)
                .optimizer(new Adam(0.01))
                .epochs(20)
                .seed(1)
                .penalties(new L2(0.01, LambdaConvention.KERAS))
                .build();

        // An experiment: Tribuo's two-crescents data, 25% held out for test, 20% of the rest for validation.
        Experiment experiment = new Experiment("crescents-from-java",
                new TribuoDemoData(new NoisyInterlockingCrescentsDataSource(400, 1, 0.3), Task.CLASSIFICATION, "crescents"),
                new FractionSplit(0.2, 0.25, 1), true, trainer);
        RunResult result = ExperimentRunner.execute(experiment, null);

        // Evaluate the model on the test rows with Tribuo's own evaluator.
        @SuppressWarnings("unchecked")
        Model<Label> model = (Model<Label>) result.model();
        @SuppressWarnings("unchecked")
        Dataset<Label> all = (Dataset<Label>) result.data().dataset();
        DatasetView<Label> test = new DatasetView<>(all, result.partition().test(), "test");
        LabelEvaluation evaluation = new LabelEvaluator().evaluate(model, test);
        System.out.printf(Locale.ROOT, "test accuracy %.4f, macro-F1 %.4f%n", evaluation.accuracy(), evaluation.macroAveragedF1());

        // Record it like occam run does: run.json, history.csv, model.tribuo, config.xml.
        RunRecorder.Written written = RunRecorder.write(result, org.occam.experiments.ExperimentConfig.toXml(experiment), runs);
        System.out.println("record: " + written.directory());
    }
}
