package org.occam.report.tune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.experiments.cli.ExitCode;
import org.occam.experiments.cli.OccamCommand;
import org.occam.experiments.data.BaseDir;
import org.occam.experiments.record.RunRecorder;
import org.occam.experiments.record.RunRecords;
import org.occam.experiments.store.RunStore;
import org.occam.report.RecordedRun;
import org.occam.report.cli.TuneCommand;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code occam tune} from the command line on the shipped {@code configs/diabetes-l2.xml}, shrunk to
 * a 10→8→1 network trained 3 epochs (≈ 20 small runs): with so little training every fold
 * underfits (training R² &lt; 0.5), so the walk goes down from the configured λ = 0.01 to the bound
 * --min 1e-4 and says so; the refinement adds three points; every evaluated fold is a recorded,
 * stored run; the report is written; a second invocation trains nothing.
 */
class TuneCommandTest {
    @TempDir
    Path dir;

    private static int occam(String... args) {
        return OccamCommand.execute(List.of(new TuneCommand()), args);
    }

    private static String capture(Runnable r, boolean err) {
        PrintStream old = err ? System.err : System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream p = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        if (err) {
            System.setErr(p);
        } else {
            System.setOut(p);
        }
        try {
            r.run();
        } finally {
            if (err) {
                System.setErr(old);
            } else {
                System.setOut(old);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private String[] args(String... extra) {
        List<String> a = new ArrayList<>(List.of("tune", BaseDir.resolve("configs/diabetes-l2.xml").toString(),
                "--set", "trainer.epochs=3", "--set", "trainer.hiddenLayerSizes=8",
                "--threads", "2", "--no-reports", "--out", dir.resolve("runs").toString()));
        a.addAll(List.of(extra));
        for (String[] d : List.of(new String[]{"--folds", "2"}, new String[]{"--min", "1e-4"})) {
            if (!a.contains(d[0])) {
                a.addAll(List.of(d));
            }
        }
        return a.toArray(new String[0]);
    }

    @Test
    void tuneWalksRecordsEveryRunChoosesByOneSeAndResumesWithoutRetraining() throws Exception {
        int[] code = new int[1];
        String out = capture(() -> code[0] = occam(args()), false);
        assertEquals(0, code[0], out);
        Path runs = dir.resolve("runs");
        Path tuneDir;
        try (Stream<Path> s = Files.list(runs.resolve("diabetes-l2"))) {
            tuneDir = s.filter(p -> p.getFileName().toString().startsWith("tune-")).findFirst().orElseThrow();
        }
        JsonNode tune = new ObjectMapper().readTree(tuneDir.resolve(TuneRunner.TUNE_JSON).toFile());
        assertEquals("l2", tune.path("penalty").asText());

        // the walk: 0.01 underfits → 0.001 → 0.0001 = the bound, said so
        List<Double> lambdas = new ArrayList<>();
        List<String> phases = new ArrayList<>();
        tune.path("evaluated").forEach(e -> {
            lambdas.add(e.path("lambda").asDouble());
            phases.add(e.path("phase").asText());
        });
        assertEquals(List.of(0.01, 0.001, 1e-4), lambdas.subList(0, 3), lambdas.toString());
        assertEquals("BOUND", tune.path("stop").asText());
        assertTrue(out.contains("the bound λ = 0.0001 was reached while still underfitting"), out);
        assertEquals(List.of("walk", "walk", "walk", "refine", "refine", "refine"), phases);
        for (double l : lambdas.subList(3, 6)) {
            assertTrue(l > 1e-4 && l < 1e-3, "refined between the last two λ: " + l);
        }

        // every evaluated λ: 2 recorded, stored fold runs whose verdicts the table reports
        int runsSeen = 0;
        try (RunStore store = RunStore.open(runs.resolve("occam.db"))) {
            for (JsonNode e : tune.path("evaluated")) {
                Path sweep = Path.of(e.path("sweep").asText());
                List<String> verdicts = new ArrayList<>();
                for (String id : List.of("p000-s1-f0", "p000-s1-f1")) {
                    Path run = sweep.resolve(id);
                    assertTrue(RunRecords.isRecord(run), run.toString());
                    assertEquals(e.path("lambda").asDouble(), RunRecords.read(run).path("summary").path("lambda").asDouble(), 1e-12);
                    verdicts.add(RecordedRun.open(run).verdict().kind().name());
                    assertTrue(store.find("sweep-" + sweep.getFileName().toString().substring("sweep-".length()) + "-" + id).isPresent(), id);
                    runsSeen++;
                }
                List<String> reported = new ArrayList<>();
                e.path("runVerdicts").forEach(v -> reported.add(v.asText()));
                assertEquals(verdicts, reported);
                assertEquals(2, e.path("n").asInt());
            }
            assertEquals(runsSeen + 1, store.query(List.of()).size(), "fold runs + the refit");
        }
        assertEquals(12, runsSeen);
        assertEquals(13, tune.path("trainings").asInt());

        // the one-SE rule, recomputed from the table
        JsonNode best = null;
        for (JsonNode e : tune.path("evaluated")) {
            if (best == null || e.path("mean").asDouble() < best.path("mean").asDouble()) {
                best = e;
            }
        }
        double threshold = best.path("mean").asDouble() + best.path("standardError").asDouble();
        double largest = 0;
        for (JsonNode e : tune.path("evaluated")) {
            if (e.path("mean").asDouble() <= threshold) {
                largest = Math.max(largest, e.path("lambda").asDouble());
            }
        }
        assertEquals(best.path("lambda").asDouble(), tune.path("choice").path("bestLambda").asDouble());
        assertEquals(largest, tune.path("choice").path("chosenLambda").asDouble());

        // the refit: all non-test rows (no validation rows), at the chosen λ, test metrics reported
        Path refit = tuneDir.resolve(TuneRunner.REFIT_DIR);
        JsonNode refitRecord = RunRecords.read(refit);
        assertEquals(largest, refitRecord.path("summary").path("lambda").asDouble(), 1e-12);
        assertFalse(refitRecord.path("metrics").has("validation"), "the refit trains on train + validation rows");
        assertEquals(refitRecord.path("metrics").path("test").path("mse").asDouble(), tune.path("refit").path("test").path("mse").asDouble());
        // the printed test line gives the row count as a count, not as a metric with four decimals
        int testRows = refitRecord.path("metrics").path("test").path("rows").asInt();
        assertTrue(testRows > 0, refitRecord.path("metrics").path("test").toString());
        assertTrue(out.contains("(reported once, not used to choose): rows " + testRows + ", "), out);
        assertTrue(Files.isRegularFile(tuneDir.resolve("report.html")) && Files.isRegularFile(tuneDir.resolve("report.md")));
        String md = Files.readString(tuneDir.resolve("report.md"));
        assertTrue(md.contains("one-standard-error rule") && md.contains("metric-vs-lambda.png") && md.contains("underfitting"), md);

        // again: nothing is retrained, the same choice
        String runJson = Files.readString(refit.resolve(RunRecorder.RUN_JSON));
        String again = capture(() -> code[0] = occam(args()), false);
        assertEquals(0, code[0], again);
        assertEquals(runJson, Files.readString(refit.resolve(RunRecorder.RUN_JSON)));
        JsonNode tune2 = new ObjectMapper().readTree(tuneDir.resolve(TuneRunner.TUNE_JSON).toFile());
        assertEquals(tune.path("evaluated"), tune2.path("evaluated"));
        try (RunStore store = RunStore.open(runs.resolve("occam.db"))) {
            assertEquals(13, store.query(List.of()).size());
        }
    }

    @Test
    void badOptionsAreBadInputOnOneLine() {
        for (String[] extra : List.of(new String[]{"--penalty", "nosuch"}, new String[]{"--folds", "1"},
                new String[]{"--min", "0"}, new String[]{"--metric", "accuracy"})) {
            int[] code = new int[1];
            String err = capture(() -> code[0] = occam(args(extra)), true);
            assertEquals(ExitCode.BAD_INPUT.code(), code[0], String.join(" ", extra) + ": " + err);
            assertEquals(1, err.lines().filter(l -> !l.isBlank()).count(), err);
            assertTrue(err.startsWith("occam tune: ") && !err.contains("\tat "), err);
        }
        assertFalse(Files.exists(dir.resolve("runs").resolve("diabetes-l2")) && hasTune(dir.resolve("runs").resolve("diabetes-l2")),
                "nothing written for bad input");
    }

    private static boolean hasTune(Path d) {
        try (Stream<Path> s = Files.list(d)) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith("tune-"));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /**
     * The refit trains on all non-test rows without validation rows; an early-stopping rule that
     * needs validation data (validationFraction 0) fails there only, after the fold runs finished.
     * That refit is a run like the others: it is recorded as FAILED (failed-run.json and a store row).
     */
    @Test
    void aRefitThatFailsIsRecordedAsFailed() throws Exception {
        String xml = Files.readString(BaseDir.resolve("configs/moons-early-stopping.xml"))
                .replace("<propertylist name=\"stoppingRules\"><item>reg</item></propertylist>",
                        "<propertylist name=\"stoppingRules\"><item>reg</item></propertylist><propertylist name=\"penalties\"><item>l2</item></propertylist>")
                .replace("</config>", "<component name=\"l2\" type=\"org.occam.regularizers.penalty.L2\"><property name=\"lambda\" value=\"0.01\"/></component></config>");
        Path config = dir.resolve("es-l2.xml");
        Files.writeString(config, xml);
        Path runs = dir.resolve("runs");
        int[] code = new int[1];
        capture(() -> code[0] = occam("tune", config.toString(), "--home", BaseDir.resolve(".").toString(),
                "--set", "trainer.epochs=2", "--set", "trainer.hiddenLayerSizes=4", "--set", "reg.validationFraction=0",
                "--folds", "2", "--min", "0.001", "--max", "0.1", "--threads", "2", "--no-reports", "--out", runs.toString()), false);
        assertTrue(code[0] != 0, "the refit failed");
        Path refit;
        try (Stream<Path> s = Files.list(runs.resolve("moons-early-stopping"))) {
            refit = s.filter(p -> p.getFileName().toString().startsWith("tune-")).findFirst().orElseThrow().resolve(TuneRunner.REFIT_DIR);
        }
        assertTrue(RunRecords.isFailedRecord(refit), refit + " holds the failed refit's record");
        try (RunStore store = RunStore.open(runs.resolve("occam.db"))) {
            List<org.occam.experiments.store.RunSummary> failed = store.query(List.of()).stream()
                    .filter(r -> "FAILED".equals(r.status())).toList();
            assertEquals(1, failed.size(), failed.toString());
            assertTrue(failed.get(0).reason().contains("no validation data"), failed.get(0).reason());
        }
    }
}
