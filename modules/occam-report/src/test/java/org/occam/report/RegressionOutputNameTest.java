package org.occam.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.experiments.data.BaseDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The run report of the shipped diabetes run names its output after the response column, not DIM-0;
 * records in the older layout still report and compare.
 */
class RegressionOutputNameTest {
    @TempDir
    Path tmp;

    @Test
    void theReportNamesTheTargetColumn() throws Exception {
        Path runs = tmp.resolve("runs");
        ReportFixtures.check(ReportFixtures.occam("run", BaseDir.resolve("configs/diabetes-baseline.xml").toString(),
                "--set", "trainer.epochs=2", "--set", "trainer.hiddenLayerSizes=8", "--out", runs.toString(), "--quiet"), "run");
        Path dir;
        try (Stream<Path> s = Files.list(runs.resolve("diabetes-baseline"))) {
            dir = s.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        String md = Files.readString(dir.resolve(Page.MARKDOWN));
        assertTrue(md.contains("Regression output: target."), md);
        assertTrue(md.contains("Output target (the first one)"), md);
        assertFalse(md.contains("DIM-0"), md);
    }

    /** A record in the layout before named outputs, log-loss and coefficient objects still reports and compares. */
    @Test
    void anOldLayoutRecordStillReportsAndCompares() throws Exception {
        Path runs = tmp.resolve("runs");
        for (int seed = 1; seed <= 2; seed++) {
            ReportFixtures.check(ReportFixtures.occam("run", BaseDir.resolve("configs/moons-l2-keras.xml").toString(),
                    "--set", "trainer.epochs=2", "--set", "trainer.seed=" + seed, "--out", runs.toString(), "--quiet"), "run");
        }
        java.util.List<Path> dirs;
        try (Stream<Path> s = Files.list(runs.resolve("moons-l2-keras"))) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        }
        Path old = dirs.get(0);
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode record = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(old.resolve("run.json").toFile());
        record.remove("finalWeights");
        com.fasterxml.jackson.databind.node.ObjectNode penalty = (com.fasterxml.jackson.databind.node.ObjectNode) record.path("summary").path("penalties").get(0);
        penalty.set("effectiveCoefficient", penalty.path("effectiveCoefficient").path("coefficients"));
        record.path("metrics").forEach(m -> ((com.fasterxml.jackson.databind.node.ObjectNode) m).remove("logLoss"));
        Files.writeString(old.resolve("run.json"), mapper.writeValueAsString(record));

        ReportFixtures.check(ReportFixtures.occam("report", old.toString()), "report of the old record");
        String md = Files.readString(old.resolve(Page.MARKDOWN));
        assertTrue(md.contains("lambda → c = 0.01"), md);
        Path compare = tmp.resolve("compare");
        ReportFixtures.check(ReportFixtures.occam("compare", old.toString(), dirs.get(1).toString(), "--out", compare.toString()), "compare");
        assertTrue(Files.isRegularFile(compare.resolve(Page.HTML)));
        String newer = Files.readString(dirs.get(1).resolve(Page.MARKDOWN));
        assertTrue(newer.contains("lambda → c = 0.01") && newer.contains("c = λ"), newer);
    }
}
