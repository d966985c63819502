package org.occam.spark;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.occam.experiments.record.RunRecorder;
import org.occam.experiments.store.RunStore;
import org.occam.experiments.store.TestDatabases.Backend;
import org.occam.experiments.sweep.SweepPlan;
import org.occam.experiments.sweep.SweepRunner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spark retries a task whose first attempt failed after writing its record and its store row
 * ({@code local[2,3]}: two executor threads, up to three attempts per task): the sweep still ends
 * with one record and one row per run, the retry does not train again, and executors write the
 * rows, on SQLite and on PostgreSQL.
 */
class SparkTaskRetryTest {
    private static JavaSparkContext spark;
    /** combination id → run.json as the failed first attempt left it */
    private static final Map<String, String> FAILED_ATTEMPTS = new ConcurrentHashMap<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = new JavaSparkContext(SparkSweepEngine.conf("local[2,3]"));
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @AfterEach
    void removeHook() {
        SparkSweepEngine.afterAttempt = null;
        FAILED_ATTEMPTS.clear();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aTaskRetriedAfterItsSideEffectsLeavesOneRecordAndOneRow(Backend backend) throws Exception {
        String url = backend.newUrl(dir);
        SweepPlan plan = SparkSweepEngineTest.plan(dir.resolve("runs"));
        List<String> failing = List.of(plan.combinations().get(0).id(), plan.combinations().get(3).id());
        SparkSweepEngine.afterAttempt = task -> {
            if (failing.contains(task.id()) && TaskContext.get().attemptNumber() == 0) {
                try {
                    FAILED_ATTEMPTS.put(task.id(), Files.readString(Path.of(task.target(), RunRecorder.RUN_JSON)));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                // A task failure outside Occam's own error handling, as a lost executor is: Spark retries it.
                throw new IllegalStateException("test: attempt 0 of " + task.id() + " fails after writing its record and row");
            }
        };
        SweepRunner.Outcome outcome;
        try (RunStore store = RunStore.connect(url)) {
            outcome = SweepRunner.run(plan, store, new SweepRunner.Options(2, List.of()), new SweepRunner.Listener() { },
                    new SparkSweepEngine(spark));
        }
        assertTrue(outcome.failures().isEmpty(), outcome.failures().toString());
        assertEquals(6, outcome.ran());
        assertEquals(failing.stream().sorted().toList(), FAILED_ATTEMPTS.keySet().stream().sorted().toList(), "both first attempts failed");
        for (String id : failing) {
            // The retry found the record and returned it: not trained again, not rewritten.
            assertEquals(FAILED_ATTEMPTS.get(id), Files.readString(plan.directory().resolve(id).resolve(RunRecorder.RUN_JSON)), id);
        }
        SweepChecks.assertOneRowPerRecord(url, plan.directory(), 6);
        try (var leftovers = Files.list(plan.directory())) {
            assertEquals(List.of(), leftovers.filter(p -> p.getFileName().toString().startsWith(RunRecorder.INCOMPLETE_PREFIX)).toList());
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void executorsWriteTheRowsThemselves(Backend backend) throws Exception {
        String url = backend.newUrl(dir);
        SweepPlan plan = SparkSweepEngineTest.plan(dir.resolve("runs"));
        Map<String, Boolean> rowBeforeReturn = new ConcurrentHashMap<>();
        // Each task's row is in the store before the task returns to the driver.
        SparkSweepEngine.afterAttempt = task -> {
            try (RunStore store = RunStore.connect(url)) {
                rowBeforeReturn.put(task.id(), store.find(task.runId()).isPresent());
            }
        };
        try (RunStore store = RunStore.connect(url)) {
            SweepRunner.Outcome outcome = SweepRunner.run(plan, store, new SweepRunner.Options(2, List.of()),
                    new SweepRunner.Listener() { }, new SparkSweepEngine(spark));
            assertTrue(outcome.failures().isEmpty(), outcome.failures().toString());
        }
        assertEquals(6, rowBeforeReturn.size());
        assertTrue(rowBeforeReturn.values().stream().allMatch(b -> b), rowBeforeReturn.toString());
        SweepChecks.assertOneRowPerRecord(url, plan.directory(), 6);
    }

    @org.junit.jupiter.api.Test
    void aTaskFailingOnEveryAttemptEndsTheSweepWithOneLineAndKeepsFinishedRuns() throws Exception {
        SweepPlan plan = SparkSweepEngineTest.plan(dir.resolve("runs"));
        String doomed = plan.combinations().get(5).id();
        SparkSweepEngine.afterAttempt = task -> {
            if (task.id().equals(doomed)) {
                throw new IllegalStateException("test: every attempt of " + task.id() + " fails");
            }
        };
        try (RunStore store = RunStore.open(dir.resolve("runs").resolve("occam.db"))) {
            org.occam.experiments.data.DataException e = org.junit.jupiter.api.Assertions.assertThrows(
                    org.occam.experiments.data.DataException.class, () -> SweepRunner.run(plan, store,
                            new SweepRunner.Options(2, List.of()), new SweepRunner.Listener() { }, new SparkSweepEngine(spark)));
            assertTrue(e.getMessage().startsWith("spark job of sweep " + plan.hash() + " failed on local[2,3]: "), e.getMessage());
            assertTrue(e.getMessage().contains("every attempt of " + doomed + " fails"), e.getMessage());
            assertTrue(e.getMessage().endsWith("run the same command again to resume)"), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
        // The records written before the abort stay; a rerun without the fault completes the sweep.
        SparkSweepEngine.afterAttempt = null;
        try (RunStore store = RunStore.open(dir.resolve("runs").resolve("occam.db"))) {
            SweepRunner.Outcome again = SweepRunner.run(plan, store, new SweepRunner.Options(2, List.of()),
                    new SweepRunner.Listener() { }, new SparkSweepEngine(spark));
            assertTrue(again.failures().isEmpty(), again.failures().toString());
            assertEquals(6, again.resumed() + again.ran());
            assertTrue(again.resumed() >= 1, "the doomed task's own record was written before its attempts failed");
        }
        SweepChecks.assertOneRowPerRecord("jdbc:sqlite:" + dir.resolve("runs").resolve("occam.db").toAbsolutePath(), plan.directory(), 6);
    }
}
