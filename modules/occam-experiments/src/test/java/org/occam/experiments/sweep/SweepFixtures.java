package org.occam.experiments.sweep;

import org.occam.core.math.Matrix;
import org.occam.experiments.ExperimentRunner;
import org.occam.experiments.record.RunRecorder;
import org.tribuo.Model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A tiny, self-contained sweep config (generated moons, small network) and record helpers. */
final class SweepFixtures {
    private SweepFixtures() {}

    /**
     * Writes a config: 120 generated moons points, a 50/25/25 split, a 2→16→2 network trained for
     * {@code epochs} epochs, with penalty components l1, l2 and enet declared (trainer uses l2).
     */
    static Path moonsConfig(Path dir, int epochs, String extraComponents) throws IOException {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <config>
                  <component name="experiment" type="org.occam.experiments.Experiment">
                    <property name="name" value="tiny-moons"/>
                    <property name="data" value="data"/>
                    <property name="split" value="split"/>
                    <property name="trainer" value="trainer"/>
                  </component>
                  <component name="data" type="org.occam.experiments.data.MoonsData">
                    <property name="samples" value="120"/>
                    <property name="noise" value="0.3"/>
                    <property name="seed" value="5"/>
                  </component>
                  <component name="split" type="org.occam.experiments.data.FractionSplit">
                    <property name="validationFraction" value="0.25"/>
                    <property name="testFraction" value="0.25"/>
                    <property name="seed" value="3"/>
                  </component>
                  <component name="trainer" type="org.occam.classification.MLPClassificationTrainer">
                    <propertylist name="hiddenLayerSizes"><item>16</item></propertylist>
                    <property name="optimizer" value="optimizer"/>
                    <property name="epochs" value="%d"/>
                    <property name="minibatchSize" value="16"/>
                    <property name="seed" value="1"/>
                    <propertylist name="penalties"><item>l2</item></propertylist>
                  </component>
                  <component name="optimizer" type="org.occam.core.optim.Sgd">
                    <property name="learningRate" value="0.1"/>
                    <property name="momentum" value="0.9"/>
                  </component>
                  <component name="l1" type="org.occam.regularizers.penalty.L1">
                    <property name="lambda" value="0.001"/>
                    <property name="convention" value="KERAS"/>
                  </component>
                  <component name="l2" type="org.occam.regularizers.penalty.L2">
                    <property name="lambda" value="0.01"/>
                    <property name="convention" value="KERAS"/>
                  </component>
                  <component name="enet" type="org.occam.regularizers.penalty.ElasticNet">
                    <property name="lambda" value="0.01"/>
                    <property name="l1Ratio" value="0.5"/>
                    <property name="convention" value="KERAS"/>
                  </component>
                  %s
                </config>
                """.formatted(epochs, extraComponents);
        Files.createDirectories(dir);
        Path file = dir.resolve("tiny-moons.xml");
        Files.writeString(file, xml);
        return file;
    }

    /** The trained parameters of a run record. */
    static Map<String, Matrix> parameters(Path runDir) throws IOException {
        Model<?> model = Model.deserializeFromFile(runDir.resolve(RunRecorder.MODEL_FILE));
        return ExperimentRunner.mlp(model).parameterValues();
    }

    static SweepPlan plan(Path config, Path runs, List<String> grid, int seeds, int folds) {
        SweepSpec spec = SweepSpec.of(config, List.of(), grid.stream().map(GridAxis::parse).toList(), seeds, folds, null, null);
        return SweepPlan.of(spec, runs);
    }
}
