package org.occam.report;

import org.occam.experiments.data.BaseDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Degenerate runs, built once per test JVM through the command line (the same path a user takes,
 * with the report hook writing each report as the run is recorded): a classifier whose hidden
 * layers L1 with λ = 1 has zeroed, a one-epoch classifier, a classifier on a feature of
 * magnitude 1e300, a one-epoch regression whose hidden layers are zeroed, a one-epoch sweep over
 * λ ∈ {0.001, 1}, and a comparison of the zeroed and the one-epoch classifiers. Every log record
 * of WARNING or above written while they are built is kept.
 */
final class DegenerateFixtures {
    final Path zeroLayers;
    final Path oneEpoch;
    final Path hugeFeature;
    final Path regression;
    final Path sweep;
    final Path comparison;
    /** WARNING and SEVERE records logged while the fixtures were built. */
    final List<LogRecord> warnings;

    private static DegenerateFixtures built;

    private DegenerateFixtures(Path root, List<LogRecord> warnings) throws IOException {
        Path runs = root.resolve("runs");
        String moonsL1 = BaseDir.resolve("configs/moons-l1.xml").toString();
        ReportFixtures.check(ReportFixtures.occam("run", moonsL1, "--set", "l1.lambda=1", "--set", "trainer.epochs=8",
                "--set", "trainer.hiddenLayerSizes=16,16", "--out", runs.resolve("zero").toString(), "--quiet"), "run (all-zero layers)");
        zeroLayers = only(runs.resolve("zero").resolve("moons-l1"));
        ReportFixtures.check(ReportFixtures.occam("run", moonsL1, "--set", "trainer.epochs=1", "--set", "trainer.hiddenLayerSizes=16,16",
                "--out", runs.resolve("one").toString(), "--quiet"), "run (one epoch)");
        oneEpoch = only(runs.resolve("one").resolve("moons-l1"));

        Path csv = root.resolve("huge.csv");
        StringBuilder sb = new StringBuilder("x1,x2,label\n");
        for (int i = 0; i < 200; i++) {
            // Two interleaved half circles (no randomness needed); x1 in units of 1e300.
            int c = i % 2;
            double t = Math.PI * (i / 2) / 99.0;
            double x = c == 0 ? Math.cos(t) : 1 - Math.cos(t);
            double y = (c == 0 ? Math.sin(t) : 0.5 - Math.sin(t)) + 0.05 * Math.sin(7.0 * i);
            sb.append(String.format(Locale.ROOT, "%.17g,%.17g,%d%n", x * 1e300, y, c));
        }
        Files.writeString(csv, sb.toString());
        Path huge = Files.writeString(root.resolve("huge.xml"), config("huge-feature", csv, "label", "CLASSIFICATION",
                "org.occam.classification.MLPClassificationTrainer", 5, "0.001"));
        ReportFixtures.check(ReportFixtures.occam("run", huge.toString(), "--out", runs.resolve("huge").toString(), "--quiet"), "run (huge feature)");
        hugeFeature = only(runs.resolve("huge").resolve("huge-feature"));

        Path reg = Files.writeString(root.resolve("regression.xml"), config("zero-regression", BaseDir.resolve("datasets/diabetes.csv"),
                "target", "REGRESSION", "org.occam.regression.MLPRegressionTrainer", 1, "1"));
        ReportFixtures.check(ReportFixtures.occam("run", reg.toString(), "--out", runs.resolve("regression").toString(), "--quiet"),
                "run (regression, one epoch, all-zero layers)");
        regression = only(runs.resolve("regression").resolve("zero-regression"));

        ReportFixtures.check(ReportFixtures.occam("sweep", moonsL1, "--grid", "l1.lambda=0.001,1", "--set", "trainer.epochs=1",
                "--set", "trainer.hiddenLayerSizes=16,16", "--seeds", "1", "--threads", "1", "--out", runs.resolve("sweep").toString(), "--quiet"),
                "sweep (one epoch, λ up to 1)");
        try (Stream<Path> s = Files.list(runs.resolve("sweep").resolve("moons-l1"))) {
            sweep = s.filter(p -> p.getFileName().toString().startsWith("sweep-")).findFirst().orElseThrow();
        }
        comparison = root.resolve("compare");
        ReportFixtures.check(ReportFixtures.occam("compare", zeroLayers.toString(), oneEpoch.toString(), "--out", comparison.toString()), "compare");
        this.warnings = warnings;
    }

    /** @return the fixtures, built on first use into a temporary directory deleted when the JVM exits */
    static synchronized DegenerateFixtures get() {
        if (built == null) {
            List<LogRecord> warnings = new ArrayList<>();
            Handler collect = new Handler() {
                @Override
                public void publish(LogRecord r) {
                    if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                        synchronized (warnings) {
                            warnings.add(r);
                        }
                    }
                }

                @Override
                public void flush() {}

                @Override
                public void close() {}
            };
            Logger root = Logger.getLogger("");
            root.addHandler(collect);
            try {
                Path dir = Files.createTempDirectory("occam-degenerate-reports");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
                built = new DegenerateFixtures(dir, warnings);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                root.removeHandler(collect);
            }
        }
        return built;
    }

    /** @return the run and report directories whose report.html a browser should open */
    List<Path> reports() {
        return List.of(zeroLayers, oneEpoch, hugeFeature, regression, sweep, comparison);
    }

    private static String config(String name, Path data, String response, String task, String trainer, int epochs, String l1) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <config>
                  <component name="experiment" type="org.occam.experiments.Experiment">
                    <property name="name" value="%s"/>
                    <property name="data" value="data"/>
                    <property name="split" value="split"/>
                    <property name="trainer" value="trainer"/>
                  </component>
                  <component name="data" type="org.occam.experiments.data.CsvData">
                    <property name="path" value="%s"/>
                    <property name="responseColumn" value="%s"/>
                    <property name="task" value="%s"/>
                  </component>
                  <component name="split" type="org.occam.experiments.data.FractionSplit">
                    <property name="validationFraction" value="0.25"/>
                    <property name="testFraction" value="0.25"/>
                  </component>
                  <component name="trainer" type="%s">
                    <propertylist name="hiddenLayerSizes"><item>8</item><item>8</item></propertylist>
                    <property name="optimizer" value="optimizer"/>
                    <property name="epochs" value="%d"/>
                    <property name="minibatchSize" value="16"/>
                    <property name="seed" value="1"/>
                    <propertylist name="penalties"><item>l1</item></propertylist>
                  </component>
                  <component name="optimizer" type="org.occam.core.optim.Sgd">
                    <property name="learningRate" value="0.1"/>
                  </component>
                  <component name="l1" type="org.occam.regularizers.penalty.L1">
                    <property name="lambda" value="%s"/>
                    <property name="convention" value="KERAS"/>
                    <property name="mode" value="PROXIMAL"/>
                  </component>
                </config>
                """.formatted(name, data, response, task, trainer, epochs, l1);
    }

    private static Path only(Path experimentDir) throws IOException {
        try (Stream<Path> s = Files.list(experimentDir)) {
            List<Path> dirs = s.filter(Files::isDirectory).toList();
            if (dirs.size() != 1) {
                throw new IllegalStateException(experimentDir + ": expected one run directory, found " + dirs);
            }
            return dirs.get(0);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
