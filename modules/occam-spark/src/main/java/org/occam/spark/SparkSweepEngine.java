package org.occam.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.occam.experiments.ExperimentConfig;
import org.occam.experiments.ExperimentRunner;
import org.occam.experiments.RunResult;
import org.occam.experiments.data.DataException;
import org.occam.experiments.record.ReportHook;
import org.occam.experiments.record.RunRecord;
import org.occam.experiments.record.RunRecorder;
import org.occam.experiments.record.RunRecords;
import org.occam.experiments.store.RunStore;
import org.occam.experiments.store.RunSummary;
import org.occam.experiments.sweep.SweepPlan;
import org.occam.experiments.sweep.SweepRunner;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sweep engine that runs each combination as one Spark task.
 *
 * <p>The driver sends each task its combination's effective configuration as XML text (the text
 * its record keeps) and the absolute record directory; the executor loads the config, trains,
 * and writes the record with {@link RunRecorder} (assembled under a hidden name and renamed into
 * place), then returns the record's {@code run.json} text. No Tribuo object is ever serialized by
 * Spark. The run root must therefore be a path every executor can write (a shared file system).
 * The driver turns each returned record into its store row ({@link RunRecord#storeRow}) and
 * inserts it, so exactly one row lands per combination however often Spark retries a task (a
 * retried task whose record already exists returns that record instead of training again).
 * The manifest, lock, resume and results are {@link SweepRunner}'s, as for the local engine.
 */
public final class SparkSweepEngine implements SweepRunner.Engine {

    private final JavaSparkContext context;

    /**
     * @param context the Spark context to submit tasks to (the caller stops it)
     */
    public SparkSweepEngine(JavaSparkContext context) {
        this.context = context;
    }

    /**
     * A Spark configuration for Occam: the application name and the master; a {@code local} master's
     * driver is bound to loopback unless {@code SPARK_LOCAL_IP} says otherwise (a cluster's driver
     * must be reachable, so there Spark's own choice or {@code SPARK_LOCAL_IP} stands).
     * @param master e.g. {@code local[2]} or {@code spark://host:7077}
     * @return the configuration
     */
    public static SparkConf conf(String master) {
        String ip = System.getenv("SPARK_LOCAL_IP");
        SparkConf conf = new SparkConf().setAppName("occam-sweep").setMaster(master);
        if (master.startsWith("local") && (ip == null || ip.isBlank())) {
            conf.set("spark.driver.bindAddress", "127.0.0.1").set("spark.driver.host", "127.0.0.1");
        }
        return conf.set("spark.ui.enabled", "false")
                .set("spark.executor.extraJavaOptions", "--add-modules jdk.incubator.vector"
                        + (System.getProperty("occam.baseDir") == null ? "" : " -Doccam.baseDir=" + System.getProperty("occam.baseDir")));
    }

    /**
     * One combination as a task: plain strings only.
     * @param id the combination id
     * @param runId its run id
     * @param configXml its effective configuration
     * @param target the absolute record directory
     * @param reports whether to write the run report
     */
    public record Task(String id, String runId, String configXml, String target, boolean reports) implements Serializable {}

    /**
     * What a task returns.
     * @param id the combination id
     * @param runJson the record's {@code run.json} text, null on failure
     * @param error the one-line error, null on success
     * @param executor where it ran (host and executor id)
     */
    public record Outcome(String id, String runJson, String error, String executor) implements Serializable {}

    @Override
    public Map<String, Throwable> runAll(SweepPlan plan, List<SweepPlan.Combination> todo, RunStore store,
                                         SweepRunner.Options options, SweepRunner.Listener listener) {
        List<Task> tasks = new ArrayList<>();
        Map<String, SweepPlan.Combination> byId = new LinkedHashMap<>();
        for (SweepPlan.Combination c : todo) {
            byId.put(c.id(), c);
            tasks.add(new Task(c.id(), c.runId(), SweepRunner.effectiveConfig(plan, c),
                    plan.directory().resolve(c.id()).toAbsolutePath().toString(), !options.reports().isEmpty()));
            listener.runStarted(c);
        }
        List<Outcome> outcomes = context.parallelize(tasks, tasks.size()).map(SparkSweepEngine::run).collect();
        Map<String, Throwable> failures = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            SweepPlan.Combination c = byId.get(o.id());
            if (o.error() != null) {
                DataException e = new DataException(o.error());
                failures.put(o.id(), e);
                listener.runFailed(c, e);
                continue;
            }
            try {
                RunRecord record = RunRecord.fromJson(o.runJson());
                RunSummary row = SweepRunner.insert(store, record, plan.directory().resolve(c.id()));
                listener.runFinished(c, row, record.summary().wallMillis());
            } catch (IOException | RuntimeException e) {
                failures.put(o.id(), e);
                listener.runFailed(c, e);
            }
        }
        lastExecutors = outcomes.stream().map(Outcome::executor).toList();
        return failures;
    }

    private volatile List<String> lastExecutors = List.of();

    /**
     * Where the last sweep's tasks ran, one entry per task.
     * @return host/executor id per task
     */
    public List<String> lastExecutors() {
        return lastExecutors;
    }

    /**
     * Runs one task on an executor.
     * @param task the task
     * @return its outcome
     */
    static Outcome run(Task task) {
        String executor = org.apache.spark.SparkEnv.get() == null ? "?" : org.apache.spark.SparkEnv.get().executorId();
        Path target = Path.of(task.target());
        try {
            if (!RunRecords.isRecord(target)) {
                Path config = Files.createTempFile("occam-spark-" + task.id() + "-", ".xml");
                try {
                    Files.writeString(config, task.configXml(), StandardCharsets.UTF_8);
                    ExperimentConfig.Loaded loaded = ExperimentConfig.load(config, List.of());
                    RunResult result = ExperimentRunner.execute(loaded.experiment(), null);
                    RunRecorder.write(result, task.configXml(), target, task.runId(),
                            task.reports() ? ReportHook.installed() : List.of());
                } catch (UncheckedIOException e) {
                    if (!RunRecords.isRecord(target)) { // else another attempt of this task won the rename
                        throw e;
                    }
                } finally {
                    Files.deleteIfExists(config);
                }
            }
            return new Outcome(task.id(), Files.readString(target.resolve(RunRecorder.RUN_JSON), StandardCharsets.UTF_8), null, executor);
        } catch (IOException | RuntimeException e) {
            return new Outcome(task.id(), null, ExperimentConfig.describe(e), executor);
        }
    }
}
