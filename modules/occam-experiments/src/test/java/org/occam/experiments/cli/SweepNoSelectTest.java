package org.occam.experiments.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.experiments.sweep.SweepManifest;
import org.occam.experiments.sweep.SweepResults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code occam sweep --no-select}: a grid measured on a fixed test split without validation rows
 * runs, reports train and test metrics only and says "no selection"; without the flag the missing
 * validation rows stay an error that names the flag.
 */
class SweepNoSelectTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static String[] sweep(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("sweep", Cli.config("moons-l2-keras.xml").toString(), "--grid", "l2.lambda=0,0.1",
                "--set", "split.validationFraction=0", "--set", "trainer.epochs=1", "--set", "trainer.hiddenLayerSizes=4",
                "--threads", "1", "--no-reports", "--out", out.toString()));
        args.addAll(List.of(extra));
        return args.toArray(new String[0]);
    }

    @Test
    void withoutValidationRowsTheErrorNamesTheFlag() throws Exception {
        Path out = tmp.resolve("runs");
        Cli.Result r = Cli.run(sweep(out));
        Cli.assertBadInput(r, out, "no validation rows", "never on test", "--no-select");
    }

    @Test
    void noSelectMeasuresTrainAndTestOnly() throws Exception {
        Path out = tmp.resolve("runs");
        Cli.Result r = Cli.ok(sweep(out, "--no-select"));
        assertTrue(r.out().contains(SweepResults.NO_SELECTION), r::toString);
        assertFalse(r.out().contains("chosen ("), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.matches("point\\s+setting\\s+runs\\s+test accuracy\\s+train accuracy\\s*")), r::toString);
        assertFalse(r.out().contains("validation"), r::toString);
        // Each run's progress line names the metric it has (test, as nothing is chosen), not an empty slot.
        assertEquals(2, r.out().lines().filter(l -> l.matches("\\[\\d/2] p00\\d-s1 .* seed=1: test accuracy \\d\\.\\d{4} \\(.*")).count(),
                r::toString);
        Path sweepDir;
        try (var s = Files.list(out.resolve("moons-l2-keras"))) {
            sweepDir = s.filter(p -> p.getFileName().toString().startsWith("sweep-")).findFirst().orElseThrow();
        }
        JsonNode manifest = JSON.readTree(sweepDir.resolve(SweepManifest.FILE).toFile());
        assertTrue(manifest.path("selection").path("none").asBoolean(), manifest.toString());
        assertEquals(SweepResults.NO_SELECTION, manifest.path("selection").path("note").asText());
        JsonNode results = JSON.readTree(sweepDir.resolve(SweepResults.JSON_FILE).toFile());
        assertTrue(results.path("selection").path("none").asBoolean(), results.toString());
        assertTrue(results.path("best").isNull(), results.toString());
        assertEquals(2, results.path("points").size());
        for (JsonNode p : results.path("points")) {
            List<String> keys = new ArrayList<>();
            p.path("stats").fieldNames().forEachRemaining(keys::add);
            assertTrue(keys.contains("train.accuracy") && keys.contains("test.accuracy"), keys.toString());
            assertTrue(keys.stream().noneMatch(k -> k.startsWith("validation.")), keys.toString());
        }
        assertFalse(Files.readString(sweepDir.resolve(SweepResults.CSV_FILE)).contains("yes"), "nothing marked chosen");
    }

    @Test
    void aSweepWithValidationRowsStillChooses() throws Exception {
        Path out = tmp.resolve("runs");
        Cli.Result r = Cli.ok("sweep", Cli.config("moons-l2-keras.xml").toString(), "--grid", "l2.lambda=0,0.1",
                "--set", "trainer.epochs=1", "--set", "trainer.hiddenLayerSizes=4", "--threads", "1", "--no-reports", "--out", out.toString());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("point\\s+setting\\s+runs\\s+validation accuracy\\s+test accuracy\\s+train accuracy\\s*")), r::toString);
        assertTrue(r.out().contains("chosen (validation accuracy"), r::toString);
        assertFalse(r.out().contains(SweepResults.NO_SELECTION), r::toString);
    }

    @Test
    void noSelectRefusesWhatOnlyAChoiceNeeds() throws Exception {
        Path out = tmp.resolve("runs");
        Cli.assertBadInput(Cli.run(sweep(out, "--no-select", "--select", "macroF1")), out, "--no-select", "macroF1");
        Cli.assertBadInput(Cli.run(sweep(out, "--no-select", "--folds", "3")), out, "--no-select", "--folds 3");
    }
}
