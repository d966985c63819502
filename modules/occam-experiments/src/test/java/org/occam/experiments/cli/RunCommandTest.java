package org.occam.experiments.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.occam.experiments.data.BaseDir;
import org.occam.experiments.store.RunStore;
import org.occam.experiments.store.RunSummary;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.data.csv.CSVLoader;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.evaluation.RegressionEvaluation;
import org.tribuo.regression.evaluation.RegressionEvaluator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code occam run}: every shipped config runs end to end (epochs lowered with {@code --set}) and
 * its record is checked against the config, the data file and the run store; bad data gives one
 * line naming the file, line and column and leaves nothing behind; two processes can record runs
 * into one directory at once.
 */
class RunCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EPOCHS = 3;
    private static final double EPS = 1e-12;

    @TempDir
    Path tmp;

    /** The experiment configs of the run-record issue, checked field by field. */
    static final List<String> CORE_CONFIGS = List.of("breast-cancer-l2.xml", "diabetes-baseline.xml", "diabetes-l2.xml",
            "digits-l2.xml", "iris.xml", "moons-baseline.xml", "moons-elasticnet.xml", "moons-l1.xml",
            "moons-l2-dataset.xml", "moons-l2-keras.xml");

    static List<Path> shippedConfigs() throws IOException {
        List<Path> configs = Cli.shippedConfigs().stream()
                .filter(p -> CORE_CONFIGS.contains(p.getFileName().toString())).toList();
        assertEquals(CORE_CONFIGS.size(), configs.size(), "the core configs: " + configs);
        return configs;
    }

    static List<Path> catalogConfigs() throws IOException {
        List<Path> configs = Cli.shippedConfigs().stream()
                .filter(p -> !CORE_CONFIGS.contains(p.getFileName().toString())).toList();
        assertTrue(configs.size() >= 30, "the catalog's example configs: " + configs);
        return configs;
    }

    /** Every other shipped config (one per catalog plugin) runs and leaves a complete, loadable record. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogConfigs")
    void everyCatalogConfigRuns(Path config) throws Exception {
        Cli.XmlConfig xml = new Cli.XmlConfig(config);
        String trainer = xml.property("experiment", "trainer");
        Path out = tmp.resolve("runs");
        Cli.Result r = Cli.ok("run", config.toString(), "--out", out.toString(), "--quiet", "--set", trainer + ".epochs=" + EPOCHS);
        Path dir = Cli.recordDir(r);
        JsonNode record = JSON.readTree(dir.resolve("run.json").toFile());
        assertEquals(xml.property("experiment", "name"), record.get("summary").get("experiment").asText());
        JsonNode test = record.get("metrics").get("test");
        assertNotNull(test, "test metrics");
        if ("CLASSIFICATION".equals(record.get("summary").get("task").asText())) {
            double acc = test.get("accuracy").asDouble();
            assertTrue(acc >= 0 && acc <= 1, "accuracy " + acc);
        } else {
            assertTrue(test.get("mse").asDouble() >= 0, "mse");
        }
        Model<?> model = Model.deserializeFromFile(dir.resolve("model.tribuo"));
        assertNotNull(model);
        assertTrue(Files.isRegularFile(dir.resolve("config.xml")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shippedConfigs")
    void everyShippedConfigRunsAndIsRecordedFaithfully(Path config) throws Exception {
        Cli.XmlConfig xml = new Cli.XmlConfig(config);
        // The trainer component is whatever the experiment's 'trainer' property names.
        String trainer = xml.property("experiment", "trainer");
        assertNotNull(trainer, config + ": experiment has no trainer");
        Path out = tmp.resolve("runs");
        Cli.Result r = Cli.ok("run", config.toString(), "--out", out.toString(), "--quiet",
                "--set", trainer + ".epochs=" + EPOCHS);
        Path dir = Cli.recordDir(r);
        String name = xml.property("experiment", "name");
        assertEquals(out.resolve(name), dir.getParent(), "runs/<experiment>/<run-id>");
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("config.xml", "history.csv", "model.tribuo", "run.json"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        try (Stream<Path> s = Files.list(dir.getParent())) {
            assertEquals(1, s.count(), "only the finished run directory, no temporary one");
        }

        JsonNode record = JSON.readTree(dir.resolve("run.json").toFile());
        JsonNode summary = record.get("summary");
        Expected expected = new Expected(xml, trainer);

        // summary: identity and data
        assertEquals(dir.getFileName().toString(), summary.get("runId").asText());
        assertEquals(name, summary.get("experiment").asText());
        assertEquals(expected.dataFile.getFileName().toString().replaceFirst("\\.csv$", ""), summary.get("dataset").asText());
        assertEquals(Cli.sha256(expected.dataFile), summary.get("datasetSha256").asText());
        assertEquals(expected.task, summary.get("task").asText());
        JsonNode rows = summary.get("rows");
        assertEquals(expected.trainRows, rows.get("train").asInt(), "train rows");
        assertEquals(expected.validationRows, rows.get("validation").asInt(), "validation rows");
        assertEquals(expected.testRows, rows.get("test").asInt(), "test rows");

        // summary: penalties, λ, convention, scope
        List<String> types = new ArrayList<>();
        summary.get("penaltyTypes").forEach(t -> types.add(t.asText()));
        assertEquals(expected.penaltyTypes(), types);
        JsonNode penalties = summary.get("penalties");
        assertEquals(expected.penalties.size(), penalties.size());
        if (expected.penalties.isEmpty()) {
            assertTrue(summary.get("lambda").isNull());
            assertTrue(summary.get("convention").isNull());
        } else {
            assertEquals(expected.penalties.get(0).lambda, summary.get("lambda").asDouble(), 0.0);
            assertEquals(expected.penalties.get(0).convention, summary.get("convention").asText());
        }
        for (int i = 0; i < expected.penalties.size(); i++) {
            ExpectedPenalty p = expected.penalties.get(i);
            JsonNode actual = penalties.get(i);
            assertEquals(p.type(), actual.get("type").asText());
            assertEquals(p.lambda, actual.get("lambda").asDouble(), 0.0);
            assertEquals(p.convention, actual.get("convention").asText());
            List<String> tensors = new ArrayList<>();
            actual.get("penalizedTensors").forEach(t -> tensors.add(t.asText()));
            assertEquals(expected.hiddenWeights(), tensors, "default scope: the hidden layers' weights only");
            JsonNode coefficients = actual.get("effectiveCoefficient").get("coefficients");
            for (Map.Entry<String, Double> c : p.coefficients(expected.trainRows, expected.batchSize).entrySet()) {
                assertNotNull(coefficients.get(c.getKey()), "effectiveCoefficient." + c.getKey() + " in " + coefficients);
                assertEquals(c.getValue(), coefficients.get(c.getKey()).asDouble(), Math.abs(c.getValue()) * 1e-12,
                        "effective coefficient " + c.getKey() + " in the " + p.convention + " convention");
            }
            assertEquals(p.coefficients(expected.trainRows, expected.batchSize).keySet(), fieldNames(coefficients));
        }

        // summary: seed, epochs, stop reason, time
        assertEquals(expected.seed, summary.get("seed").asLong());
        assertEquals(EPOCHS, summary.get("epochsRun").asInt());
        assertTrue(summary.get("stopReason").asText().contains(Integer.toString(EPOCHS)), summary.get("stopReason").asText());
        assertTrue(summary.get("wallMillis").isIntegralNumber() && summary.get("wallMillis").asLong() >= 0);

        // metrics on every split, in range, rows matching the split
        JsonNode metrics = record.get("metrics");
        List<String> splits = new ArrayList<>(List.of("train", "test"));
        if (expected.validationRows > 0) {
            splits.add(1, "validation");
        }
        assertEquals(splits, fieldNamesInOrder(metrics));
        for (String split : splits) {
            JsonNode m = metrics.get(split);
            assertEquals(rows.get(split).asInt(), m.get("rows").asInt(), split + " rows");
            if (expected.classification()) {
                assertClassificationMetricsInRange(split, m, expected.classes);
            } else {
                assertRegressionMetricsInRange(split, m);
            }
        }
        assertGap(record, metrics, expected.classification());

        // history.csv: one row per epoch, the documented columns
        assertHistory(dir.resolve("history.csv"), expected);

        // model.tribuo loads through Tribuo and reproduces the recorded test metric
        Model<?> model = Model.deserializeFromFile(dir.resolve("model.tribuo"));
        assertEquals(expected.classification(), model.validate(Label.class));
        reevaluate(model, expected, metrics.get("test"));

        // config.xml and the config section are the config text
        String text = Files.readString(config, StandardCharsets.UTF_8);
        assertEquals(text, Files.readString(dir.resolve("config.xml"), StandardCharsets.UTF_8));
        assertEquals(text, record.get("config").get("text").asText());
        assertEquals(Cli.sha256(text), record.get("config").get("sha256").asText());
        assertFalse(record.get("provenance").isEmpty(), "the Tribuo provenance is recorded");
        assertFalse(record.get("occam").get("version").asText().isBlank());

        // the store row holds the same values
        try (RunStore store = RunStore.open(out.resolve("occam.db"))) {
            assertEquals(1, store.query(List.of()).size());
            RunSummary row = store.find(summary.get("runId").asText()).orElseThrow();
            assertEquals(name, row.experiment());
            assertEquals(summary.get("dataset").asText(), row.dataset());
            assertEquals(summary.get("datasetSha256").asText(), row.datasetSha256());
            assertEquals(expected.task, row.task());
            assertEquals(String.join(",", types), row.penaltyTypes());
            assertEquals(expected.penalties.isEmpty() ? null : expected.penalties.get(0).lambda, row.lambda());
            assertEquals(expected.penalties.isEmpty() ? null : expected.penalties.get(0).convention, row.convention());
            assertEquals(expected.seed, row.seed());
            assertEquals(EPOCHS, row.epochsRun());
            assertEquals(summary.get("stopReason").asText(), row.stopReason());
            assertEquals(Cli.sha256(text), row.configSha256());
            assertEquals(dir.toString(), row.recordPath());
            assertEquals(record.get("generalizationGap").get("value").asDouble(), row.generalizationGap(), 0.0);
            if (expected.classification()) {
                assertEquals(metrics.get("train").get("accuracy").asDouble(), row.trainAccuracy(), 0.0);
                assertEquals(metrics.get("test").get("accuracy").asDouble(), row.testAccuracy(), 0.0);
                assertEquals(metrics.get("test").get("macroF1").asDouble(), row.testMacroF1(), 0.0);
                assertEquals(metrics.has("validation") ? metrics.get("validation").get("accuracy").asDouble() : null,
                        row.validationAccuracy());
                assertEquals(null, row.testMse());
            } else {
                assertEquals(metrics.get("train").get("mse").asDouble(), row.trainMse(), 0.0);
                assertEquals(metrics.get("test").get("mse").asDouble(), row.testMse(), 0.0);
                assertEquals(metrics.get("test").get("r2").asDouble(), row.testR2(), 0.0);
                assertEquals(metrics.get("validation").get("mse").asDouble(), row.validationMse(), 0.0);
                assertEquals(null, row.testAccuracy());
            }
        }
    }

    private static void assertClassificationMetricsInRange(String split, JsonNode m, int classes) {
        for (String k : List.of("accuracy", "macroF1", "microF1", "macroPrecision", "macroRecall", "microPrecision", "microRecall")) {
            assertUnit(split + "." + k, m.get(k));
        }
        JsonNode perClass = m.get("perClass");
        assertEquals(classes, perClass.size(), split + ": one entry per class");
        long support = 0;
        for (JsonNode c : perClass) {
            assertUnit(split + " precision", c.get("precision"));
            assertUnit(split + " recall", c.get("recall"));
            assertUnit(split + " f1", c.get("f1"));
            support += c.get("support").asLong();
        }
        assertEquals(m.get("rows").asLong(), support, split + ": supports add up to the rows");
        JsonNode matrix = m.get("confusionMatrix").get("rowsTrueColumnsPredicted");
        assertEquals(classes, matrix.size());
        double total = 0;
        double diagonal = 0;
        for (int i = 0; i < classes; i++) {
            for (int j = 0; j < classes; j++) {
                total += matrix.get(i).get(j).asDouble();
                diagonal += i == j ? matrix.get(i).get(j).asDouble() : 0;
            }
        }
        assertEquals(m.get("rows").asDouble(), total, 0.0, split + ": the confusion matrix counts every row");
        assertEquals(m.get("accuracy").asDouble(), diagonal / total, EPS, split + ": accuracy = trace / total");
        if (classes == 2) {
            assertUnit(split + ".auc", m.get("auc"));
        }
    }

    private static void assertRegressionMetricsInRange(String split, JsonNode m) {
        double mse = m.get("mse").asDouble();
        assertTrue(Double.isFinite(mse) && mse >= 0, split + ".mse = " + mse);
        assertTrue(m.get("mae").asDouble() >= 0);
        double r2 = m.get("r2").asDouble();
        assertTrue(Double.isFinite(r2) && r2 <= 1, split + ".r2 = " + r2);
        JsonNode perDimension = m.get("perDimension");
        assertEquals(1, perDimension.size());
        JsonNode d = perDimension.elements().next();
        assertEquals(d.get("rmse").asDouble() * d.get("rmse").asDouble(), d.get("mse").asDouble(), EPS * mse);
        assertEquals(mse, d.get("mse").asDouble(), 0.0, "one output: the average is the dimension");
    }

    private static void assertUnit(String what, JsonNode v) {
        assertNotNull(v, what + " missing");
        double d = v.asDouble();
        assertTrue(v.isNumber() && d >= 0 && d <= 1, what + " = " + v + " not in [0, 1]");
    }

    private static void assertGap(JsonNode record, JsonNode metrics, boolean classification) {
        double gap = record.get("generalizationGap").get("value").asDouble();
        if (classification) {
            assertEquals(metrics.get("train").get("accuracy").asDouble() - metrics.get("test").get("accuracy").asDouble(), gap, EPS);
        } else {
            assertEquals(metrics.get("test").get("mse").asDouble() - metrics.get("train").get("mse").asDouble(), gap, EPS * 1e6);
        }
    }

    private static void assertHistory(Path file, Expected expected) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(EPOCHS + 1, lines.size(), "a header and one row per epoch");
        List<String> header = List.of(lines.get(0).split(",", -1));
        assertEquals(List.of("epoch", "data_loss", "penalty_loss", "total_loss", "validation_loss"), header.subList(0, 5));
        int i = 5;
        for (ExpectedPenalty p : expected.penalties) {
            assertEquals("penalty_" + p.type(), header.get(i++));
        }
        List<String> metricColumns = new ArrayList<>();
        while (header.get(i).startsWith("train_") || header.get(i).startsWith("validation_")) {
            metricColumns.add(header.get(i++));
        }
        String metric = expected.classification() ? "accuracy" : "mse";
        assertEquals(expected.validationRows > 0 ? List.of("train_" + metric, "validation_" + metric) : List.of("train_" + metric),
                metricColumns, "per-epoch metrics, on the validation rows when there are any");
        assertEquals("learning_rate", header.get(i++));
        List<String> layers = new ArrayList<>();
        for (int k = 1; k <= expected.hidden.size(); k++) {
            layers.add("hidden" + k);
        }
        layers.add("output");
        for (String layer : layers) {
            for (String stat : List.of("l1", "l2", "max_abs", "sparsity", "dead_fraction")) {
                assertEquals(layer + "_" + stat, header.get(i++));
            }
        }
        assertEquals("wall_ms", header.get(i++));
        assertEquals(header.size(), i, "no undocumented columns: " + header);

        for (int e = 1; e <= EPOCHS; e++) {
            String[] cells = lines.get(e).split(",", -1);
            assertEquals(header.size(), cells.length, "row " + e);
            assertEquals(Integer.toString(e), cells[0]);
            double data = Double.parseDouble(cells[1]);
            double penalty = Double.parseDouble(cells[2]);
            double total = Double.parseDouble(cells[3]);
            assertTrue(Double.isFinite(data) && data >= 0, "data loss " + data);
            assertTrue(penalty >= 0);
            assertEquals(expected.penalties.isEmpty(), penalty == 0.0, "penalty loss " + penalty);
            assertEquals(data + penalty, total, 1e-8 * Math.max(1, total), "total = data + penalty");
            if (expected.validationRows > 0) {
                double validation = Double.parseDouble(cells[4]);
                assertTrue(Double.isFinite(validation) && validation >= 0, "validation loss " + validation);
            } else {
                assertEquals("", cells[4], "no validation rows, no validation loss");
            }
            double perPenalty = 0;
            for (int k = 0; k < expected.penalties.size(); k++) {
                perPenalty += Double.parseDouble(cells[5 + k]);
            }
            assertEquals(penalty, perPenalty, 1e-8 * Math.max(1, penalty));
            double lr = Double.parseDouble(cells[header.indexOf("learning_rate")]);
            assertEquals(expected.learningRate, lr, 1e-12);
            for (String layer : layers) {
                double l2 = Double.parseDouble(cells[header.indexOf(layer + "_l2")]);
                double maxAbs = Double.parseDouble(cells[header.indexOf(layer + "_max_abs")]);
                double sparsity = Double.parseDouble(cells[header.indexOf(layer + "_sparsity")]);
                assertTrue(l2 > 0 && maxAbs > 0 && maxAbs <= l2 * (1 + 1e-9), layer + " norms");
                assertTrue(sparsity >= 0 && sparsity <= 1);
            }
            assertTrue(Long.parseLong(cells[cells.length - 1]) >= 0);
        }
    }

    @SuppressWarnings("unchecked")
    private static void reevaluate(Model<?> model, Expected expected, JsonNode recordedTest) throws IOException {
        if (expected.classification()) {
            Dataset<Label> test = expected.testRows(new LabelFactory());
            LabelEvaluation e = new LabelEvaluator().evaluate((Model<Label>) model, test);
            assertEquals(recordedTest.get("accuracy").asDouble(), e.accuracy(), EPS, "test accuracy of the saved model");
            assertEquals(recordedTest.get("macroF1").asDouble(), e.macroAveragedF1(), EPS);
        } else {
            Dataset<Regressor> test = expected.testRows(new RegressionFactory());
            RegressionEvaluation e = new RegressionEvaluator().evaluate((Model<Regressor>) model, test);
            assertEquals(recordedTest.get("rmse").asDouble(), e.averageRMSE(), EPS * e.averageRMSE(), "test RMSE of the saved model");
            assertEquals(recordedTest.get("r2").asDouble(), e.averageR2(), 1e-9);
        }
    }

    private static List<String> fieldNamesInOrder(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static java.util.Set<String> fieldNames(JsonNode node) {
        return new TreeSet<>(fieldNamesInOrder(node));
    }

    /** One penalty as the config declares it. */
    private record ExpectedPenalty(String className, double lambda, String convention, double l1Ratio) {
        String type() {
            return className.substring(className.lastIndexOf('.') + 1);
        }

        /** The effective coefficients by λ field, with the convention written out here. */
        Map<String, Double> coefficients(int n, int b) {
            if (type().equals("ElasticNet")) {
                return Map.of("l1Lambda", c(l1Ratio * lambda, n, b), "l2Lambda", c((1 - l1Ratio) * lambda, n, b));
            }
            return Map.of("lambda", c(lambda, n, b));
        }

        private double c(double l, int n, int b) {
            return switch (convention) {
                case "DATASET" -> l / (2.0 * n);
                case "KERAS" -> l;
                case "SKLEARN" -> l / (2.0 * b);
                case "PYTORCH" -> l / 2.0;
                default -> throw new AssertionError(convention);
            };
        }
    }

    /** What a config says a run must record, read from the XML and the data files directly. */
    private static final class Expected {
        final Path dataFile;
        final String responseColumn;
        final String task;
        final List<Integer> testIndices = new ArrayList<>();
        final int trainRows;
        final int validationRows;
        final int testRows;
        final List<ExpectedPenalty> penalties = new ArrayList<>();
        final List<String> hidden;
        final long seed;
        final int batchSize;
        final double learningRate;
        final int classes;

        Expected(Cli.XmlConfig xml, String trainer) throws IOException {
            String data = xml.property("experiment", "data");
            String split = xml.property("experiment", "split");
            assertEquals("org.occam.experiments.data.CsvData", xml.type(data));
            assertEquals("org.occam.experiments.data.TestIndexFileSplit", xml.type(split));
            dataFile = BaseDir.resolve(xml.property(data, "path"));
            responseColumn = xml.property(data, "responseColumn");
            task = xml.property(data, "task");
            List<String> lines = Files.readAllLines(dataFile, StandardCharsets.UTF_8);
            int all = (int) lines.stream().skip(1).filter(l -> !l.isBlank()).count();
            List<String> header = Arrays.asList(lines.get(0).split(","));
            int response = header.indexOf(responseColumn);
            classes = (int) lines.stream().skip(1).filter(l -> !l.isBlank()).map(l -> l.split(",")[response]).distinct().count();
            for (String l : Files.readAllLines(BaseDir.resolve(xml.property(split, "path")))) {
                if (!l.isBlank()) {
                    testIndices.add(Integer.parseInt(l.trim()));
                }
            }
            testRows = testIndices.size();
            double vf = Double.parseDouble(xml.property(split, "validationFraction"));
            validationRows = (int) Math.round(vf * (all - testRows));
            trainRows = all - testRows - validationRows;
            for (String p : xml.list(trainer, "penalties")) {
                String convention = xml.property(p, "convention");
                String ratio = xml.property(p, "l1Ratio");
                penalties.add(new ExpectedPenalty(xml.type(p), Double.parseDouble(xml.property(p, "lambda")),
                        convention == null ? "DATASET" : convention, ratio == null ? Double.NaN : Double.parseDouble(ratio)));
            }
            hidden = xml.list(trainer, "hiddenLayerSizes");
            seed = Long.parseLong(xml.property(trainer, "seed"));
            batchSize = Integer.parseInt(xml.property(trainer, "minibatchSize"));
            learningRate = Double.parseDouble(xml.property(xml.property(trainer, "optimizer"), "learningRate"));
        }

        boolean classification() {
            return task.equals("CLASSIFICATION");
        }

        List<String> penaltyTypes() {
            return penalties.stream().map(ExpectedPenalty::type).toList();
        }

        List<String> hiddenWeights() {
            List<String> out = new ArrayList<>();
            for (int k = 1; k <= hidden.size(); k++) {
                out.add("hidden" + k + ".weight");
            }
            return out;
        }

        /** The test rows, loaded with Tribuo's own CSVLoader and picked by the index file. */
        <T extends org.tribuo.Output<T>> Dataset<T> testRows(org.tribuo.OutputFactory<T> factory) throws IOException {
            MutableDataset<T> all = new MutableDataset<>(new CSVLoader<>(factory).loadDataSource(dataFile, responseColumn));
            MutableDataset<T> test = new MutableDataset<>(all.getProvenance(), factory);
            List<Example<T>> examples = new ArrayList<>();
            Iterator<Example<T>> it = all.iterator();
            while (it.hasNext()) {
                examples.add(it.next());
            }
            for (int i : new TreeSet<>(testIndices)) {
                test.add(named(examples.get(i)));
            }
            return test;
        }

        /** Tribuo's CSVLoader names a single regression output DIM-0; Occam names it after its column. */
        @SuppressWarnings("unchecked")
        private <T extends org.tribuo.Output<T>> Example<T> named(Example<T> e) {
            if (!(e.getOutput() instanceof Regressor r)) {
                return e;
            }
            List<String> names = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            e.forEach(f -> {
                names.add(f.getName());
                values.add(f.getValue());
            });
            return (Example<T>) new org.tribuo.impl.ArrayExample<>(new Regressor(responseColumn, r.getValues()[0]),
                    names.toArray(new String[0]), values.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }

    // ---------------------------------------------------------------- bad data

    /** A one-component-per-line config on a CSV file given by absolute path, with a fraction split. */
    static String csvConfig(String name, Path csv, String responseColumn, String task) {
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
                    <property name="testFraction" value="0.25"/>
                  </component>
                  <component name="trainer" type="%s">
                    <propertylist name="hiddenLayerSizes"><item>4</item></propertylist>
                    <property name="epochs" value="2"/>
                  </component>
                </config>
                """.formatted(name, csv.toAbsolutePath(), responseColumn, task,
                task.equals("CLASSIFICATION") ? "org.occam.classification.MLPClassificationTrainer" : "org.occam.regression.MLPRegressionTrainer");
    }

    private Cli.Result runOnCsv(String csvText) throws IOException {
        Path csv = Files.writeString(tmp.resolve("data.csv"), csvText);
        Path config = Files.writeString(tmp.resolve("bad-data.xml"), csvConfig("bad-data", csv, "label", "CLASSIFICATION"));
        return Cli.run("run", config.toString(), "--out", tmp.resolve("runs").toString(), "--quiet");
    }

    @Test
    void raggedRowIsNamedByLine() throws IOException {
        Cli.Result r = runOnCsv("x1,x2,label\n1,2,0\n3,4,1\n5,6\n7,8,1\n");
        Cli.assertBadInput(r, tmp.resolve("runs"), "data.csv", "line 4", "2 cells", "header has 3");
    }

    @Test
    void nonNumericCellIsNamedByLineAndColumn() throws IOException {
        Cli.Result r = runOnCsv("x1,x2,label\n1,2,0\n3,four,1\n5,6,0\n");
        Cli.assertBadInput(r, tmp.resolve("runs"), "data.csv", "line 3", "'x2'", "'four'");
    }

    @Test
    void nanIsRejectedWithLineAndColumn() throws IOException {
        Cli.Result r = runOnCsv("x1,x2,label\n1,2,0\n3,4,1\nNaN,6,0\n");
        Cli.assertBadInput(r, tmp.resolve("runs"), "data.csv", "line 4", "'x1'", "NaN", "not a finite number");
    }

    @Test
    void infinityIsRejectedWithLineAndColumn() throws IOException {
        Cli.Result r = runOnCsv("x1,x2,label\n1,2,0\n3,-Infinity,1\n5,6,0\n");
        Cli.assertBadInput(r, tmp.resolve("runs"), "data.csv", "line 3", "'x2'", "-Infinity", "not a finite number");
    }

    @Test
    void missingLabelColumnNamesTheProperty() throws IOException {
        Cli.Result r = runOnCsv("x1,x2,y\n1,2,0\n3,4,1\n5,6,0\n");
        Cli.assertBadInput(r, tmp.resolve("runs"), "data.csv", "line 1", "'label'", "responseColumn");
    }

    @Test
    void zeroRowsAreRejected() throws IOException {
        Cli.Result r = runOnCsv("x1,x2,label\n");
        Cli.assertBadInput(r, tmp.resolve("runs"), "data.csv", "no data rows");
    }

    @Test
    void emptyFileIsRejected() throws IOException {
        Cli.Result r = runOnCsv("");
        Cli.assertBadInput(r, tmp.resolve("runs"), "data.csv", "line 1", "empty file");
    }

    @Test
    void missingDataFileNamesFileAndProperty() throws IOException {
        Path config = Files.writeString(tmp.resolve("no-data.xml"), csvConfig("no-data", tmp.resolve("absent.csv"), "label", "CLASSIFICATION"));
        Cli.Result r = Cli.run("run", config.toString(), "--out", tmp.resolve("runs").toString(), "--quiet");
        Cli.assertBadInput(r, tmp.resolve("runs"), "absent.csv", "no such file", "'path'");
    }

    @Test
    void outputRootThatIsAFileFailsWithoutLeavingAnything() throws IOException {
        Path csv = Files.writeString(tmp.resolve("ok.csv"), "x1,x2,label\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n0.5,0.5,0\n0.2,0.9,1\n0.9,0.1,1\n0.8,0.8,0\n");
        Path config = Files.writeString(tmp.resolve("ok.xml"), csvConfig("ok", csv, "label", "CLASSIFICATION"));
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
        Cli.Result r = Cli.run("run", config.toString(), "--out", file.toString(), "--quiet");
        assertEquals(OccamCommand.BAD_INPUT, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.errLines().get(0).contains("not-a-dir"), r::toString);
        assertEquals("x", Files.readString(file));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of("not-a-dir", "ok.csv", "ok.xml"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void divergingRunSaysWhereAndIsRecordedAsDiverged() throws IOException {
        Path out = tmp.resolve("runs");
        Cli.Result r = Cli.run("run", Cli.config("moons-baseline.xml").toString(), "--out", out.toString(), "--quiet",
                "--set", "trainer.epochs=2", "--set", "optimizer.learningRate=1e200");
        assertEquals(ExitCode.DIVERGED.code(), r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        for (String f : new String[]{"diverged", "epoch 1", "step", "smaller learning rate"}) {
            assertTrue(r.errLines().get(0).contains(f), () -> f + " in " + r);
        }
        assertFalse(r.errLines().get(0).contains("Exception"), r::toString);
        assertEquals("", r.out(), "--quiet prints no record path for a run that did not finish");
        // Issue 13 §3: no longer "records nothing": a DIVERGED row with the same reason, no model.
        Cli.assertFailedRunRecorded(out, "DIVERGED", "diverged", "epoch 1", "smaller learning rate");
    }

    /**
     * Issue 10 item 4 at the command line: SGD with learning rate 10 on the raw diabetes target,
     * 5 epochs, used to be recorded as a successful run with a training MSE near 1e207. Now it
     * stops with one line naming the rule, where it fired and what to try, and is recorded as a
     * DIVERGED run (no model; issue 13 §3 replaced "records nothing").
     * (The exit code is the command line's code for a diverged run, not 0.)
     */
    @Test
    void aFiniteBlowUpIsReportedAsADivergenceAndRecordedAsDiverged() throws IOException {
        String text = Files.readString(Cli.config("diabetes-l2.xml"), StandardCharsets.UTF_8)
                .replace("<item>128</item><item>128</item>", "<item>16</item>")
                .replace("<property name=\"epochs\" value=\"300\"/>", "<property name=\"epochs\" value=\"5\"/>"
                        + "<property name=\"standardizeTargets\" value=\"false\"/>")
                .replace("org.occam.core.optim.Adam", "org.occam.core.optim.Sgd")
                .replace("<property name=\"learningRate\" value=\"0.001\"/>", "<property name=\"learningRate\" value=\"10\"/>")
                .replace("datasets/", Cli.repoRoot().resolve("datasets").toString() + "/");
        assertTrue(text.contains("value=\"10\"") && text.contains("Sgd") && text.contains("standardizeTargets"), text);
        Path config = Files.writeString(tmp.resolve("diabetes-sgd-lr10.xml"), text);
        Path out = tmp.resolve("runs");
        Cli.Result r = Cli.run("run", config.toString(), "--out", out.toString(), "--quiet");
        assertNotEquals(0, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        String line = r.errLines().get(0);
        for (String f : new String[]{"training diverged", "the data loss grew from", "more than 1e+06 times", "epoch",
                "step", "smaller learning rate"}) {
            assertTrue(line.contains(f), () -> "stderr line does not mention '" + f + "': " + line);
        }
        assertFalse(line.contains("Exception"), line);
        Cli.assertFailedRunRecorded(out, "DIVERGED", "the data loss grew from", "smaller learning rate");
    }

    @Test
    void storeThatCannotBeOpenedLeavesNoRunDirectory() throws IOException {
        Path out = tmp.resolve("runs");
        Path storeDir = Files.createDirectories(tmp.resolve("a-directory"));
        Cli.Result r = Cli.run("run", Cli.config("iris.xml").toString(), "--out", out.toString(), "--quiet",
                "--set", "trainer.epochs=1", "--store", storeDir.toString());
        Cli.assertBadInput(r, out, "run store", "a-directory");
    }

    @Test
    void withoutQuietPrintsProgressAndTheHeadlineNumbers() throws IOException {
        Path out = tmp.resolve("runs");
        Cli.Result r = Cli.ok("run", Cli.config("moons-l2-dataset.xml").toString(), "--out", out.toString(), "--set", "trainer.epochs=2");
        List<String> lines = r.outLines();
        assertTrue(lines.get(0).startsWith("occam run: moons-l2-dataset ("), r::toString);
        assertTrue(lines.stream().anyMatch(l -> l.contains("epoch 1/2") && l.contains("loss")), r::toString);
        assertTrue(lines.stream().anyMatch(l -> l.contains("epoch 2/2")), r::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("record: " + out.resolve("moons-l2-dataset"))), r::toString);
        assertTrue(lines.stream().anyMatch(l -> l.contains("penalties: L2 λ=0.01 (DATASET)") && l.contains("seed: 1")), r::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("epochs: 2 (")), r::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("accuracy: train ") && l.contains("test macro-F1")), r::toString);
        assertEquals("", r.err());
    }

    // ---------------------------------------------------------------- two processes

    @Test
    void twoProcessesRecordRunsIntoOneDirectoryAtOnce() throws Exception {
        Path csv = Cli.repoRoot().resolve("datasets/moons_n200.csv");
        Path config = Files.writeString(tmp.resolve("small.xml"), csvConfig("small", csv, "label", "CLASSIFICATION"));
        Path out = tmp.resolve("shared-runs");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                Path log = tmp.resolve("child" + i + ".err");
                logs.add(log);
                processes.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                        "-D" + BaseDir.PROPERTY + "=" + Cli.repoRoot(),
                        OccamCommand.class.getName(), "run", config.toString(), "--out", out.toString(),
                        "--quiet", "--set", "trainer.epochs=2")
                        .redirectError(log.toFile()).redirectOutput(tmp.resolve("child" + i + ".out").toFile()).start());
            }
            for (int i = 0; i < processes.size(); i++) {
                assertTrue(processes.get(i).waitFor(120, TimeUnit.SECONDS), "child " + i + " timed out");
                assertEquals(0, processes.get(i).exitValue(), "child " + i + ":\n" + Files.readString(logs.get(i)));
            }
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
        List<Path> dirs;
        try (Stream<Path> s = Files.list(out.resolve("small"))) {
            dirs = s.sorted().toList();
        }
        assertEquals(2, dirs.size(), "two run directories: " + dirs);
        try (RunStore store = RunStore.open(out.resolve("occam.db"))) {
            List<RunSummary> rows = store.query(List.of());
            assertEquals(2, rows.size());
            assertEquals(dirs.stream().map(d -> d.getFileName().toString()).sorted().toList(),
                    rows.stream().map(RunSummary::runId).sorted().toList());
            for (RunSummary row : rows) {
                assertTrue(Files.isRegularFile(Path.of(row.recordPath()).resolve("run.json")));
                assertTrue(store.provenance(row.runId()).orElseThrow().contains("occam-experiment"));
            }
        }
        for (int i = 0; i < 2; i++) {
            String printed = Files.readString(tmp.resolve("child" + i + ".out")).strip();
            assertTrue(dirs.contains(Path.of(printed)), "each child prints its own record path: " + printed);
        }
    }
}
