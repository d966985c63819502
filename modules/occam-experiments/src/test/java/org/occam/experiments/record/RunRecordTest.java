package org.occam.experiments.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.experiments.Experiment;
import org.occam.experiments.ExperimentRunner;
import org.occam.experiments.RunResult;
import org.occam.experiments.data.DataException;
import org.occam.experiments.data.FractionSplit;
import org.occam.experiments.data.MoonsData;
import org.occam.experiments.store.RunSummary;
import org.occam.regularizers.penalty.L2;
import org.occam.classification.MLPClassificationTrainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The typed run record: run.json's layout, lossless reading, and the one derivation of the store row. */
class RunRecordTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RunResult result;

    @TempDir
    Path tmp;

    @BeforeAll
    static void train() {
        Experiment e = new Experiment("typed", new MoonsData(40, 0.2, 3), new FractionSplit(0.25, 0.25, 1), true,
                MLPClassificationTrainer.builder().hiddenLayerSizes(4).epochs(2).seed(9).penalties(new L2(0.01, org.occam.core.spi.LambdaConvention.KERAS)).build());
        result = ExperimentRunner.execute(e, null);
    }

    private static List<String> keys(JsonNode node) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    @Test
    void aRecordWrittenBeforeStatusesReadsAsFinished() throws Exception {
        RunRecorder.Written w = RunRecorder.write(result, "<config/>", tmp);
        com.fasterxml.jackson.databind.node.ObjectNode old = (com.fasterxml.jackson.databind.node.ObjectNode)
                JSON.readTree(w.directory().resolve(RunRecorder.RUN_JSON).toFile());
        old.remove("status");
        old.remove("reason");
        RunRecord read = RunRecord.fromJson(JSON.writeValueAsString(old));
        assertEquals(null, read.status());
        assertEquals("FINISHED", read.storeRow(w.directory()).status());
        assertEquals(null, read.storeRow(w.directory()).reason());
        assertEquals(w.summary(), read.storeRow(w.directory()));
    }

    @Test
    void runJsonKeepsItsLayoutInOrder() throws Exception {
        RunRecorder.Written w = RunRecorder.write(result, "<config/>", tmp);
        JsonNode r = JSON.readTree(w.directory().resolve(RunRecorder.RUN_JSON).toFile());
        // The layout run.json had when it was assembled from maps (the report module reads these names),
        // plus the final weights after the gap (issue 13 §5b); status and reason were appended by issue 13 §3
        // (a finished run: FINISHED, null).
        assertEquals(List.of("summary", "metrics", "generalizationGap", "finalWeights", "config", "occam", "environment", "provenance",
                "status", "reason"), keys(r));
        assertEquals("FINISHED", r.get("status").asText());
        assertTrue(r.get("reason").isNull());
        assertEquals(List.of("runId", "created", "experiment", "dataset", "datasetSha256", "data", "dataPreparation", "task",
                "rows", "split", "standardizeFeatures", "penaltyTypes", "lambda", "convention", "penalties", "seed", "epochsRun",
                "stopReason", "wallMillis", "model", "architecture"), keys(r.get("summary")));
        assertEquals(List.of("missingValues", "droppedRows", "droppedLines", "imputedCells", "imputationMeans", "labelSpellings"),
                keys(r.get("summary").get("dataPreparation")));
        assertEquals(List.of("type", "name", "lambda", "convention", "effectiveCoefficient", "trainingRows", "batchSize",
                "settings", "penalizedTensors"), keys(r.get("summary").get("penalties").get(0)));
        JsonNode coefficient = r.get("summary").get("penalties").get(0).get("effectiveCoefficient");
        assertEquals(List.of("formula", "coefficients", "lastBatchSize", "lastBatchCoefficients", "lastBatchRule"), keys(coefficient));
        assertEquals("c = λ", coefficient.get("formula").asText());
        assertEquals(0.01, coefficient.get("coefficients").get("lambda").asDouble(), 0.0);
        assertEquals(List.of("sparsityThreshold", "tensors"), keys(r.get("finalWeights")));
        assertEquals(1e-6, r.get("finalWeights").get("sparsityThreshold").asDouble(), 0.0);
        assertEquals(List.of("tensor", "count", "min", "max", "mean", "std", "frobeniusNorm", "l1Norm", "sparsity"),
                keys(r.get("finalWeights").get("tensors").get(0)));
        List<String> tensors = new ArrayList<>();
        r.get("finalWeights").get("tensors").forEach(t -> tensors.add(t.get("tensor").asText()));
        assertEquals(List.of("hidden1.weight", "output.weight"), tensors);
        assertEquals(List.of("train", "validation", "test"), keys(r.get("summary").get("rows")));
        assertEquals(List.of("metric", "value"), keys(r.get("generalizationGap")));
        assertEquals(List.of("sha256", "text"), keys(r.get("config")));
        assertEquals(List.of("version", "gitCommit", "numericsVersion", "gitDirty"), keys(r.get("occam")));
        assertEquals(List.of("java", "os", "processors", "gemmBackend"), keys(r.get("environment")));
        assertEquals(List.of("L2"), List.of(r.get("summary").get("penaltyTypes").get(0).asText()));
        assertEquals(0.01, r.get("summary").get("lambda").asDouble());
        assertEquals(20, r.get("summary").get("rows").get("train").asInt());
        // The provenance is the model's, as OLCUT writes it.
        assertEquals(JSON.readTree(w.provenanceJson()), r.get("provenance"));
    }

    @Test
    void readingIsLosslessAndTheStoreRowIsDerivedOnce() throws Exception {
        RunRecorder.Written w = RunRecorder.write(result, "<config/>", tmp);
        String text = Files.readString(w.directory().resolve(RunRecorder.RUN_JSON));
        RunRecord read = RunRecord.fromJson(text);
        assertEquals(text, read.toJson());
        assertEquals(w.record(), read);
        RunSummary row = read.storeRow(w.directory());
        assertEquals(w.summary(), row);
        assertEquals(w.summary(), RunRecords.summary(w.directory()));
        assertEquals("L2", row.penaltyTypes());
        assertEquals("0.01", row.lambdas());
        assertEquals(result.metrics().get("test").get("accuracy"), row.testAccuracy());
        assertNull(row.testMse());
        assertEquals(JSON.readTree(w.provenanceJson()), JSON.readTree(read.provenanceJson()));
    }

    @Test
    void unknownFieldsAreIgnoredAndMissingOnesAreNull() throws Exception {
        RunRecorder.Written w = RunRecorder.write(result, "<config/>", tmp);
        ObjectNode r = (ObjectNode) JSON.readTree(w.directory().resolve(RunRecorder.RUN_JSON).toFile());
        ObjectNode summary = (ObjectNode) r.get("summary");
        summary.put("numericsVersion", 7);          // a newer Occam's field
        summary.remove("dataPreparation");          // an older Occam's record
        r.put("somethingNew", true);
        RunRecord read = RunRecord.fromJson(JSON.writeValueAsString(r));
        assertNull(read.summary().dataPreparation());
        assertEquals(w.summary(), read.storeRow(w.directory()));
    }

    @Test
    void theFinalWeightsAreTheRecordedModelsWeightMatrices() throws Exception {
        RunRecorder.Written w = RunRecorder.write(result, "<config/>", tmp);
        var params = ExperimentRunner.mlp(result.model()).parameterValues();
        RunRecord.FinalWeights weights = RunRecord.fromJson(Files.readString(w.directory().resolve(RunRecorder.RUN_JSON))).finalWeights();
        assertEquals(2, weights.tensors().size());
        for (var s : weights.tensors()) {
            double[] v = params.get(s.tensor()).data();
            double max = Double.NEGATIVE_INFINITY;
            double sq = 0;
            for (double x : v) {
                max = Math.max(max, x);
                sq += x * x;
            }
            assertEquals(v.length, s.count());
            assertEquals(max, s.max(), 0.0);
            assertEquals(Math.sqrt(sq), s.frobeniusNorm(), 1e-12 * Math.sqrt(sq));
        }
    }

    @Test
    void aRecordInTheOldLayoutIsStillRead() throws Exception {
        RunRecorder.Written w = RunRecorder.write(result, "<config/>", tmp);
        ObjectNode r = (ObjectNode) JSON.readTree(w.directory().resolve(RunRecorder.RUN_JSON).toFile());
        // Before this layout: effectiveCoefficient was the bare map λ field → c, no final weights, no log-loss.
        ObjectNode penalty = (ObjectNode) r.get("summary").get("penalties").get(0);
        penalty.set("effectiveCoefficient", JSON.readTree("{\"lambda\": 0.01}"));
        r.remove("finalWeights");
        r.get("metrics").forEach(m -> ((ObjectNode) m).remove("logLoss"));
        RunRecord read = RunRecord.fromJson(JSON.writeValueAsString(r));
        org.occam.experiments.EffectiveCoefficient c = read.summary().penalties().get(0).effectiveCoefficient();
        assertEquals(java.util.Map.of("lambda", 0.01), c.coefficients());
        assertNull(c.formula());
        assertNull(c.lastBatchSize());
        assertNull(read.finalWeights());
        assertEquals(w.summary(), read.storeRow(w.directory()));
    }

    @Test
    void aFileThatIsNotARunRecordIsOneLineNamingTheFile() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("not-a-run"));
        Files.writeString(dir.resolve(RunRecorder.RUN_JSON), "{\"summary\": {\"seed\": 1}}");
        DataException e = assertThrows(DataException.class, () -> RunRecords.summary(dir));
        assertTrue(e.getMessage().contains(dir.resolve(RunRecorder.RUN_JSON).toString()) && !e.getMessage().contains("\n"), e.getMessage());
        Files.writeString(dir.resolve(RunRecorder.RUN_JSON), "{\"summary\": [1,\n 2]}");
        e = assertThrows(DataException.class, () -> RunRecords.summary(dir));
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }
}
