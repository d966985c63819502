package org.occam.report;

import org.occam.experiments.cli.OccamCommand;
import org.occam.report.cli.CompareCommand;
import org.occam.report.cli.ReportCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds one of each report through the command line, into a directory: a classification sweep
 * (generated moons, so every run report has a decision boundary, and the sweep report has λ
 * plots and a boundary grid), a regression run (diabetes), and a comparison of two sweep runs.
 */
final class ReportFixtures {
    /** The sweep directory. */
    final Path sweep;
    /** A classification run of the sweep. */
    final Path classificationRun;
    /** The regression run. */
    final Path regressionRun;
    /** The comparison report's directory. */
    final Path comparison;

    private ReportFixtures(Path sweep, Path classificationRun, Path regressionRun, Path comparison) {
        this.sweep = sweep;
        this.classificationRun = classificationRun;
        this.regressionRun = regressionRun;
        this.comparison = comparison;
    }

    static int occam(String... args) {
        return OccamCommand.execute(List.of(new ReportCommand(), new CompareCommand()), args);
    }

    static ReportFixtures build(Path dir) throws IOException {
        Path runs = dir.resolve("runs");
        Path moons = Files.writeString(dir.resolve("moons.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <config>
                  <component name="experiment" type="org.occam.experiments.Experiment">
                    <property name="name" value="report-moons"/>
                    <property name="data" value="data"/>
                    <property name="split" value="split"/>
                    <property name="trainer" value="trainer"/>
                  </component>
                  <component name="data" type="org.occam.experiments.data.MoonsData">
                    <property name="samples" value="160"/>
                    <property name="noise" value="0.3"/>
                  </component>
                  <component name="split" type="org.occam.experiments.data.FractionSplit">
                    <property name="validationFraction" value="0.25"/>
                    <property name="testFraction" value="0.25"/>
                  </component>
                  <component name="trainer" type="org.occam.classification.MLPClassificationTrainer">
                    <propertylist name="hiddenLayerSizes"><item>16</item><item>16</item></propertylist>
                    <property name="optimizer" value="optimizer"/>
                    <property name="epochs" value="12"/>
                    <property name="minibatchSize" value="16"/>
                    <property name="seed" value="1"/>
                    <propertylist name="penalties"><item>l2</item></propertylist>
                  </component>
                  <component name="optimizer" type="org.occam.core.optim.Sgd">
                    <property name="learningRate" value="0.1"/>
                    <property name="momentum" value="0.9"/>
                  </component>
                  <component name="l2" type="org.occam.regularizers.penalty.L2">
                    <property name="lambda" value="0.01"/>
                    <property name="convention" value="KERAS"/>
                  </component>
                </config>
                """);
        check(occam("sweep", moons.toString(), "--grid", "l2.lambda=0,0.01,0.1", "--seeds", "2", "--threads", "2",
                "--out", runs.toString(), "--quiet"), "sweep");
        Path sweep;
        try (Stream<Path> s = Files.list(runs.resolve("report-moons"))) {
            sweep = s.filter(p -> p.getFileName().toString().startsWith("sweep-")).findFirst().orElseThrow();
        }
        check(occam("run", org.occam.experiments.data.BaseDir.resolve("configs/diabetes-l2.xml").toString(), "--set", "trainer.epochs=4", "--set", "trainer.hiddenLayerSizes=16",
                "--out", runs.toString(), "--quiet"), "run");
        Path regression;
        try (Stream<Path> s = Files.list(runs.resolve("diabetes-l2"))) {
            regression = s.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        Path comparison = dir.resolve("compare");
        check(occam("compare", sweep.resolve("p000-s1").toString(), sweep.resolve("p002-s1").toString(), "--out", comparison.toString()), "compare");
        return new ReportFixtures(sweep, sweep.resolve("p001-s2"), regression, comparison);
    }

    static void check(int code, String what) {
        if (code != 0) {
            throw new IllegalStateException("occam " + what + " exited with " + code);
        }
    }
}
