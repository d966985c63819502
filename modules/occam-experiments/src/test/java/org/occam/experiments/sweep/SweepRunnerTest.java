package org.occam.experiments.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.core.math.Matrix;
import org.occam.experiments.record.RunRecords;
import org.occam.experiments.store.RunStore;
import org.occam.experiments.store.RunSummary;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepRunnerTest {
    @TempDir
    Path dir;

    @Test
    void parallelSweepIsBitIdenticalToSerial() throws Exception {
        Path config = SweepFixtures.moonsConfig(dir, 4, "");
        List<String> grid = List.of("trainer.penalties=l1,l2,enet", "l1+l2+enet.lambda=0,0.01");
        SweepPlan serial = SweepFixtures.plan(config, dir.resolve("serial"), grid, 2, 0);
        SweepPlan parallel = SweepFixtures.plan(config, dir.resolve("parallel"), grid, 2, 0);
        SweepRunner.Outcome a = run(serial, 1);
        SweepRunner.Outcome b = run(parallel, 3);
        assertTrue(a.failures().isEmpty(), a.failures().toString());
        assertTrue(b.failures().isEmpty(), b.failures().toString());
        assertEquals(12, a.ran());
        assertEquals(12, b.ran());
        for (SweepPlan.Combination c : serial.combinations()) {
            Map<String, Matrix> x = SweepFixtures.parameters(serial.directory().resolve(c.id()));
            Map<String, Matrix> y = SweepFixtures.parameters(parallel.directory().resolve(c.id()));
            assertEquals(x, y, "parameters of " + c.id() + " differ between 1 and 3 threads");
            JsonNode mx = RunRecords.read(serial.directory().resolve(c.id())).get("metrics");
            JsonNode my = RunRecords.read(parallel.directory().resolve(c.id())).get("metrics");
            assertEquals(mx, my, c.id());
        }
        assertEquals(a.results().best(), b.results().best());
        // Each store row is exactly what the record says (so a store can be rebuilt from records).
        try (RunStore store = RunStore.open(dir.resolve("parallel").resolve("occam.db"))) {
            for (SweepPlan.Combination c : parallel.combinations()) {
                assertEquals(RunRecords.summary(parallel.directory().resolve(c.id())), store.find(c.runId()).orElseThrow(), c.id());
            }
        }
        // The penalty type really changes between points: the records say which penalty ran.
        assertEquals("L1", RunRecords.summary(serial.directory().resolve("p001-s1")).penaltyTypes());
        assertEquals("L2", RunRecords.summary(serial.directory().resolve("p002-s1")).penaltyTypes());
        assertEquals("ElasticNet", RunRecords.summary(serial.directory().resolve("p005-s2")).penaltyTypes());
        assertEquals(0.01, RunRecords.summary(serial.directory().resolve("p005-s2")).lambda());
    }

    @Test
    void crossValidationAggregatesMeanAndStdOverFoldsAndRecordsFoldsCompactly() throws Exception {
        Path config = SweepFixtures.moonsConfig(dir, 3, "");
        SweepPlan plan = SweepFixtures.plan(config, dir.resolve("runs"), List.of("l2.lambda=0,0.1"), 1, 3);
        SweepRunner.Outcome outcome = run(plan, 2);
        assertTrue(outcome.failures().isEmpty(), outcome.failures().toString());
        SweepResults r = outcome.results();
        assertTrue(r.complete());
        assertEquals(2, r.points().size());
        for (SweepResults.PointResult p : r.points()) {
            List<Double> acc = new ArrayList<>();
            for (String id : p.runs()) {
                acc.add(RunRecords.summary(plan.directory().resolve(id)).validationAccuracy());
            }
            assertEquals(3, acc.size());
            double mean = acc.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            double ss = acc.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
            SweepResults.Stat s = p.stats().get("validation.accuracy");
            assertEquals(mean, s.mean(), 1e-12);
            assertEquals(Math.sqrt(ss / 2), s.std(), 1e-12);
            assertEquals(3, s.n());
        }
        assertTrue(r.basis().contains("3-fold cross-validation"), r.basis());
        // The three folds' validation rows are disjoint and cover the non-test rows; test rows never move.
        JsonNode record = RunRecords.read(plan.directory().resolve("p000-s1-f1"));
        String provenance = record.get("provenance").toString();
        assertTrue(provenance.contains("org.occam.experiments.data.KFoldSplit"), provenance);
        String split = splitProvenance(record.get("summary").get("split").asText());
        assertEquals("KFoldSplit(base=FractionSplit(validationFraction=0.25,testFraction=0.25,seed=3),k=3,fold=1,seed=1)", split);
        assertFalse(provenance.contains("indices"), "no index lists in provenance");
        // results.json names the choice and its basis.
        JsonNode results = new com.fasterxml.jackson.databind.ObjectMapper().readTree(plan.directory().resolve(SweepResults.JSON_FILE).toFile());
        assertEquals("accuracy", results.get("selection").get("metric").asText());
        assertEquals("validation", results.get("selection").get("split").asText());
        assertNotNull(results.get("best").get("values"));
    }

    @Test
    void resumeInsertsStoreRowsForRecordsTheStoreMissedAndRerunsNothing() throws Exception {
        Path config = SweepFixtures.moonsConfig(dir, 2, "");
        SweepPlan plan = SweepFixtures.plan(config, dir.resolve("runs"), List.of("l2.lambda=0,0.1"), 1, 0);
        run(plan, 2);
        Path db = plan.directory().getParent().getParent().resolve("occam.db");
        String runJson = Files.readString(plan.directory().resolve("p001-s1").resolve("run.json"));
        try (RunStore store = RunStore.open(db)) {
            // As if the sweep had been killed between the record's rename and the store insert.
            assertTrue(store.delete(plan.combinations().get(1).runId()));
        }
        SweepRunner.Outcome again = run(plan, 2);
        assertEquals(2, again.resumed());
        assertEquals(0, again.ran());
        assertEquals(runJson, Files.readString(plan.directory().resolve("p001-s1").resolve("run.json")), "finished run redone");
        try (RunStore store = RunStore.open(db)) {
            RunSummary row = store.find(plan.combinations().get(1).runId()).orElseThrow();
            assertEquals(RunRecords.summary(plan.directory().resolve("p001-s1")), row);
            assertEquals(2, store.query(List.of()).size());
        }
    }

    static SweepRunner.Outcome run(SweepPlan plan, int threads) {
        Path db = plan.directory().getParent().getParent().resolve("occam.db");
        try (RunStore store = RunStore.open(db)) {
            return SweepRunner.run(plan, store, new SweepRunner.Options(threads, List.of()), new SweepRunner.Listener() { });
        }
    }

    private static String splitProvenance(String s) {
        return s;
    }
}
