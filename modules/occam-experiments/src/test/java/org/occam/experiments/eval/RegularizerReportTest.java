package org.occam.experiments.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.experiments.cli.OccamCommand;
import org.occam.experiments.record.RunRecorder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The regularizer comparison's report over real run records: two short runs of the shipped
 * comparison configs that finish and one that diverges (learning rate 1e200). The finished runs'
 * rows carry the numbers of their records; the diverged run is listed with its status and reason,
 * not left out, and its technique does not count as narrowing the gap.
 */
class RegularizerReportTest {
    @TempDir
    static Path runs;

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void runThreeExperiments() {
        assertEquals(0, run("moons200-baseline.xml", "--set", "trainer.epochs=20"));
        assertEquals(0, run("moons200-l2.xml", "--set", "trainer.epochs=20"));
        assertTrue(run("moons200-dropout.xml", "--set", "trainer.epochs=2", "--set", "optimizer.learningRate=1e200") != 0,
                "a learning rate of 1e200 diverges");
    }

    private static int run(String config, String... sets) {
        Path root = Path.of(System.getProperty("occam.baseDir", ".")).toAbsolutePath();
        String[] args = Stream.concat(Stream.of("run", root.resolve("evaluation/regularizers").resolve(config).toString(),
                "--out", runs.toString(), "--quiet", "--no-reports"), Stream.of(sets)).toArray(String[]::new);
        return OccamCommand.execute(args);
    }

    private static JsonNode record(String experiment) throws IOException {
        try (Stream<Path> s = Files.walk(runs.resolve(experiment), 2)) {
            List<Path> files = s.filter(p -> p.getFileName().toString().equals(RunRecorder.RUN_JSON)).toList();
            assertEquals(1, files.size(), experiment);
            return JSON.readTree(files.get(0).toFile());
        }
    }

    @Test
    void finishedRunsCarryTheirRecordsNumbersAndTheDivergedOneIsListed() throws IOException {
        Map<String, Map<String, RegularizerReport.Row>> rows = RegularizerReport.read(runs);
        Map<String, RegularizerReport.Row> moons = rows.get("moons200");
        assertEquals(List.of("baseline", "dropout", "l2"), List.copyOf(moons.keySet()));

        JsonNode l2 = record("moons200-l2");
        double train = l2.path("metrics").path("train").path("accuracy").asDouble();
        double test = l2.path("metrics").path("test").path("accuracy").asDouble();
        assertTrue(train > 0.5 && test > 0.5, l2::toString);
        assertEquals(train, moons.get("l2").train());
        assertEquals(train - test, moons.get("l2").gap(), 1e-15);
        assertTrue(moons.get("l2").finished());

        RegularizerReport.Row dropout = moons.get("dropout");
        assertFalse(dropout.finished());
        assertEquals("DIVERGED", dropout.status());
        assertTrue(Double.isNaN(dropout.train()));

        String md = RegularizerReport.render(rows);
        double baseGap = moons.get("baseline").gap();
        String l2Line = String.format(Locale.ROOT, "| l2 | %.4f | %.4f | %+.4f | %+.4f |", train, test, train - test, (train - test) - baseGap);
        assertTrue(md.contains(l2Line), () -> l2Line + " in\n" + md);
        assertFalse(md.matches("(?s).*\\| dropout \\| [0-9].*"), "no metrics row for the diverged run:\n" + md);
        assertTrue(md.contains("- `moons200-dropout`: DIVERGED after 0 completed epochs: "), md);
        assertTrue(md.contains("smaller learning rate"), md);
        assertTrue(md.contains("| dropout | no |"), "a diverged required technique does not narrow the gap:\n" + md);
        assertTrue(md.contains("| mixup | not run |"), md);
    }
}
