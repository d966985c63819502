package org.occam.experiments.cli;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.occam.core.onnx.OnnxExport;
import org.occam.experiments.ExperimentConfig;
import org.occam.experiments.ExperimentRunner;
import org.occam.experiments.RunResult;
import org.occam.experiments.data.DataException;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.ONNXExportable;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.interop.onnx.DenseTransformer;
import org.tribuo.interop.onnx.LabelTransformer;
import org.tribuo.interop.onnx.ONNXExternalModel;
import org.tribuo.regression.Regressor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every shipped config's model, exported to ONNX and run in ONNX Runtime, gives the Java model's
 * outputs on the test rows within float32 rounding and the same classes.
 */
public class OnnxExportTest {
    private static final int EPOCHS = 3;
    /** float32 has a 2^−24 ≈ 6e−8 unit roundoff; a few layers of sums stay far inside this. */
    private static final double RELATIVE = 1e-5;
    /**
     * Besides the relative bound, an absolute one for outputs that float32 cannot hold to 1e-5
     * relative: a probability p = e^z with |z| ≈ 70 (seen: 8e−30) moves by |z|·2^−24 relative when z
     * is rounded, and below 1.2e−38 floats are subnormal (7.0e−45 for 7.02e−45).
     */
    private static final double ABSOLUTE_FLOOR = 1e-12;
    /** Configs whose model is not an Occam MLP (a Tribuo linear model): their export is refused. */
    private static final List<String> NOT_EXPORTABLE = List.of("breast-cancer-tribuo-linear-l2.xml");

    @TempDir
    Path tmp;

    static List<Path> runConfigs() throws IOException {
        List<Path> configs = new ArrayList<>();
        for (Path p : Cli.shippedConfigs()) {
            if (!p.getFileName().toString().contains("sweep")) {
                configs.add(p);
            }
        }
        assertTrue(configs.size() >= 40, configs::toString);
        return configs;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runConfigs")
    void onnxRuntimeAgreesWithTheJavaModel(Path config) throws Exception {
        RunResult r = run(config);
        Model<?> model = r.model();
        if (NOT_EXPORTABLE.contains(config.getFileName().toString())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxExport.export(model, "org.occam", 1));
            assertTrue(e.getMessage().contains(model.getClass().getName()), e.getMessage());
            return;
        }
        OnnxMl.ModelProto proto = OnnxExport.export(model, "org.occam", 1);
        assertEquals(ONNXExportable.SERIALIZER.marshalAndSerialize(model.getProvenance()),
                metadata(proto, ONNXExportable.PROVENANCE_METADATA_FIELD));
        List<String> featureNames = new ArrayList<>();
        for (int id = 0; id < model.getFeatureIDMap().size(); id++) {
            featureNames.add(model.getFeatureIDMap().get(id).getName());
        }
        assertEquals(String.join(",", featureNames), metadata(proto, org.occam.core.onnx.OnnxGraphs.FEATURES_METADATA_FIELD));
        if (model.validate(Label.class)) {
            List<String> labels = new ArrayList<>();
            for (int id = 0; id < model.getOutputIDInfo().size(); id++) {
                labels.add(((Label) model.getOutputIDInfo().getOutput(id)).getLabel());
            }
            assertEquals(String.join(",", labels), metadata(proto, org.occam.core.onnx.OnnxGraphs.OUTPUTS_METADATA_FIELD));
        }
        List<? extends Example<?>> rows = testRows(r);
        float[][] onnx = runOnnx(proto, model.getFeatureIDMap(), rows);
        compare(config, model, rows, onnx);
    }

    /** The models themselves (no feature standardization around them) export through Tribuo's ONNXExportable. */
    @Test
    public void bareModelsExportThroughOnnxExportable() throws Exception {
        org.tribuo.MutableDataset<Label> moons = (org.tribuo.MutableDataset<Label>) new org.occam.experiments.data.MoonsData(120, 0.2, 5).load().dataset();
        Model<Label> classifier = org.occam.classification.MLPClassificationTrainer.builder().hiddenLayerSizes(6, 5)
                .activation(org.occam.core.nn.Activation.ELU).epochs(5).seed(2).build().train(moons);
        assertTrue(classifier instanceof ONNXExportable);
        List<Example<Label>> rows = new ArrayList<>();
        moons.forEach(rows::add);
        compare(Path.of("bare classifier"), classifier, rows, runOnnx(((ONNXExportable) classifier).exportONNXModel("org.occam", 3), classifier.getFeatureIDMap(), rows));

        Model<Label> logistic = org.occam.classification.MLPClassificationTrainer.builder().hiddenLayerSizes(6)
                .outputHead(org.occam.classification.OutputHead.LOGISTIC).epochs(5).seed(2).build().train(moons);
        compare(Path.of("bare logistic classifier"), logistic, rows,
                runOnnx(((ONNXExportable) logistic).exportONNXModel("org.occam", 3), logistic.getFeatureIDMap(), rows));

        org.tribuo.MutableDataset<Regressor> regression = new org.tribuo.MutableDataset<>(
                new org.tribuo.provenance.SimpleDataSourceProvenance("line", new org.tribuo.regression.RegressionFactory()),
                new org.tribuo.regression.RegressionFactory());
        for (int i = 0; i < 50; i++) {
            double x = i / 10.0;
            regression.add(new org.tribuo.impl.ArrayExample<>(new Regressor("y", 100 + 30 * Math.sin(x)), new String[]{"x"}, new double[]{x}));
        }
        Model<Regressor> regressor = org.occam.regression.MLPRegressionTrainer.builder().hiddenLayerSizes(8)
                .activation(org.occam.core.nn.Activation.LEAKY_RELU).epochs(5).seed(2).build().train(regression);
        List<Example<Regressor>> regressionRows = new ArrayList<>();
        regression.forEach(regressionRows::add);
        OnnxMl.ModelProto proto = ((ONNXExportable) regressor).exportONNXModel("org.occam", 3);
        assertEquals(3, proto.getModelVersion());
        compare(Path.of("bare regressor"), regressor, regressionRows, runOnnx(proto, regressor.getFeatureIDMap(), regressionRows));
    }

    @Test
    public void theOnnxModelEvaluatesLikeTheJavaModelThroughTribuo() throws Exception {
        RunResult r = run(Cli.config("moons-l2-keras.xml"));
        @SuppressWarnings("unchecked")
        Model<Label> model = (Model<Label>) r.model();
        Path file = tmp.resolve("moons.onnx");
        OnnxExport.save(model, "org.occam", 1, file);
        Map<String, Integer> featureMapping = new HashMap<>();
        model.getFeatureIDMap().forEach(f -> featureMapping.put(f.getName(), model.getFeatureIDMap().getID(f.getName())));
        Map<Label, Integer> outputMapping = new HashMap<>();
        model.getOutputIDInfo().getDomain().forEach(l -> outputMapping.put(l, model.getOutputIDInfo().getID(l)));
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        {
            ONNXExternalModel<Label> onnx = ONNXExternalModel.createOnnxModel(new LabelFactory(), featureMapping, outputMapping,
                    new DenseTransformer(), new LabelTransformer(true), options, file, "input");
            @SuppressWarnings("unchecked")
            Dataset<Label> test = (Dataset<Label>) testDataset(r);
            LabelEvaluator evaluator = new LabelEvaluator();
            double javaAccuracy = evaluator.evaluate(model, test).accuracy();
            double onnxAccuracy = evaluator.evaluate(onnx, test).accuracy();
            assertEquals(javaAccuracy, onnxAccuracy, 0.0);
            assertTrue(javaAccuracy > 0.6, "a trained model: " + javaAccuracy);
            onnx.close();
        }
    }

    @Test
    public void theExportCommandWritesAFileOnnxRuntimeLoads() throws Exception {
        Path config = Cli.config("iris.xml");
        Cli.XmlConfig xml = new Cli.XmlConfig(config);
        Path out = tmp.resolve("runs");
        Path dir = Cli.recordDir(Cli.ok("run", config.toString(), "--out", out.toString(), "--quiet",
                "--set", xml.property("experiment", "trainer") + ".epochs=2"));
        Path file = tmp.resolve("iris.onnx");
        Cli.Result r = Cli.ok("export", dir.toString(), "--onnx", file.toString());
        assertEquals(List.of(file.toString()), r.outLines());
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions())) {
            assertEquals(List.of("input"), new ArrayList<>(session.getInputNames()));
            assertEquals(List.of("output"), new ArrayList<>(session.getOutputNames()));
        }
        Path fromModelFile = tmp.resolve("iris2.onnx");
        Cli.ok("export", dir.resolve("model.tribuo").toString(), "--onnx", fromModelFile.toString());
        assertEquals(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1).length(), Files.size(fromModelFile));
    }

    @Test
    public void exportingAModelThatIsNoMlpIsOneLineNamingIt() throws Exception {
        Path config = Cli.config("breast-cancer-tribuo-linear-l2.xml");
        Path out = tmp.resolve("runs");
        Cli.XmlConfig xml = new Cli.XmlConfig(config);
        Path dir = Cli.recordDir(Cli.ok("run", config.toString(), "--out", out.toString(), "--quiet",
                "--set", xml.property("experiment", "trainer") + ".epochs=1"));
        Path file = tmp.resolve("linear.onnx");
        Cli.Result r = Cli.run("export", dir.toString(), "--onnx", file.toString());
        assertEquals(2, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        // refused when loading (the CLI's model-class allowlist) or when exporting: either way one line naming file and class
        assertTrue(r.errLines().get(0).contains("model.tribuo") && r.errLines().get(0).contains("LinearSGDModel"), r::toString);
        assertFalse(Files.exists(file));
        try (var s = Files.list(tmp)) {
            assertEquals(0, s.filter(p -> p.getFileName().toString().endsWith(".tmp")).count());
        }
        Cli.Result missing = Cli.run("export", tmp.resolve("nope").toString(), "--onnx", file.toString());
        assertEquals(2, missing.code(), missing::toString);
        assertTrue(missing.errLines().get(0).contains("nope"), missing::toString);
    }

    private static String metadata(OnnxMl.ModelProto proto, String key) {
        return proto.getMetadataPropsList().stream().filter(m -> m.getKey().equals(key)).findFirst().orElseThrow().getValue();
    }

    private RunResult run(Path config) throws Exception {
        Cli.XmlConfig xml = new Cli.XmlConfig(config);
        String trainer = xml.property("experiment", "trainer");
        ExperimentConfig.Loaded loaded = ExperimentConfig.load(config, List.of(trainer + ".epochs=" + EPOCHS));
        return ExperimentRunner.execute(loaded.experiment(), null);
    }

    private static Dataset<?> testDataset(RunResult r) {
        org.tribuo.MutableDataset<?> all = r.data().dataset();
        return subset(all, r.partition().test());
    }

    private static <T extends org.tribuo.Output<T>> Dataset<T> subset(org.tribuo.MutableDataset<T> all, int[] rows) {
        org.tribuo.MutableDataset<T> out = new org.tribuo.MutableDataset<>(all.getProvenance(), all.getOutputFactory());
        for (int i : rows) {
            out.add(all.getExample(i));
        }
        return out;
    }

    private static List<? extends Example<?>> testRows(RunResult r) {
        List<Example<?>> rows = new ArrayList<>();
        for (int i : r.partition().test()) {
            rows.add(r.data().dataset().getExample(i));
        }
        assertFalse(rows.isEmpty());
        return rows;
    }

    private static float[][] runOnnx(OnnxMl.ModelProto proto, ImmutableFeatureMap features, List<? extends Example<?>> rows) throws Exception {
        float[][] input = new float[rows.size()][features.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (Feature f : rows.get(i)) {
                int id = features.getID(f.getName());
                if (id >= 0) {
                    input[i][id] = (float) f.getValue();
                }
            }
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(proto.toByteArray(), new OrtSession.SessionOptions());
             OnnxTensor tensor = OnnxTensor.createTensor(env, input);
             OrtSession.Result result = session.run(Map.of("input", tensor))) {
            return (float[][]) result.get(0).getValue();
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void compare(Path config, Model<?> model, List<? extends Example<?>> rows, float[][] onnx) {
        List<Prediction<?>> java = (List) ((Model) model).predict((Iterable) rows);
        double worst = 0;
        for (int i = 0; i < rows.size(); i++) {
            Prediction<?> p = java.get(i);
            double[] expected;
            if (p.getOutput() instanceof Label) {
                expected = new double[model.getOutputIDInfo().size()];
                int best = 0;
                for (int id = 0; id < expected.length; id++) {
                    String name = ((Label) model.getOutputIDInfo().getOutput(id)).getLabel();
                    expected[id] = ((Label) p.getOutputScores().get(name)).getScore();
                    if (onnx[i][id] > onnx[i][best]) {
                        best = id;
                    }
                }
                assertEquals(((Label) p.getOutput()).getLabel(), ((Label) model.getOutputIDInfo().getOutput(best)).getLabel(),
                        config + ": row " + i + " predicted class");
            } else {
                expected = ((Regressor) p.getOutput()).getValues();
            }
            assertEquals(expected.length, onnx[i].length);
            for (int j = 0; j < expected.length; j++) {
                double diff = Math.abs(onnx[i][j] - expected[j]);
                int row = i;
                int col = j;
                assertTrue(diff <= RELATIVE * Math.abs(expected[j]) + ABSOLUTE_FLOOR,
                        () -> config + ": row " + row + " output " + col + ": java " + expected[col] + ", onnx " + onnx[row][col]);
                if (Math.abs(expected[j]) > 1e-6) {
                    worst = Math.max(worst, diff / Math.abs(expected[j]));
                }
            }
        }
        System.out.println("onnx vs java, " + config.getFileName() + ": worst relative difference (outputs > 1e-6) " + worst);
    }
}
