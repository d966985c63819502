package org.occam.experiments.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.occam.experiments.store.RunStore;
import org.occam.experiments.store.RunSummary;
import org.occam.experiments.store.TestDatabases;
import org.occam.experiments.store.TestDatabases.Backend;

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
 * Issue 13 §3 at the command line: failed and diverged runs are recorded (store row with status
 * and reason, a small run directory), on SQLite and on PostgreSQL; {@code runs --format json|csv}.
 */
class RunsTrackerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /**
     * SGD with learning rate 10 on the raw (unstandardized) diabetes target: known to blow up within
     * 5 epochs (see RunCommandTest), after every check of config and data has passed.
     */
    private Path divergingDiabetes() throws Exception {
        String text = Files.readString(Cli.config("diabetes-l2.xml"), StandardCharsets.UTF_8)
                .replace("<item>128</item><item>128</item>", "<item>16</item>")
                .replace("<property name=\"epochs\" value=\"300\"/>", "<property name=\"epochs\" value=\"5\"/>"
                        + "<property name=\"standardizeTargets\" value=\"false\"/>")
                .replace("org.occam.core.optim.Adam", "org.occam.core.optim.Sgd")
                .replace("<property name=\"learningRate\" value=\"0.001\"/>", "<property name=\"learningRate\" value=\"10\"/>")
                .replace("datasets/", Cli.repoRoot().resolve("datasets").toString() + "/");
        assertTrue(text.contains("value=\"10\"") && text.contains("Sgd") && text.contains("standardizeTargets"), text);
        return Files.writeString(tmp.resolve("diabetes-sgd-lr10.xml"), text);
    }

    private static String[] args(List<String> store, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(store);
        return all.toArray(String[]::new);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aDivergedRunLeavesADivergedRowWithItsReason(Backend backend) throws Exception {
        Path out = tmp.resolve("runs");
        String url = backend == Backend.SQLITE ? null : TestDatabases.freshPostgresDatabase();
        List<String> store = url == null ? List.of("--store", out.resolve("occam.db").toString()) : List.of("--jdbc", url);

        Cli.Result r = Cli.run(args(store, "run", divergingDiabetes().toString(), "--out", out.toString(), "--quiet"));
        assertEquals(ExitCode.DIVERGED.code(), r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.errLines().get(0).contains("training diverged"), r::toString);
        RunSummary row;
        try (RunStore s = url == null ? RunStore.open(out.resolve("occam.db")) : RunStore.connect(url)) {
            row = Cli.assertFailedRunRecorded(out, s, RunSummary.DIVERGED, "training diverged", "epoch", "smaller learning rate");
        }
        assertEquals("diabetes-l2", row.experiment());
        assertEquals("REGRESSION", row.task());
        assertEquals("L2", row.penaltyTypes());
        Path dir = Path.of(row.recordPath());
        JsonNode failed = JSON.readTree(dir.resolve("failed-run.json").toFile());
        assertEquals("DIVERGED", failed.path("status").asText());
        assertEquals(row.reason(), failed.path("reason").asText());
        assertEquals(row.runId(), failed.path("summary").path("runId").asText());
        assertTrue(Files.readString(dir.resolve("config.xml")).contains("org.occam.core.optim.Sgd"));

        // the listing shows it, as JSON with the right types
        JsonNode listed = JSON.readTree(Cli.ok(args(store, "runs", "--out", out.toString(), "--format", "json")).out());
        assertTrue(listed.isArray() && listed.size() == 1, listed::toString);
        JsonNode run = listed.get(0);
        assertEquals(row.runId(), run.path("runId").asText());
        assertEquals("DIVERGED", run.path("status").asText());
        assertEquals(row.reason(), run.path("reason").asText());
        assertTrue(run.path("seed").isIntegralNumber(), run::toString);
        assertTrue(run.path("lambda").isNumber(), run::toString);
        assertTrue(run.path("testMse").isNull() && run.path("validationMse").isNull() && run.path("testAccuracy").isNull(), run::toString);
        Cli.Result table = Cli.ok(args(store, "runs", "--out", out.toString(), "--where", "status=diverged"));
        assertTrue(table.outLines().get(2).startsWith(row.runId()) && table.outLines().get(2).contains(" DIVERGED "), table::toString);
        assertEquals("0 run(s)", Cli.ok(args(store, "runs", "--out", out.toString(), "--where", "status=FINISHED")).outLines().get(2));

        // reproduce and report refuse it in one line, by run id and by directory
        for (String target : List.of(row.runId(), dir.toString())) {
            Cli.Result reproduce = Cli.run(args(store, "reproduce", target));
            assertEquals(ExitCode.BAD_INPUT.code(), reproduce.code(), reproduce::toString);
            assertEquals(1, reproduce.errLines().size(), reproduce::toString);
            assertTrue(reproduce.errLines().get(0).contains("DIVERGED") && reproduce.errLines().get(0).contains("nothing to reproduce"),
                    reproduce::toString);
        }
    }

    /**
     * Early stopping on the validation loss in a run without validation rows is bad input (exit 2,
     * one line), found at the first epoch, so the run is recorded as FAILED with that reason; it used
     * to end as an internal error (exit 4).
     */
    @Test
    void earlyStoppingWithoutValidationDataIsBadInputAndAFailedRow() throws Exception {
        Path out = tmp.resolve("runs");
        Cli.Result r = Cli.run("run", Cli.config("moons-early-stopping.xml").toString(), "--out", out.toString(), "--quiet",
                "--no-reports", "--set", "reg.validationFraction=0", "--set", "split.validationFraction=0",
                "--set", "trainer.epochs=3", "--set", "trainer.hiddenLayerSizes=4");
        assertEquals(ExitCode.BAD_INPUT.code(), r.code(), r::toString);
        assertTrue(r.err().contains("no validation data") && !r.err().contains("internal error"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        JsonNode all = JSON.readTree(Cli.ok("runs", "--out", out.toString(), "--format", "json").out());
        assertEquals(1, all.size(), all::toString);
        assertEquals("FAILED", all.get(0).path("status").asText(), all::toString);
        assertTrue(all.get(0).path("reason").asText().contains("no validation data"), all::toString);
    }

    @Test
    void aFinishedAndADivergedRunAreOrderedAndCut() throws Exception {
        Path out = tmp.resolve("runs");
        Cli.ok("run", Cli.config("diabetes-l2.xml").toString(), "--out", out.toString(), "--quiet", "--set", "trainer.epochs=1",
                "--set", "trainer.hiddenLayerSizes=8", "--no-reports");
        Cli.run("run", divergingDiabetes().toString(), "--out", out.toString(), "--quiet");
        JsonNode all = JSON.readTree(Cli.ok("runs", "--out", out.toString(), "--format", "json").out());
        assertEquals(2, all.size(), all::toString);
        // newest first by default: the diverged run was made last
        assertEquals(List.of("DIVERGED", "FINISHED"), List.of(all.get(0).path("status").asText(), all.get(1).path("status").asText()));
        JsonNode finished = all.get(1);
        assertTrue(finished.path("testMse").isDouble() && finished.path("validationMse").isDouble(), finished::toString);
        assertTrue(finished.path("reason").isNull(), finished::toString);
        assertTrue(finished.path("epochsRun").isIntegralNumber() && finished.path("epochsRun").asInt() == 1, finished::toString);
        assertTrue(all.get(0).path("created").asText().compareTo(finished.path("created").asText()) > 0);
        // --sort created: oldest first; --limit 1 keeps the first of the order
        JsonNode oldest = JSON.readTree(Cli.ok("runs", "--out", out.toString(), "--format", "json", "--sort", "created", "--limit", "1").out());
        assertEquals(1, oldest.size());
        assertEquals("FINISHED", oldest.get(0).path("status").asText());
        // runs without the field (the diverged run has no test MSE) come last in either direction
        for (String desc : List.of("", "--desc")) {
            List<String> args = new ArrayList<>(List.of("runs", "--out", out.toString(), "--format", "json", "--sort", "test_mse"));
            if (!desc.isEmpty()) {
                args.add(desc);
            }
            JsonNode sorted = JSON.readTree(Cli.ok(args.toArray(String[]::new)).out());
            assertEquals("FINISHED", sorted.get(0).path("status").asText(), desc);
        }
    }

    @Test
    void csvQuotesANameWithACommaAndAQuote() throws Exception {
        Path data = Files.copy(Cli.repoRoot().resolve("datasets/moons_n1000.csv"), tmp.resolve("moons, \"halves\".csv"));
        String text = Files.readString(Cli.config("moons-l2-keras.xml"), StandardCharsets.UTF_8);
        assertTrue(text.contains("datasets/moons_n1000.csv"), text);
        text = text.replace("datasets/moons_n1000.csv", data.toString().replace("\"", "&quot;"));
        Path config = Files.writeString(tmp.resolve("moons-comma.xml"), text);
        Path out = tmp.resolve("runs");
        Cli.ok("run", config.toString(), "--out", out.toString(), "--quiet", "--set", "trainer.epochs=1", "--no-reports");
        String csv = Cli.ok("runs", "--out", out.toString(), "--format", "csv").out();
        List<List<String>> rows = parseCsv(csv);
        assertEquals(2, rows.size(), csv);
        List<String> header = rows.get(0);
        assertEquals(List.of("runId", "created", "experiment"), header.subList(0, 3));
        assertTrue(header.containsAll(List.of("status", "reason", "dataset", "lambda", "validationAccuracy", "testAccuracy")), header::toString);
        List<String> run = rows.get(1);
        assertEquals(header.size(), run.size(), run::toString);
        String dataset = run.get(header.indexOf("dataset"));
        assertTrue(dataset.contains("moons, \"halves\""), dataset);
        assertTrue(csv.contains("\"moons, \"\"halves\"\""), csv);
        assertEquals("FINISHED", run.get(header.indexOf("status")));
        assertEquals("", run.get(header.indexOf("reason")));
        assertEquals(0.01, Double.parseDouble(run.get(header.indexOf("lambda"))));
        assertTrue(csv.endsWith("\r\n") && csv.split("\r\n", -1).length == 3, csv);
    }

    /** An RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks; records end in CRLF. */
    private static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                field.append(c);
            }
        }
        assertTrue(row.isEmpty() && field.length() == 0, "CSV must end with CRLF");
        return rows;
    }

    @Test
    void badSortLimitAndFormatAreOneLineAndExitTwo() throws Exception {
        Path out = tmp.resolve("runs");
        Cli.ok("run", Cli.config("moons-l2-keras.xml").toString(), "--out", out.toString(), "--quiet", "--set", "trainer.epochs=1", "--no-reports");
        String[][] cases = {
                {"--sort", "acuracy"}, {"--limit", "0"}, {"--limit", "-3"}, {"--limit", "ten"}, {"--format", "xml"}};
        String[][] mentions = {
                {"--sort acuracy", "unknown field", "testAccuracy", "created", "status", "lambda"}, {"--limit 0", "at least 1"},
                {"--limit -3", "at least 1"}, {"--limit ten", "whole number"}, {"--format xml", "table, csv, json"}};
        for (int i = 0; i < cases.length; i++) {
            List<String> args = new ArrayList<>(List.of("runs", "--out", out.toString()));
            args.addAll(List.of(cases[i]));
            Cli.Result r = Cli.run(args.toArray(String[]::new));
            assertEquals(ExitCode.BAD_INPUT.code(), r.code(), r::toString);
            assertEquals(1, r.errLines().size(), r::toString);
            assertEquals("", r.out(), r::toString);
            for (String m : mentions[i]) {
                assertTrue(r.errLines().get(0).contains(m), () -> m + " in " + r);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aSweepRecordsItsDivergedCombinationAndRetriesItOnResume(Backend backend) throws Exception {
        Path out = tmp.resolve("runs");
        String url = backend == Backend.SQLITE ? null : TestDatabases.freshPostgresDatabase();
        List<String> store = url == null ? List.of() : List.of("--jdbc", url);
        String[] sweep = args(store, "sweep", Cli.config("moons-l2-keras.xml").toString(), "--grid", "optimizer.learningRate=0.05,1e12",
                "--set", "trainer.epochs=1", "--threads", "1", "--no-reports", "--out", out.toString());
        for (int attempt = 0; attempt < 2; attempt++) { // the second command resumes: it retries the diverged point
            Cli.Result r = Cli.run(sweep);
            assertEquals(ExitCode.DIVERGED.code(), r.code(), r::toString);
            try (RunStore s = url == null ? RunStore.open(out.resolve("occam.db")) : RunStore.connect(url)) {
                List<RunSummary> rows = s.query(List.of());
                assertEquals(2, rows.size(), rows::toString);
                List<RunSummary> diverged = s.query(List.of("status=DIVERGED"));
                assertEquals(1, diverged.size(), rows::toString);
                RunSummary row = diverged.get(0);
                assertTrue(row.reason().contains("diverged"), row::toString);
                assertTrue(row.runId().startsWith("sweep-"), row::toString);
                Path dir = Path.of(row.recordPath());
                try (Stream<Path> files = Files.list(dir)) {
                    assertEquals(List.of("config.xml", "failed-run.json"), files.map(p -> p.getFileName().toString()).sorted().toList());
                }
                assertEquals(1, s.query(List.of("status=FINISHED")).size());
            }
        }
        assertFalse(Files.exists(out.resolve("occam.db")) && url != null, "no SQLite store is made when --jdbc is given");
    }
}
