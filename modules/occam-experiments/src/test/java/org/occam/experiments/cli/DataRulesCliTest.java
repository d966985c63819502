package org.occam.experiments.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10, items 1–3 end to end through the command line: degenerate data refused before
 * training, missing-value imputation carried by the model into {@code predict}, CSV dialects in
 * {@code run} and {@code predict}, and {@code predict}'s options.
 */
class DataRulesCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** A config on a CSV given by absolute path; extra data properties and the split component are given. */
    private Path config(String name, Path csv, String task, String dataProperties, String split) throws Exception {
        String trainer = task.equals("CLASSIFICATION") ? "org.occam.classification.MLPClassificationTrainer"
                : "org.occam.regression.MLPRegressionTrainer";
        String response = task.equals("CLASSIFICATION") ? "label" : "target";
        String text = """
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
                    %s
                  </component>
                  %s
                  <component name="trainer" type="%s">
                    <propertylist name="hiddenLayerSizes"><item>4</item></propertylist>
                    <property name="epochs" value="2"/>
                  </component>
                </config>
                """.formatted(name, csv.toAbsolutePath(), response, task, dataProperties, split, trainer);
        return Files.writeString(tmp.resolve(name + ".xml"), text);
    }

    private static String fractionSplit(double test) {
        return "<component name=\"split\" type=\"org.occam.experiments.data.FractionSplit\"><property name=\"testFraction\" value=\""
                + test + "\"/></component>";
    }

    private Path csv(String name, String text) throws Exception {
        return Files.writeString(tmp.resolve(name), text, StandardCharsets.UTF_8);
    }

    private Cli.Result run(Path config) {
        return Cli.run("run", config.toString(), "--out", tmp.resolve("runs").toString(), "--quiet");
    }

    // ------------------------------------------------------------ 2. degenerate data

    @Test
    void aTrainingSplitWithASingleClassIsRefused() throws Exception {
        Path data = csv("one-class.csv", "x1,x2,label\n0,1,1\n1,0,1\n2,2,1\n3,1,1\n0,0,1\n1,1,1\n2,0,1\n3,3,1\n");
        Cli.assertBadInput(run(config("one-class", data, "CLASSIFICATION", "", fractionSplit(0.25))), tmp.resolve("runs"),
                "one-class.csv", "training split", "single class [1]", "at least two");
    }

    @Test
    void aConstantRegressionTargetIsRefused() throws Exception {
        Path data = csv("flat.csv", "x1,x2,target\n0,1,5\n1,0,5\n2,2,5.0\n3,1,5\n0,0,5\n1,1,5\n2,0,5\n3,3,5\n");
        Cli.assertBadInput(run(config("flat", data, "REGRESSION", "", fractionSplit(0.25))), tmp.resolve("runs"),
                "flat.csv", "training split", "constant target [5.0]");
    }

    @Test
    void aConstantTestTargetIsRefusedBecauseR2IsUndefinedOnIt() throws Exception {
        Path data = csv("flat-test.csv", "x1,target\n0,1\n1,2\n2,3\n3,4\n4,7\n5,7\n");
        Path idx = Files.writeString(tmp.resolve("idx.txt"), "4\n5\n");
        String split = "<component name=\"split\" type=\"org.occam.experiments.data.TestIndexFileSplit\"><property name=\"path\" value=\""
                + idx.toAbsolutePath() + "\"/></component>";
        Cli.assertBadInput(run(config("flat-test", data, "REGRESSION", "", split)), tmp.resolve("runs"),
                "flat-test.csv", "the test split (2 rows", "constant target [7.0]", "R² is undefined");
    }

    @Test
    void aSplitThatMustHaveRowsButHasNoneIsRefused() throws Exception {
        Path data = csv("tiny.csv", "x1,x2,label\n0,1,0\n1,0,1\n2,2,0\n3,1,1\n");
        Cli.assertBadInput(run(config("tiny", data, "CLASSIFICATION", "", fractionSplit(0.1))), tmp.resolve("runs"),
                "FractionSplit", "testFraction=0.1", "no test rows");
    }

    @Test
    void aRepeatedTestIndexIsRefusedNamingFileLineAndIndex() throws Exception {
        Path idx = Files.writeString(tmp.resolve("dup_idx.txt"), "1\n5\n1\n");
        Path config = Cli.config("iris.xml");
        Cli.Result r = Cli.run("run", config.toString(), "--out", tmp.resolve("runs").toString(), "--quiet",
                "--set", "split.path=" + idx.toAbsolutePath());
        Cli.assertBadInput(r, tmp.resolve("runs"), "dup_idx.txt", "line 3", "row index 1", "appears again");
    }

    // ------------------------------------------------------------ 1. CSV dialects and missing values

    @Test
    void aSemicolonFileWithQuotedHeadersTextLabelsAndABomRuns() throws Exception {
        StringBuilder text = new StringBuilder("\uFEFF\"x1\";\"x2\";\"label\"\r\n");
        for (int i = 0; i < 24; i++) {
            text.append(i % 5).append(';').append((i * 7) % 3).append(';').append(i % 2 == 0 ? "spam" : "\"ham\"").append("\r\n");
        }
        Path data = csv("semi.csv", text + "\r\n");
        Path record = Cli.recordDir(Cli.ok("run", config("semi", data, "CLASSIFICATION",
                "<property name=\"separator\" value=\";\"/>", fractionSplit(0.25)).toString(), "--out", tmp.resolve("runs").toString(), "--quiet"));
        JsonNode run = JSON.readTree(record.resolve("run.json").toFile());
        assertEquals(18, run.path("summary").path("rows").path("train").asInt());
        Cli.Result p = Cli.ok("predict", record.toString(), data.toString(), "--separator", ";");
        assertEquals("row,prediction,p_ham,p_spam", p.outLines().get(0), p::toString);
        assertEquals(25, p.outLines().size());
    }

    @Test
    void meanImputationIsFittedOnTrainingRowsRecordedAndAppliedByPredict() throws Exception {
        // rows 0..7; rows 6 and 7 are the test rows; x2 is missing on training row 2 and test row 7
        Path data = csv("gaps.csv", "x1,x2,label\n0,10,a\n1,20,b\n2,,a\n3,40,b\n4,50,a\n5,60,b\n6,1000,a\n7,,b\n");
        Path idx = Files.writeString(tmp.resolve("gaps_idx.txt"), "6\n7\n");
        String split = "<component name=\"split\" type=\"org.occam.experiments.data.TestIndexFileSplit\"><property name=\"path\" value=\""
                + idx.toAbsolutePath() + "\"/></component>";
        Path config = config("gaps", data, "CLASSIFICATION", "<property name=\"missingValues\" value=\"MEAN_IMPUTE\"/>", split);
        Cli.assertBadInput(Cli.run("run", config.toString(), "--out", tmp.resolve("refused").toString(), "--quiet",
                "--set", "data.missingValues=ERROR"), tmp.resolve("refused"), "gaps.csv", "line 4", "'x2'", "missing value");

        Path record = Cli.recordDir(Cli.ok("run", config.toString(), "--out", tmp.resolve("runs").toString(), "--quiet"));
        JsonNode prep = JSON.readTree(record.resolve("run.json").toFile()).path("summary").path("dataPreparation");
        assertEquals("MEAN_IMPUTE", prep.path("missingValues").asText());
        assertEquals(2, prep.path("imputedCells").asInt());
        // training rows 0..5 only: x2 = (10+20+40+50+60)/5 = 36 (the test row's 1000 is not seen); x1 = 15/6 = 2.5
        assertEquals(36.0, prep.path("imputationMeans").path("x2").asDouble(), 0.0);
        assertEquals(2.5, prep.path("imputationMeans").path("x1").asDouble(), 0.0);

        Path gap = csv("predict-gap.csv", "x1,x2\n2,\n7,\n");
        Path filled = csv("predict-filled.csv", "x1,x2\n2,36\n7,36\n");
        Cli.Result a = Cli.ok("predict", record.toString(), gap.toString());
        Cli.Result b = Cli.ok("predict", record.resolve("model.tribuo").toString(), filled.toString());
        assertEquals(b.out(), a.out(), "predict fills an empty cell with the training mean stored in the model");
        Path na = csv("predict-na.csv", "x1,x2\n2,NA\n7,\n");
        Cli.assertBadInput(Cli.run("predict", record.toString(), na.toString()), null, "predict-na.csv", "line 2", "'x2'", "not a number: 'NA'");
        assertEquals(b.out(), Cli.ok("predict", record.toString(), na.toString(), "--missing-token", "NA").out());

        Cli.Result reproduced = Cli.run("reproduce", record.toString());
        assertEquals(0, reproduced.code(), reproduced::toString);
    }

    @Test
    void dropRowsIsRecordedInRunJson() throws Exception {
        Path data = csv("drop.csv", "x1,x2,label\n0,1,a\n1,,b\n2,2,a\n3,1,b\n0,0,a\nNA,1,b\n2,0,a\n3,3,b\n1,1,a\n2,3,b\n");
        Path config = config("drop", data, "CLASSIFICATION", "<property name=\"missingValues\" value=\"DROP_ROWS\"/>"
                + "<propertylist name=\"missingTokens\"><item>NA</item></propertylist>", fractionSplit(0.25));
        Path record = Cli.recordDir(Cli.ok("run", config.toString(), "--out", tmp.resolve("runs").toString(), "--quiet"));
        JsonNode prep = JSON.readTree(record.resolve("run.json").toFile()).path("summary").path("dataPreparation");
        assertEquals(2, prep.path("droppedRows").asInt());
        assertEquals("[3,7]", prep.path("droppedLines").toString());
    }

    @Test
    void numericLabelSpellingsAreOneClassAndTheMappingIsRecorded() throws Exception {
        Path data = csv("spell.csv", "x1,x2,label\n0,1,1\n1,0,1.0\n2,2,01\n3,1,0\n0,0,0.0\n1,1,1e0\n2,0,0\n3,3,1\n");
        Path record = Cli.recordDir(Cli.ok("run", config("spell", data, "CLASSIFICATION", "", fractionSplit(0.25)).toString(),
                "--out", tmp.resolve("runs").toString(), "--quiet"));
        JsonNode run = JSON.readTree(record.resolve("run.json").toFile());
        assertEquals("{\"0.0\":\"0\",\"01\":\"1\",\"1.0\":\"1\",\"1e0\":\"1\"}", run.path("summary").path("dataPreparation").path("labelSpellings").toString());
        Cli.Result p = Cli.ok("predict", record.toString(), csv("spell-p.csv", "x1,x2,label\n0,1,1.00\n").toString());
        assertEquals("row,prediction,p_0,p_1", p.outLines().get(0), "two classes, not five");
    }

    // ------------------------------------------------------------ 3. predict never guesses

    private Path moonsRun() {
        return Cli.recordDir(Cli.ok("run", Cli.config("moons-l2-keras.xml").toString(), "--out", tmp.resolve("runs").toString(), "--quiet",
                "--set", "trainer.epochs=2", "--set", "trainer.hiddenLayerSizes=8"));
    }

    @Test
    void predictNamesTheModelFeaturesMissingFromTheCsvAndOptionErrors() throws Exception {
        Path record = moonsRun();
        Path model = record.resolve("model.tribuo");
        Cli.assertBadInput(Cli.run("predict", model.toString(), csv("half.csv", "x1,label\n0.5,0\n").toString()), null,
                "half.csv", "line 1", "1 feature(s) of the model have no column: [x2]");
        Path points = csv("points.csv", "x1,x2\n0.5,0.25\n");
        Cli.assertBadInput(Cli.run("predict", model.toString(), points.toString(), "--samples", "-5"), null, "--samples -5");
        Cli.assertBadInput(Cli.run("predict", model.toString(), csv("gap.csv", "x1,x2\n0.5,\n").toString()), null,
                "gap.csv", "line 2", "'x2'", "missing value (an empty cell)", "MEAN_IMPUTE");
        Cli.assertBadInput(Cli.run("predict", tmp.toString(), points.toString()), null, tmp.toString(), "not a run directory");
        Cli.assertBadInput(Cli.run("predict", record.toString(), csv("bad-utf8.csv", "x1,x2\n0.5,0.25\n").toString(),
                "--separator", ":"), null, "--separator");
    }

    @Test
    void predictReadsTheCsvRulesAndWritesAtomicallyToOut() throws Exception {
        Path record = moonsRun();
        Cli.Result plain = Cli.ok("predict", record.toString(), csv("plain.csv", "x1,x2\n0.5,0.25\n-1,0.75\n").toString());
        Cli.Result bom = Cli.ok("predict", record.resolve("model.tribuo").toString(),
                csv("bom.csv", "\uFEFF\"x1\",x2\r\n0.5,0.25\r\n-1,0.75\r\n\r\n").toString());
        assertEquals(plain.out(), bom.out(), "a BOM, quotes and CRLF change nothing");
        Cli.Result tab = Cli.ok("predict", record.toString(), csv("tab.tsv", "x2\tx1\n0.25\t0.5\n0.75\t-1\n").toString(), "--separator", "tab");
        assertEquals(plain.out(), tab.out());

        Path out = tmp.resolve("predictions.csv");
        Cli.Result written = Cli.ok("predict", record.toString(), tmp.resolve("plain.csv").toString(), "--out", out.toString());
        assertEquals("", written.out());
        assertEquals(plain.out(), Files.readString(out));
        try (Stream<Path> s = Files.list(tmp)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
        Cli.Result failed = Cli.run("predict", record.toString(), csv("word.csv", "x1,x2\n0.5,high\n").toString(), "--out", out.toString());
        assertEquals(OccamCommand.BAD_INPUT, failed.code());
        assertEquals(plain.out(), Files.readString(out), "a failed predict leaves the previous output untouched");

        List<String> lines = plain.outLines();
        for (String cell : lines.get(1).split(",")) {
            assertTrue(cell.matches("[0-9]+") || cell.matches("[01]") || Double.toString(Double.parseDouble(cell)).equals(cell), cell);
        }
        String p0 = lines.get(1).split(",")[2];
        assertTrue(p0.length() > 8, "full precision, not 6 decimals: " + p0);
    }
}
