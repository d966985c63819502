package org.occam.experiments.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code occam predict MODEL CSV}: predictions for raw CSV rows, and bad prediction input. */
class PredictCommandTest {
    @TempDir
    static Path tmp;

    private static Path classifier;
    private static Path regressor;

    @BeforeAll
    static void trainModels() {
        Path out = tmp.resolve("runs");
        classifier = Cli.recordDir(Cli.ok("run", Cli.config("moons-l2-keras.xml").toString(), "--out", out.toString(), "--quiet",
                "--set", "trainer.epochs=2", "--set", "trainer.hiddenLayerSizes=8")).resolve("model.tribuo");
        regressor = Cli.recordDir(Cli.ok("run", Cli.config("diabetes-baseline.xml").toString(), "--out", out.toString(), "--quiet",
                "--set", "trainer.epochs=2", "--set", "trainer.hiddenLayerSizes=8")).resolve("model.tribuo");
    }

    private static Path csv(String name, String text) throws Exception {
        return Files.writeString(tmp.resolve(name), text);
    }

    @SuppressWarnings("unchecked")
    private static <T extends org.tribuo.Output<T>> Model<T> load(Path file) throws Exception {
        return (Model<T>) Model.deserializeFromFile(file);
    }

    @Test
    void printsAHeaderAndOneLinePerRowAsTheModelPredicts() throws Exception {
        double[][] rows = {{-0.9, 0.4}, {1.8, -0.2}, {0.5, 0.25}, {0.0, 1.0}, {1.0, -0.5}};
        StringBuilder text = new StringBuilder("x1,x2,label\n");
        for (double[] r : rows) {
            text.append(r[0]).append(',').append(r[1]).append(",0\n");
        }
        Cli.Result r = Cli.ok("predict", classifier.toString(), csv("points.csv", text.toString()).toString());
        List<String> lines = r.outLines();
        assertEquals(rows.length + 1, lines.size(), r::toString);
        assertEquals("row,prediction,p_0,p_1", lines.get(0));
        Model<Label> model = load(classifier);
        for (int i = 0; i < rows.length; i++) {
            String[] cells = lines.get(i + 1).split(",");
            assertEquals(Integer.toString(i), cells[0]);
            Prediction<Label> p = model.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, new String[]{"x1", "x2"}, rows[i]));
            assertEquals(p.getOutput().getLabel(), cells[1], "row " + i);
            double p0 = Double.parseDouble(cells[2]);
            double p1 = Double.parseDouble(cells[3]);
            assertEquals(p.getOutputScores().get("0").getScore(), p0, 0.0, "full precision");
            assertEquals(p.getOutputScores().get("1").getScore(), p1, 0.0, "full precision");
            assertEquals(1.0, p0 + p1, 2e-6);
            assertEquals(p0 > p1 ? "0" : "1", cells[1]);
        }
        assertEquals("", r.err());
    }

    @Test
    void columnOrderAndAMissingLabelColumnDoNotMatter() throws Exception {
        Cli.Result a = Cli.ok("predict", classifier.toString(), csv("a.csv", "x1,x2,label\n0.3,0.7,1\n1.2,-0.4,0\n").toString());
        Cli.Result b = Cli.ok("predict", classifier.toString(), csv("b.csv", "x2,x1\n0.7,0.3\n-0.4,1.2\n").toString());
        assertEquals(a.out(), b.out());
    }

    @Test
    void regressionPrintsOneValuePerRow() throws Exception {
        List<String> data = Files.readAllLines(Cli.repoRoot().resolve("datasets/diabetes.csv"));
        String text = String.join("\n", data.subList(0, 4)) + "\n";
        Cli.Result r = Cli.ok("predict", regressor.toString(), csv("diabetes-head.csv", text).toString());
        List<String> lines = r.outLines();
        assertEquals(4, lines.size(), r::toString);
        Model<Regressor> model = load(regressor);
        String dimension = model.getOutputIDInfo().getDomain().iterator().next().getNames()[0];
        assertEquals("row," + dimension, lines.get(0));
        String[] header = data.get(0).split(",");
        for (int i = 1; i <= 3; i++) {
            String[] cells = data.get(i).split(",");
            String[] names = new String[header.length - 1];
            double[] values = new double[header.length - 1];
            for (int c = 0, k = 0; c < header.length; c++) {
                if (!header[c].equals("target")) {
                    names[k] = header[c];
                    values[k++] = Double.parseDouble(cells[c]);
                }
            }
            double expected = model.predict(new ArrayExample<>(RegressionFactory.UNKNOWN_REGRESSOR, names, values)).getOutput().getValues()[0];
            String[] printed = lines.get(i).split(",");
            assertEquals(Integer.toString(i - 1), printed[0]);
            assertEquals(Double.toString(expected), printed[1], "full precision: the printed number reads back to the same double");
        }
    }

    @Test
    void columnsTheModelNeverSawAreReportedOnOneLine() throws Exception {
        Cli.Result r = Cli.ok("predict", classifier.toString(), csv("extra.csv", "x1,x2,x3\n0.1,0.2,0.3\n").toString());
        assertEquals(2, r.outLines().size());
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.errLines().get(0).contains("1 column(s) the model never saw: [x3]"), r::toString);
    }

    @Test
    void aLabelTheModelNeverSawIsRejected() throws Exception {
        Path file = csv("new-label.csv", "x1,x2,label\n0.1,0.2,0\n0.3,0.4,7\n");
        Cli.Result r = Cli.run("predict", classifier.toString(), file.toString());
        Cli.assertBadInput(r, null, "new-label.csv", "line 3", "label '7'", "never seen", "[0, 1]");
        assertEquals("", r.out(), "nothing printed for a rejected file");
    }

    @Test
    void nonNumericAndNonFiniteCellsNameLineAndColumn() throws Exception {
        Cli.assertBadInput(Cli.run("predict", classifier.toString(), csv("word.csv", "x1,x2\n0.1,0.2\n0.1,high\n").toString()),
                null, "word.csv", "line 3", "'x2'", "'high'");
        Cli.assertBadInput(Cli.run("predict", classifier.toString(), csv("nan.csv", "x1,x2\nNaN,0.2\n").toString()),
                null, "nan.csv", "line 2", "'x1'", "not a finite number");
        Cli.assertBadInput(Cli.run("predict", classifier.toString(), csv("ragged.csv", "x1,x2\n0.1\n").toString()),
                null, "ragged.csv", "line 2", "1 cells");
    }

    @Test
    void csvWithoutTheModelsFeaturesOrRows() throws Exception {
        Cli.assertBadInput(Cli.run("predict", classifier.toString(), csv("other.csv", "a,b\n1,2\n").toString()),
                null, "other.csv", "line 1", "none of the columns");
        Cli.assertBadInput(Cli.run("predict", classifier.toString(), csv("header-only.csv", "x1,x2\n").toString()),
                null, "header-only.csv", "no data rows");
        Cli.assertBadInput(Cli.run("predict", classifier.toString(), tmp.resolve("absent.csv").toString()),
                null, "absent.csv", "no such CSV file");
    }

    @Test
    void aFileThatIsNotAModelIsNamed() throws Exception {
        Path notModel = csv("not-a-model.tribuo", "x1,x2\n1,2\n");
        Cli.assertBadInput(Cli.run("predict", notModel.toString(), notModel.toString()), null, "not-a-model.tribuo", "not a Tribuo model");
        Cli.assertBadInput(Cli.run("predict", tmp.resolve("absent.tribuo").toString(), notModel.toString()), null,
                "absent.tribuo", "no such model file");
    }
}
