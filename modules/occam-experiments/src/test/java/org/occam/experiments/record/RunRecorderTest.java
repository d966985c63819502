package org.occam.experiments.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.classification.MLPClassificationTrainer;
import org.occam.experiments.Experiment;
import org.occam.experiments.ExperimentRunner;
import org.occam.experiments.RunResult;
import org.occam.experiments.data.FractionSplit;
import org.occam.experiments.data.MoonsData;
import org.tribuo.Model;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Run records are complete or absent: written to a temporary directory and moved into place. */
class RunRecorderTest {
    private static RunResult result;

    @TempDir
    Path tmp;

    @BeforeAll
    static void train() {
        Experiment e = new Experiment("recorder", new MoonsData(40, 0.2, 3), new FractionSplit(0.25, 0.25, 1), true,
                MLPClassificationTrainer.builder().hiddenLayerSizes(4).epochs(2).seed(9).build());
        result = ExperimentRunner.execute(e, null);
    }

    private static List<String> list(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesTheFourFilesIntoTheRunDirectoryOnly() throws Exception {
        RunRecorder.Written w = RunRecorder.write(result, "<config/>", tmp);
        assertEquals(tmp.resolve("recorder").resolve(w.summary().runId()), w.directory());
        assertEquals(List.of(w.summary().runId()), list(tmp.resolve("recorder")), "no temporary directory left");
        assertEquals(List.of("config.xml", "history.csv", "model.tribuo", "run.json"), list(w.directory()));
        JsonNode record = new ObjectMapper().readTree(w.directory().resolve("run.json").toFile());
        assertEquals(w.summary().runId(), record.get("summary").get("runId").asText());
        assertEquals("moons_generated_n40", record.get("summary").get("dataset").asText());
        assertEquals(Map.of("train", 20, "validation", 10, "test", 10),
                Map.of("train", record.get("summary").get("rows").get("train").asInt(),
                        "validation", record.get("summary").get("rows").get("validation").asInt(),
                        "test", record.get("summary").get("rows").get("test").asInt()));
        assertEquals("<config/>", Files.readString(w.directory().resolve("config.xml")));
        assertEquals(w.provenanceJson().replaceAll("\\s", ""), record.get("provenance").toString().replaceAll("\\s", ""));
        assertTrue(Model.deserializeFromFile(w.directory().resolve("model.tribuo")).validate(org.tribuo.classification.Label.class));
        assertEquals(2, record.get("occam").get("numericsVersion").asInt(), "the record names the arithmetic it was trained with");
        assertEquals(org.occam.core.train.Numerics.VERSION, record.get("occam").get("numericsVersion").asInt());
    }

    @Test
    void eachWriteGetsItsOwnDirectory() {
        Path a = RunRecorder.write(result, "<config/>", tmp).directory();
        Path b = RunRecorder.write(result, "<config/>", tmp).directory();
        assertNotEquals(a, b);
        assertTrue(Files.isDirectory(a) && Files.isDirectory(b));
    }

    @Test
    void outputRootThatIsAFileLeavesNothing() throws Exception {
        Path file = Files.writeString(tmp.resolve("runs"), "not a directory");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> RunRecorder.write(result, "<config/>", file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertEquals("not a directory", Files.readString(file));
        assertEquals(List.of("runs"), list(tmp));
    }

    @Test
    void failureWhileWritingRemovesTheTemporaryDirectory() throws Exception {
        // A metric Jackson cannot serialize makes run.json fail after the temporary directory exists.
        Map<String, Map<String, Object>> metrics = new LinkedHashMap<>(result.metrics());
        Map<String, Object> train = new LinkedHashMap<>(metrics.get("train"));
        train.put("unserializable", new Object());
        metrics.put("train", train);
        RunResult broken = new RunResult(result.experiment(), result.data(), result.partition(), result.model(),
                result.history(), metrics, result.wallMillis());
        assertThrows(RuntimeException.class, () -> RunRecorder.write(broken, "<config/>", tmp));
        Path experimentDir = tmp.resolve("recorder");
        assertEquals(List.of(), Files.exists(experimentDir) ? list(experimentDir) : List.of(),
                "neither a run directory nor an .incomplete-* directory is left");
    }

    @Test
    void runIdsAreUniqueAndStartWithTheTime() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            String id = RunRecorder.newRunId();
            assertTrue(id.matches("\\d{8}-\\d{6}-\\d{3}-[0-9a-f]{6}"), id);
            ids.add(id);
        }
        assertEquals(2000, ids.size());
    }

    @Test
    void deleteQuietlyRemovesATreeAndIgnoresMissingOnes() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("a/b/c"));
        Files.writeString(dir.resolve("f"), "x");
        RunRecorder.deleteQuietly(tmp.resolve("a"));
        assertFalse(Files.exists(tmp.resolve("a")));
        RunRecorder.deleteQuietly(tmp.resolve("missing"));
        RunRecorder.deleteQuietly(null);
    }
}
