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
import java.util.logging.Logger;

/**
 * A sweep engine that runs each combination as one Spark task.
 *
 * <p>The driver sends each task its combination's effective configuration as XML text (the text
 * its record keeps), the absolute record directory and the run store's JDBC URL; the executor
 * loads the config, trains, writes the record with {@link RunRecorder} (assembled under a hidden
 * name and renamed into place) and inserts its store row with the idempotent
 * {@link RunStore#insertIfAbsent}, then returns the record's {@code run.json} text. No Tribuo
 * object is ever serialized by Spark. The run root must therefore be a path every executor can
 * write (a shared file system), and the store one every executor can reach (PostgreSQL, or an
 * SQLite file on that shared path when all executors are on one machine).
 *
 * <p><b>Exactly one row per run.</b> A retried or speculative task whose record already exists
 * returns that record instead of training again, and an attempt that loses the record's rename to
 * another attempt returns the winner's; either way its insert finds the row already there. The
 * driver then checks every finished combination: its row must equal the one derived from its
 * record, and a row an executor could not write (store unreachable from that executor) is inserted
 * by the driver. Rows left without a record (a record deleted by hand) are removed before the
 * tasks start, as the local engine replaces them. The manifest, lock, resume and results are
 * {@link SweepRunner}'s, as for the local engine.
 */
public final class SparkSweepEngine implements SweepRunner.Engine {
    private static final Logger logger = Logger.getLogger(SparkSweepEngine.class.getName());

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
        // Occam's executor flags go after the user's own (spark-submit --conf or -Dspark.*), never instead of them.
        String userOptions = conf.get("spark.executor.extraJavaOptions", "").strip();
        return conf.set("spark.ui.enabled", conf.get("spark.ui.enabled", "false"))
                .set("spark.executor.extraJavaOptions", (userOptions.isEmpty() ? "" : userOptions + " ") + "--add-modules jdk.incubator.vector"
                        + (System.getProperty("occam.baseDir") == null ? "" : " -Doccam.baseDir=" + System.getProperty("occam.baseDir")));
    }

    /**
     * One combination as a task: plain strings only.
     * @param id the combination id
     * @param runId its run id
     * @param configXml its effective configuration
     * @param target the absolute record directory
     * @param recordPath the record directory as the driver names it (the store row's {@code recordPath})
     * @param storeUrl the run store's JDBC URL, or null when executors cannot share it (in-memory)
     * @param reports whether to write the run report
     */
    public record Task(String id, String runId, String configXml, String target, String recordPath, String storeUrl,
                       boolean reports) implements Serializable {}

    /**
     * What a task returns.
     * @param id the combination id
     * @param runJson the record's {@code run.json} text, null on failure
     * @param error the one-line error, null on success
     * @param executor where it ran (executor id)
     * @param storeError why the executor did not write the store row (null if it did, or found it written)
     * @param startedMillis when the task started (epoch milliseconds, executor clock)
     * @param divergedEpoch the epoch where training diverged (0 if it did not)
     * @param divergedStep the step where training diverged (0 if it did not)
     */
    public record Outcome(String id, String runJson, String error, String executor, String storeError, long startedMillis,
                          int divergedEpoch, int divergedStep) implements Serializable {}

    /**
     * Test seam: called on the executor after each attempt, before it returns (so a test can make
     * an attempt fail after its side effects, and Spark retry it). Null in production.
     */
    static volatile java.util.function.Consumer<Task> afterAttempt;

    @Override
    public Map<String, Throwable> runAll(SweepPlan plan, List<SweepPlan.Combination> todo, RunStore store,
                                         SweepRunner.Options options, SweepRunner.Listener listener) {
        List<Task> tasks = new ArrayList<>();
        Map<String, SweepPlan.Combination> byId = new LinkedHashMap<>();
        String storeUrl = sharedUrl(store.url());
        for (SweepPlan.Combination c : todo) {
            byId.put(c.id(), c);
            // A row without a record was left by a record deleted by hand: the run is done again.
            store.delete(c.runId());
            Path dir = plan.directory().resolve(c.id());
            tasks.add(new Task(c.id(), c.runId(), SweepRunner.effectiveConfig(plan, c), dir.toAbsolutePath().toString(),
                    dir.toString(), storeUrl, !options.reports().isEmpty()));
            listener.runStarted(c);
        }
        long start = System.nanoTime();
        long submitted = System.currentTimeMillis();
        List<Outcome> outcomes;
        try {
            outcomes = context.parallelize(tasks, tasks.size()).map(SparkSweepEngine::run).collect();
        } catch (Exception e) { // SparkException is checked in Java terms but thrown undeclared by Scala
            // The cluster's failure, not a run's (tasks failing on every attempt, executors that
            // cannot start, the application removed by the master): one line; records already
            // written are kept and the same command resumes the sweep.
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip().lines().findFirst().orElse("");
            throw new DataException("spark job of sweep " + plan.hash() + " failed on " + context.master() + ": " + why
                    + " (finished runs are kept; run the same command again to resume)");
        }
        Map<String, Throwable> failures = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            SweepPlan.Combination c = byId.get(o.id());
            if (o.error() != null) {
                // The run's failure (its failed record and row were written on the executor), with
                // its kind kept: a divergence exits as one, as on the local engine.
                RuntimeException e = o.divergedEpoch() > 0
                        ? new org.occam.core.train.TrainingDivergedException(o.error(), o.divergedEpoch(), o.divergedStep())
                        : new DataException(o.error());
                failures.put(o.id(), e);
                listener.runFailed(c, e);
                continue;
            }
            try {
                RunRecord record = RunRecord.fromJson(o.runJson());
                RunSummary row = checkRow(store, record, plan.directory().resolve(c.id()), o);
                listener.runFinished(c, row, record.summary().wallMillis());
            } catch (IOException | RuntimeException e) {
                failures.put(o.id(), e);
                listener.runFailed(c, e);
            }
        }
        lastExecutors = outcomes.stream().map(Outcome::executor).toList();
        Map<String, Long> perExecutor = new java.util.TreeMap<>();
        outcomes.forEach(o -> perExecutor.merge(o.executor(), 1L, Long::sum));
        long firstTask = outcomes.stream().mapToLong(Outcome::startedMillis).min().orElse(submitted);
        logger.info(String.format(java.util.Locale.ROOT,
                "spark sweep %s: %d task(s) in %.1f s (the first started %.1f s after submission) on %d executor(s); tasks per executor %s",
                plan.hash(), outcomes.size(), (System.nanoTime() - start) / 1e9, (firstTask - submitted) / 1e3, perExecutor.size(), perExecutor));
        return failures;
    }

    /**
     * The driver's check of a finished combination's row: present and equal to the row derived from
     * its record; inserted here if the executor could not write it.
     */
    private static RunSummary checkRow(RunStore store, RunRecord record, Path dir, Outcome o) {
        RunSummary row = record.storeRow(dir);
        java.util.Optional<RunSummary> stored = store.find(row.runId());
        if (stored.isEmpty()) {
            if (o.storeError() == null) {
                logger.warning("run " + row.runId() + ": executor " + o.executor() + " wrote its row to a store this driver does not see ("
                        + RunStore.redact(store.url()) + "); the driver inserts it");
            } else {
                logger.warning("run " + row.runId() + ": executor " + o.executor() + " could not write its row (" + o.storeError()
                        + "); the driver inserts it");
            }
            store.insertIfAbsent(row, record.provenanceJson());
            return row;
        }
        if (!stored.get().equals(row)) {
            throw new DataException("run " + row.runId() + ": the row in run store " + RunStore.redact(store.url())
                    + " differs from its record " + dir + "; delete the row (or the record) and rerun the sweep");
        }
        return row;
    }

    /**
     * The store URL executors get: null for an in-memory SQLite database, which only this
     * connection sees.
     */
    static String sharedUrl(String url) {
        if (url == null || url.startsWith("jdbc:sqlite::memory:") || url.contains("mode=memory") || url.equals("jdbc:sqlite:")) {
            return null;
        }
        return url;
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
        Outcome outcome = attempt(task);
        java.util.function.Consumer<Task> hook = afterAttempt;
        if (hook != null) {
            hook.accept(task);
        }
        return outcome;
    }

    private static Outcome attempt(Task task) {
        long started = System.currentTimeMillis();
        String executor = org.apache.spark.SparkEnv.get() == null ? "?" : org.apache.spark.SparkEnv.get().executorId();
        Path target = Path.of(task.target());
        String json;
        try {
            if (!RunRecords.isRecord(target)) {
                Path config = Files.createTempFile("occam-spark-" + task.id() + "-", ".xml");
                try {
                    Files.writeString(config, task.configXml(), StandardCharsets.UTF_8);
                    ExperimentConfig.Loaded loaded = ExperimentConfig.load(config, List.of());
                    java.util.concurrent.atomic.AtomicReference<ExperimentRunner.Started> begun = new java.util.concurrent.atomic.AtomicReference<>();
                    long startNanos = System.nanoTime();
                    RunResult result;
                    try {
                        result = ExperimentRunner.execute(loaded.experiment(), null, begun::set);
                    } catch (RuntimeException e) {
                        if (begun.get() != null) {
                            recordFailure(task, loaded, begun.get(), e, (System.nanoTime() - startNanos) / 1_000_000);
                        }
                        throw e;
                    }
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
            json = Files.readString(target.resolve(RunRecorder.RUN_JSON), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            org.occam.core.train.TrainingDivergedException diverged = ExperimentConfig.find(e, org.occam.core.train.TrainingDivergedException.class);
            return new Outcome(task.id(), null, ExperimentConfig.describe(diverged != null ? diverged : e), executor, null, started,
                    diverged == null ? 0 : Math.max(1, diverged.epoch()), diverged == null ? 0 : diverged.step());
        }
        return new Outcome(task.id(), json, null, executor, store(task, json), started, 0, 0);
    }

    /**
     * Records a run that failed after its training started, as the local engine does: its
     * directory with the failed run's record and config, and its store row (status and reason).
     * A failure to record it is attached to the run's error.
     */
    private static void recordFailure(Task task, ExperimentConfig.Loaded loaded, ExperimentRunner.Started begun,
                                      RuntimeException error, long wallMillis) {
        try {
            RunRecorder.Written written = RunRecorder.writeFailed(loaded.experiment(), begun, error, task.configXml(),
                    Path.of(task.target()), task.runId(), wallMillis);
            String why = task.storeUrl() == null ? "the store is in the driver's memory" : null;
            if (why == null) {
                try (RunStore store = RunStore.connect(task.storeUrl())) {
                    store.insertIfAbsent(written.record().storeRow(Path.of(task.recordPath())), written.provenanceJson());
                }
            }
        } catch (RuntimeException e) {
            error.addSuppressed(e);
            logger.warning("sweep run " + task.id() + ": the failed run could not be recorded: " + e.getMessage());
        }
    }

    /**
     * Inserts the record's row unless it is stored already.
     * @return null if the row is in the store now, else why not (the driver then inserts it)
     */
    private static String store(Task task, String runJson) {
        if (task.storeUrl() == null) {
            return "the store is in the driver's memory";
        }
        String url = task.storeUrl();
        if (url.startsWith("jdbc:sqlite:") && !Files.isRegularFile(Path.of(url.substring("jdbc:sqlite:".length())))) {
            // Never create a second SQLite store on the executor's machine.
            return "no SQLite file " + url.substring("jdbc:sqlite:".length()) + " on this executor's machine";
        }
        try (RunStore store = RunStore.connect(url)) {
            RunRecord record = RunRecord.fromJson(runJson);
            store.insertIfAbsent(record.storeRow(Path.of(task.recordPath())), record.provenanceJson());
            return null;
        } catch (IOException | RuntimeException e) {
            return ExperimentConfig.describe(e);
        }
    }
}
