package org.occam.spark;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.core.math.Matrix;
import org.occam.experiments.ExperimentRunner;
import org.occam.experiments.record.RunRecorder;
import org.occam.experiments.record.RunRecords;
import org.occam.experiments.store.RunStore;
import org.occam.experiments.store.RunSummary;
import org.occam.experiments.sweep.GridAxis;
import org.occam.experiments.sweep.SweepPlan;
import org.occam.experiments.sweep.SweepRunner;
import org.occam.experiments.sweep.SweepSpec;
import org.tribuo.Model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A sweep on Spark {@code local[2]} is the local thread-pool sweep, bit for bit, with one row per combination. */
class SparkSweepEngineTest {
    private static JavaSparkContext spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = new JavaSparkContext(SparkSweepEngine.conf("local[2]"));
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    static SweepPlan plan(Path runs) {
        Path config = Path.of(System.getProperty("occam.baseDir"), "configs", "moons-l2-keras.xml");
        SweepSpec spec = SweepSpec.of(config, List.of("trainer.epochs=3"),
                List.of(GridAxis.parse("l2.lambda=0.001,0.01,0.1")), 2, 0, null, null);
        return SweepPlan.of(spec, runs);
    }

    static Map<String, Matrix> parameters(Path runDir) throws Exception {
        Model<?> model = Model.deserializeFromFile(runDir.resolve(RunRecorder.MODEL_FILE));
        return ExperimentRunner.mlp(model).parameterValues();
    }

    @Test
    void localTwoIsBitIdenticalToTheThreadPoolAndWritesOneRowPerCombination() throws Exception {
        SweepPlan local = plan(dir.resolve("local"));
        SweepPlan onSpark = plan(dir.resolve("spark"));
        assertEquals(local.directory().getFileName(), onSpark.directory().getFileName(), "same sweep, same sweep-<hash> name");
        SweepRunner.Outcome a;
        try (RunStore store = RunStore.open(dir.resolve("local").resolve("occam.db"))) {
            a = SweepRunner.run(local, store, new SweepRunner.Options(2, List.of()), new SweepRunner.Listener() { });
        }
        SparkSweepEngine engine = new SparkSweepEngine(spark);
        SweepRunner.Outcome b;
        try (RunStore store = RunStore.open(dir.resolve("spark").resolve("occam.db"))) {
            b = SweepRunner.run(onSpark, store, new SweepRunner.Options(2, List.of()), new SweepRunner.Listener() { }, engine);
            assertEquals(6, store.query(List.of()).size());
            for (SweepPlan.Combination c : onSpark.combinations()) {
                assertEquals(RunRecords.summary(onSpark.directory().resolve(c.id())), store.find(c.runId()).orElseThrow(), c.id());
            }
        }
        assertTrue(a.failures().isEmpty() && b.failures().isEmpty(), a.failures() + " " + b.failures());
        assertEquals(6, a.ran());
        assertEquals(6, b.ran());
        for (SweepPlan.Combination c : local.combinations()) {
            Path x = local.directory().resolve(c.id());
            Path y = onSpark.directory().resolve(c.id());
            assertEquals(parameters(x), parameters(y), c.id());
            JsonNode mx = RunRecords.read(x).get("metrics");
            JsonNode my = RunRecords.read(y).get("metrics");
            assertEquals(mx, my, c.id());
            assertEquals(Files.readString(x.resolve(RunRecorder.CONFIG_FILE)), Files.readString(y.resolve(RunRecorder.CONFIG_FILE)));
        }
        assertEquals(a.results().best(), b.results().best());


        // Rerun: everything is resumed, nothing runs again, no row is added.
        try (RunStore store = RunStore.open(dir.resolve("spark").resolve("occam.db"))) {
            SweepRunner.Outcome again = SweepRunner.run(onSpark, store, new SweepRunner.Options(2, List.of()), new SweepRunner.Listener() { }, engine);
            assertEquals(6, again.resumed());
            assertEquals(0, again.ran());
            assertEquals(6, store.query(List.of()).size());
        }
        // A retried task whose record exists returns it instead of training again.
        SweepPlan.Combination first = onSpark.combinations().get(0);
        SparkSweepEngine.Outcome retried = SparkSweepEngine.run(new SparkSweepEngine.Task(first.id(), first.runId(), "<not xml",
                onSpark.directory().resolve(first.id()).toAbsolutePath().toString(), onSpark.directory().resolve(first.id()).toString(),
                null, false));
        assertEquals(null, retried.error());
        assertEquals(Files.readString(onSpark.directory().resolve(first.id()).resolve(RunRecorder.RUN_JSON)), retried.runJson());
        RunSummary row = RunRecords.summary(onSpark.directory().resolve(first.id()));
        assertEquals(first.runId(), row.runId());
    }

    @Test
    void executorOptionsOfTheUserAreKeptAndOccamsAppended() {
        System.setProperty("spark.executor.extraJavaOptions", "-Dmine=1");
        try {
            String options = SparkSweepEngine.conf("local[1]").get("spark.executor.extraJavaOptions");
            assertTrue(options.startsWith("-Dmine=1 --add-modules jdk.incubator.vector"), options);
        } finally {
            System.clearProperty("spark.executor.extraJavaOptions");
        }
        assertTrue(SparkSweepEngine.conf("local[1]").get("spark.executor.extraJavaOptions").startsWith("--add-modules jdk.incubator.vector"));
        assertEquals(null, SparkSweepEngine.sharedUrl("jdbc:sqlite::memory:"));
        assertEquals("jdbc:sqlite:/x/occam.db", SparkSweepEngine.sharedUrl("jdbc:sqlite:/x/occam.db"));
    }
}
