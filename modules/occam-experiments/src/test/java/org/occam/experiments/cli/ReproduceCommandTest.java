package org.occam.experiments.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code occam reproduce}: a recorded run retrained from its provenance alone is bit-identical
 * (exit 0), and a changed data file or model is reported with what differs (exit 1).
 */
class ReproduceCommandTest {
    @TempDir
    Path tmp;

    private Path run(Path config, String... sets) {
        String[] args = new String[5 + 2 * sets.length];
        args[0] = "run";
        args[1] = config.toString();
        args[2] = "--out";
        args[3] = tmp.resolve("runs").toString();
        args[4] = "--quiet";
        for (int i = 0; i < sets.length; i++) {
            args[5 + 2 * i] = "--set";
            args[6 + 2 * i] = sets[i];
        }
        return Cli.recordDir(Cli.ok(args));
    }

    private static void assertReproduced(Path dir) {
        Cli.Result r = Cli.run("reproduce", dir.toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("reproduced: every parameter bit-identical, metrics equal"), r::toString);
        assertEquals("", r.err());
    }

    @Test
    void classificationRunIsBitIdentical() throws Exception {
        Path dir = run(Cli.config("moons-l2-keras.xml"), "trainer.epochs=3");
        // reproduce reads the provenance, not the config: a damaged config copy does not matter,
        // and the config's 200 epochs are not what was run
        Files.writeString(dir.resolve("config.xml"), "<config/>");
        assertReproduced(dir);
    }

    @Test
    void regressionRunIsBitIdentical() {
        assertReproduced(run(Cli.config("diabetes-l2.xml"), "trainer.epochs=3"));
    }

    /**
     * Rewrites a run.json into the layout before final weights, log-loss, named regression outputs
     * and the effective-coefficient object: what an older Occam wrote.
     */
    static void toOldLayout(Path dir) throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        Path json = dir.resolve("run.json");
        com.fasterxml.jackson.databind.node.ObjectNode record = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(json.toFile());
        record.remove("finalWeights");
        for (com.fasterxml.jackson.databind.JsonNode p : record.path("summary").path("penalties")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) p).set("effectiveCoefficient", p.path("effectiveCoefficient").path("coefficients"));
        }
        record.path("metrics").forEach(m -> {
            com.fasterxml.jackson.databind.node.ObjectNode split = (com.fasterxml.jackson.databind.node.ObjectNode) m;
            split.remove("logLoss");
            if (split.has("perDimension")) {
                com.fasterxml.jackson.databind.node.ObjectNode renamed = mapper.createObjectNode();
                renamed.set("DIM-0", split.get("perDimension").elements().next());
                split.set("perDimension", renamed);
            }
        });
        Files.writeString(json, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(record));
    }

    @Test
    void recordsInTheOlderLayoutStillReproduce() throws Exception {
        Path classification = run(Cli.config("moons-l2-keras.xml"), "trainer.epochs=2");
        toOldLayout(classification);
        String old = Files.readString(classification.resolve("run.json"));
        assertTrue(!old.contains("\"formula\"") && !old.contains("logLoss") && !old.contains("finalWeights"), old);
        assertReproduced(classification);
        Path regression = run(Cli.config("diabetes-l2.xml"), "trainer.epochs=2");
        toOldLayout(regression);
        assertTrue(Files.readString(regression.resolve("run.json")).contains("DIM-0"));
        assertReproduced(regression);
        // a real difference is still one: the old name with a changed value
        String text = Files.readString(regression.resolve("run.json"));
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode record = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(text);
        ((com.fasterxml.jackson.databind.node.ObjectNode) record.path("metrics").path("test").path("perDimension").path("DIM-0")).put("mae", 123.0);
        Files.writeString(regression.resolve("run.json"), mapper.writeValueAsString(record));
        Cli.Result r = Cli.run("reproduce", regression.toString());
        assertEquals(OccamCommand.MISMATCH, r.code(), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s+metrics\\.test\\.perDimension\\.DIM-0\\.mae\\s+123\\.0\\s+.*")), r::toString);
    }

    @Test
    void changedDataFileIsReportedWithTheProvenanceDiff() throws Exception {
        Path data = Files.copy(Cli.repoRoot().resolve("datasets/iris.csv"), tmp.resolve("iris-copy.csv"));
        Path split = Files.copy(Cli.repoRoot().resolve("datasets/splits/iris_test_idx.txt"), tmp.resolve("iris-copy_idx.txt"));
        String text = Files.readString(Cli.config("iris.xml"), StandardCharsets.UTF_8)
                .replace("datasets/iris.csv", data.toAbsolutePath().toString())
                .replace("datasets/splits/iris_test_idx.txt", split.toAbsolutePath().toString());
        Path config = Files.writeString(tmp.resolve("iris-copy.xml"), text);
        Path dir = run(config, "trainer.epochs=2");
        String before = Cli.sha256(data);

        List<String> lines = Files.readAllLines(data, StandardCharsets.UTF_8);
        assertEquals("4.9,3,1.4,0.2,0", lines.get(2));
        lines.set(2, "4.8,3,1.4,0.2,0");
        Files.write(data, lines, StandardCharsets.UTF_8);
        String after = Cli.sha256(data);
        assertNotEquals(before, after);

        Cli.Result r = Cli.run("reproduce", dir.toString());
        assertEquals(OccamCommand.MISMATCH, r.code(), r::toString);
        String out = r.out();
        assertTrue(out.contains("NOT reproduced"), out);
        assertTrue(out.lines().anyMatch(l -> l.contains("the data changed") && l.contains(before) && l.contains(after)
                && l.contains("iris-copy.csv")), out);
        assertTrue(out.lines().anyMatch(l -> l.contains("tensor hidden1.weight differs")), out);
        assertTrue(out.contains("provenance differences"), out);
        // the provenance table names the key: Tribuo's hash of the data file, recorded then now
        assertTrue(out.lines().anyMatch(l -> l.matches("\\s+\\S*resource-hash\\s+" + before.toUpperCase(Locale.ROOT)
                + "\\s+" + after.toUpperCase(Locale.ROOT))), out);
        assertEquals("", r.err());
    }

    @Test
    void changedMetricsArePrintedAsAShortTableOfTheDifferingFieldsWithProgress() throws Exception {
        Path dir = run(Cli.config("moons-l2-keras.xml"), "trainer.epochs=2");
        Path json = dir.resolve("run.json");
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode record = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(json.toFile());
        double accuracy = record.path("metrics").path("test").path("accuracy").asDouble();
        ((com.fasterxml.jackson.databind.node.ObjectNode) record.path("metrics").path("test")).put("accuracy", 0.125);
        Files.writeString(json, mapper.writeValueAsString(record));

        Cli.Result r = Cli.run("reproduce", dir.toString());
        assertEquals(OccamCommand.MISMATCH, r.code(), r::toString);
        assertEquals("", r.err());
        // progress while retraining (the plain-line form off a terminal)
        assertTrue(r.out().contains("epoch 2/2"), r::toString);
        // one row for the one changed metric, recorded then now; no JSON dump
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s+metrics\\.test\\.accuracy\\s+0\\.125\\s+" + accuracy)), r::toString);
        assertTrue(r.out().contains("1 metric(s) differ"), r::toString);
        assertFalse(r.out().contains("{\""), r::toString);
        assertTrue(r.out().lines().allMatch(l -> l.length() < 200), r::toString);
        assertTrue(r.out().length() < 1500, () -> r.out().length() + " characters:\n" + r);
    }

    @Test
    void differentModelFileIsReported() throws Exception {
        Path dir = run(Cli.config("moons-l2-keras.xml"), "trainer.epochs=1");
        Path other = run(Cli.config("moons-l2-keras.xml"), "trainer.epochs=1", "trainer.seed=2");
        Files.copy(other.resolve("model.tribuo"), dir.resolve("model.tribuo"), StandardCopyOption.REPLACE_EXISTING);
        Cli.Result r = Cli.run("reproduce", dir.toString());
        assertEquals(OccamCommand.MISMATCH, r.code(), r::toString);
        assertTrue(r.out().contains("tensor hidden1.weight differs"), r::toString);
        assertFalse(r.out().contains("the data changed"), r::toString);
    }

    /** A record from another numerics version (or from before versions were recorded) is refused in one plain line. */
    @Test
    void runOfAnotherNumericsVersionSaysSoInOneLine() throws Exception {
        Path dir = run(Cli.config("moons-l2-keras.xml"), "trainer.epochs=1");
        Path json = dir.resolve("run.json");
        String text = Files.readString(json, StandardCharsets.UTF_8);
        String current = "\"numericsVersion\" : " + org.occam.core.train.Numerics.VERSION;
        assertTrue(text.contains(current), text);
        for (String replacement : new String[]{"\"numericsVersion\" : 1", "\"numericsVersionWas\" : 0"}) {
            Files.writeString(json, text.replace(current, replacement), StandardCharsets.UTF_8);
            Cli.Result r = Cli.run("reproduce", dir.toString());
            assertEquals(OccamCommand.MISMATCH, r.code(), r::toString);
            assertEquals(1, r.outLines().size(), r::toString);
            String line = r.outLines().get(0);
            assertTrue(line.startsWith("NOT reproduced: "), line);
            assertTrue(line.contains("recorded under numerics version 1"), line);
            assertTrue(line.contains("this Occam computes version " + org.occam.core.train.Numerics.VERSION), line);
            assertFalse(line.contains("tensor"), line);
            assertEquals("", r.err());
        }
    }

    @Test
    void notARunDirectory() throws Exception {
        Cli.Result r = Cli.run("reproduce", tmp.toString());
        Cli.assertBadInput(r, null, tmp.toString(), "not a run directory", "run.json");
    }

    @Test
    void malformedRecordNamesFileAndLine() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("broken"));
        Files.writeString(dir.resolve("run.json"), "{\n  \"summary\": {\n}\n");
        Cli.Result r = Cli.run("reproduce", dir.toString());
        Cli.assertBadInput(r, null, "run.json", "line 4", "not valid JSON");
    }

    @Test
    void recordWithoutProvenance() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("no-prov"));
        Files.writeString(dir.resolve("run.json"), "{\"summary\": {}}");
        Cli.Result r = Cli.run("reproduce", dir.toString());
        Cli.assertBadInput(r, null, "run.json", "'provenance'");
    }

    @Test
    void aRecordFromAnotherJvmOrBackendGetsOneNoteEach() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        org.occam.experiments.record.RunRecord.Environment now =
                new org.occam.experiments.record.RunRecord.Environment("17.0.15 (Debian)", "Linux", 2, "vector");
        assertEquals(List.of(), ReproduceCommand.environmentNotes(
                json.readTree("{\"java\":\"17.0.15 (Debian)\",\"gemmBackend\":\"vector\"}"), now));
        assertEquals(List.of(), ReproduceCommand.environmentNotes(json.readTree("{}"), now), "old records name neither");
        List<String> notes = ReproduceCommand.environmentNotes(
                json.readTree("{\"java\":\"25.0.3 (Eclipse Adoptium)\",\"gemmBackend\":\"java\"}"), now);
        assertEquals(2, notes.size(), notes.toString());
        assertTrue(notes.get(0).startsWith("recorded on Java 25.0.3 (Eclipse Adoptium), reproduced on 17.0.15 (Debian)"), notes.get(0));
        assertTrue(notes.get(1).startsWith("recorded with the 'java' GEMM backend, reproduced with 'vector'"), notes.get(1));
    }
}
