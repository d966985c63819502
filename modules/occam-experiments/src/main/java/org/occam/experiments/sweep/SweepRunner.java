package org.occam.experiments.sweep;

import org.occam.experiments.ExperimentConfig;
import org.occam.experiments.ExperimentRunner;
import org.occam.experiments.RunResult;
import org.occam.experiments.data.DataException;
import org.occam.experiments.record.ReportHook;
import org.occam.experiments.record.RunRecorder;
import org.occam.experiments.record.RunRecords;
import org.occam.experiments.store.RunStore;
import org.occam.experiments.store.RunSummary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Runs a {@link SweepPlan}: every combination is an ordinary run — loaded from the config with its
 * overrides, executed, recorded with {@link RunRecorder} into {@code <sweep dir>/<combination id>/}
 * and inserted into the run store — on a pool of threads. Runs are independent and seeded, so the
 * thread count never changes a result: every parameter is bit-identical to a serial sweep.
 *
 * <p><b>Resume.</b> A combination is finished exactly when its directory holds a run record, and a
 * record directory only ever appears whole (assembled under a hidden {@code .incomplete-} name and
 * renamed into place). So a sweep killed at any moment is resumed by running the same command
 * again: the same plan gives the same directory; leftover {@code .incomplete-} directories are
 * deleted; finished combinations are skipped (and put into the run store if the kill came between
 * the rename and the insert); the others run. A lock file keeps two processes out of one sweep
 * directory.
 */
public final class SweepRunner {
    private static final Logger logger = Logger.getLogger(SweepRunner.class.getName());

    /** The lock file's name. */
    public static final String LOCK_FILE = "sweep.lock";

    private SweepRunner() {}

    /**
     * How to run.
     * @param threads worker threads (≥ 1)
     * @param reports report hooks for every run and for the finished sweep (empty for none)
     */
    public record Options(int threads, List<ReportHook> reports) {
        /** Validates. */
        public Options {
            if (threads < 1) {
                throw new DataException("--threads: expected at least 1, found " + threads);
            }
            reports = List.copyOf(reports);
        }
    }

    /** Told about the sweep's progress; called from worker threads, one call at a time. */
    public interface Listener {
        /**
         * @param plan the plan
         * @param alreadyDone combinations finished by an earlier, interrupted sweep
         * @param toRun combinations to run now
         */
        default void started(SweepPlan plan, int alreadyDone, int toRun) { }

        /**
         * @param combination a combination that started
         */
        default void runStarted(SweepPlan.Combination combination) { }

        /**
         * @param combination a finished combination
         * @param summary its record's summary
         * @param millis its wall time
         */
        default void runFinished(SweepPlan.Combination combination, RunSummary summary, long millis) { }

        /**
         * @param combination a combination that failed (it has no record and reruns on resume)
         * @param error why
         */
        default void runFailed(SweepPlan.Combination combination, Throwable error) { }
    }

    /**
     * What a sweep did.
     * @param plan the plan
     * @param resumed combinations an earlier sweep had finished
     * @param ran combinations finished now
     * @param failures combination id → error message, for the combinations that failed
     * @param results the aggregate over every finished combination
     * @param errors combination id → the error itself, for the combinations that failed
     */
    public record Outcome(SweepPlan plan, int resumed, int ran, Map<String, String> failures, SweepResults results,
                          Map<String, Throwable> errors) {}

    /**
     * Runs the combinations a sweep still has to do. The local engine is this JVM's thread pool;
     * another engine (occam-spark's) runs them elsewhere, ending in the same records and rows.
     */
    public interface Engine {
        /**
         * Runs the combinations: each ends as a record in {@code <sweep dir>/<id>/} and one store row.
         * @param plan the plan
         * @param todo the combinations to run (not empty)
         * @param store the run store
         * @param options threads and report hooks
         * @param listener progress listener (synchronized)
         * @return combination id → error, for the combinations that failed
         */
        Map<String, Throwable> runAll(SweepPlan plan, List<SweepPlan.Combination> todo, RunStore store, Options options, Listener listener);
    }

    /**
     * Supplies a named engine found with {@link java.util.ServiceLoader} (occam-spark provides
     * {@code spark}), so this module never depends on an engine's libraries.
     */
    public interface EngineProvider {
        /** @return the engine's name, as {@code --engine} takes it */
        String name();

        /**
         * Starts the engine.
         * @param master where to run (engine-specific; null for the default)
         * @return the engine, to be closed after the sweep
         */
        Opened start(String master);

        /**
         * A started engine.
         * @param engine the engine
         * @param closer stops it
         */
        record Opened(Engine engine, Runnable closer) implements AutoCloseable {
            @Override
            public void close() {
                closer.run();
            }
        }

        /**
         * Starts the named engine.
         * @param name e.g. {@code spark}
         * @param master where to run, or null
         * @return the started engine
         * @throws DataException if no provider of that name is on the class path
         */
        static Opened open(String name, String master) {
            List<String> names = new ArrayList<>(List.of("local"));
            for (EngineProvider p : java.util.ServiceLoader.load(EngineProvider.class)) {
                if (p.name().equals(name)) {
                    return p.start(master);
                }
                names.add(p.name());
            }
            throw new DataException("--engine " + name + ": unknown engine; available here: " + String.join(", ", names)
                    + (name.equals("spark") ? " (the spark engine is in the occam-spark module)" : ""));
        }
    }

    /** The local engine: a pool of {@link Options#threads()} threads in this JVM. */
    public static final Engine LOCAL = SweepRunner::runAll;

    /**
     * Runs (or resumes) a sweep on the {@link #LOCAL local} engine.
     * @param plan the plan
     * @param store the run store every run is inserted into
     * @param options threads and report hooks
     * @param listener progress listener
     * @return what happened
     * @throws DataException if another process holds the sweep directory or its manifest describes another sweep
     */
    public static Outcome run(SweepPlan plan, RunStore store, Options options, Listener listener) {
        return run(plan, store, options, listener, LOCAL);
    }

    /**
     * Runs (or resumes) a sweep on an engine; manifest, lock, resume and results are the same for
     * every engine.
     * @param plan the plan
     * @param store the run store every run is inserted into
     * @param options threads and report hooks
     * @param listener progress listener
     * @param engine runs the combinations still to do
     * @return what happened
     * @throws DataException if another process holds the sweep directory or its manifest describes another sweep
     */
    public static Outcome run(SweepPlan plan, RunStore store, Options options, Listener listener, Engine engine) {
        Path dir = plan.directory();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the sweep directory " + dir + ": " + e.getMessage(), e);
        }
        try (FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = tryLock(lockChannel, dir)) {
            SweepManifest.writeOrVerify(plan);
            deleteLeftovers(dir);
            List<SweepPlan.Combination> todo = new ArrayList<>();
            int resumed = 0;
            for (SweepPlan.Combination c : plan.combinations()) {
                Path runDir = dir.resolve(c.id());
                if (RunRecords.isRecord(runDir)) {
                    resumed++;
                    if (store.find(c.runId()).isEmpty()) {
                        // Killed between the record's rename and the store insert: the record is the truth.
                        store.insert(RunRecords.summary(runDir), RunRecords.provenanceJson(runDir));
                    }
                } else {
                    if (RunRecords.isFailedRecord(runDir)) {
                        // A failed or diverged run is retried; its row is replaced when the retry is recorded.
                        RunRecorder.deleteQuietly(runDir);
                    }
                    todo.add(c);
                }
            }
            Listener synced = synchronizedListener(listener);
            synced.started(plan, resumed, todo.size());
            Map<String, Throwable> errors = todo.isEmpty() ? new LinkedHashMap<>() : engine.runAll(plan, todo, store, options, synced);
            Map<String, String> failures = new LinkedHashMap<>();
            errors.forEach((id, e) -> failures.put(id, ExperimentConfig.describe(e)));
            SweepResults results = SweepResults.aggregate(plan);
            results.write(plan);
            if (results.complete()) {
                for (ReportHook hook : options.reports()) {
                    try {
                        hook.writeSweepReport(dir);
                    } catch (IOException | RuntimeException e) {
                        // One line, no stack trace: the sweep's runs and results are complete.
                        logger.warning("sweep " + dir + ": the report of " + hook.getClass().getSimpleName()
                                + " was not written (regenerate it with occam report " + dir + "): " + e);
                    }
                }
            }
            return new Outcome(plan, resumed, todo.size() - failures.size(), failures, results, errors);
        } catch (IOException e) {
            throw new UncheckedIOException("sweep " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Throwable> runAll(SweepPlan plan, List<SweepPlan.Combination> todo, RunStore store,
                                              Options options, Listener listener) {
        Map<String, Throwable> failures = new LinkedHashMap<>();
        if (todo.isEmpty()) {
            return failures;
        }
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.threads(), todo.size()), r -> {
            Thread t = new Thread(r, "occam-sweep-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (SweepPlan.Combination c : todo) {
                futures.add(pool.submit(() -> {
                    listener.runStarted(c);
                    long start = System.nanoTime();
                    try {
                        RunSummary summary = runOne(plan, c, store, options);
                        listener.runFinished(c, summary, (System.nanoTime() - start) / 1_000_000);
                    } catch (RuntimeException | Error e) {
                        synchronized (failures) {
                            failures.put(c.id(), e);
                        }
                        logger.log(Level.FINE, "sweep run " + c.id() + " failed", e);
                        listener.runFailed(c, e);
                    }
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("sweep worker failed: " + e.getCause(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the sweep's runs", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return failures;
    }

    /**
     * Runs one combination: load, execute, record (moved into place whole), insert into the store.
     * @return the store row
     */
    private static RunSummary runOne(SweepPlan plan, SweepPlan.Combination c, RunStore store, Options options) {
        ExperimentConfig.Loaded loaded = plan.load(c);
        String configText = withOrigin(loaded.effectiveConfigText(), plan, c);
        java.util.concurrent.atomic.AtomicReference<ExperimentRunner.Started> started = new java.util.concurrent.atomic.AtomicReference<>();
        long startNanos = System.nanoTime();
        RunResult result;
        try {
            result = ExperimentRunner.execute(loaded.experiment(), null, started::set);
        } catch (RuntimeException e) {
            if (started.get() != null) {
                recordFailure(plan, c, loaded, configText, started.get(), e, store, (System.nanoTime() - startNanos) / 1_000_000);
            }
            throw e;
        }
        RunRecorder.Written written = RunRecorder.write(result, configText, plan.directory().resolve(c.id()), c.runId(), options.reports());
        // A row without a record can only be left by a record deleted by hand; replace it.
        store.delete(c.runId());
        store.insert(written.summary(), written.provenanceJson());
        return written.summary();
    }

    /**
     * Records a combination that failed after its training started: its directory with the failed
     * run's record and config, and its store row (replacing an earlier one) with status and reason.
     * A failure to record it is attached to the run's error, which is what the sweep reports.
     */
    private static void recordFailure(SweepPlan plan, SweepPlan.Combination c, ExperimentConfig.Loaded loaded, String configText,
                                      ExperimentRunner.Started started, RuntimeException error, RunStore store, long wallMillis) {
        try {
            RunRecorder.Written written = RunRecorder.writeFailed(loaded.experiment(), started, error, configText,
                    plan.directory().resolve(c.id()), c.runId(), wallMillis);
            try {
                store.delete(c.runId());
                store.insert(written.summary(), written.provenanceJson());
            } catch (RuntimeException e) {
                RunRecorder.deleteQuietly(written.directory());
                throw e;
            }
        } catch (RuntimeException e) {
            error.addSuppressed(e);
            logger.warning("sweep run " + c.id() + ": the failed run could not be recorded: " + e.getMessage());
        }
    }

    /**
     * The config text a combination's record keeps: its effective configuration (overrides and
     * fold applied) with a comment naming the sweep. Loading this text alone gives the same run.
     * @param plan the plan
     * @param c a combination
     * @return the XML text
     */
    public static String effectiveConfig(SweepPlan plan, SweepPlan.Combination c) {
        return withOrigin(plan.load(c).effectiveConfigText(), plan, c);
    }

    /**
     * Puts a finished combination's record into the store (replacing a row left without a record).
     * @param store the store
     * @param record the record as written
     * @param dir its directory
     * @return the row
     */
    public static RunSummary insert(RunStore store, org.occam.experiments.record.RunRecord record, Path dir) {
        RunSummary row = record.storeRow(dir);
        store.delete(row.runId());
        store.insert(row, record.provenanceJson());
        return row;
    }

    /** Puts a comment naming the sweep and the overrides after the XML declaration. */
    private static String withOrigin(String effectiveXml, SweepPlan plan, SweepPlan.Combination c) {
        String comment = "<!-- Effective configuration of occam sweep " + plan.hash() + ", combination " + c.id() + ": "
                + plan.config() + " with overrides " + String.join(" ", c.overrides())
                + (c.fold() >= 0 ? ", cross-validation fold " + c.fold() + " of " + plan.folds() + " (fold seed " + plan.foldSeed() + ")" : "")
                + " -->";
        comment = "<!--" + comment.substring(4, comment.length() - 3).replace("--", "- -") + "-->";
        int end = effectiveXml.startsWith("<?xml") ? effectiveXml.indexOf("?>") + 2 : 0;
        return effectiveXml.substring(0, end) + "\n" + comment + effectiveXml.substring(end);
    }

    private static FileLock tryLock(FileChannel channel, Path dir) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new DataException("another occam sweep is running in " + dir + " (it holds " + LOCK_FILE + "); wait for it or stop it");
        }
        return lock;
    }

    private static void deleteLeftovers(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(RunRecorder.INCOMPLETE_PREFIX)).toList()) {
                logger.info(() -> "removing the unfinished run left by an interrupted sweep: " + p);
                RunRecorder.deleteQuietly(p);
            }
        }
    }

    private static Listener synchronizedListener(Listener l) {
        return new Listener() {
            @Override
            public synchronized void started(SweepPlan plan, int alreadyDone, int toRun) {
                l.started(plan, alreadyDone, toRun);
            }

            @Override
            public synchronized void runStarted(SweepPlan.Combination combination) {
                l.runStarted(combination);
            }

            @Override
            public synchronized void runFinished(SweepPlan.Combination combination, RunSummary summary, long millis) {
                l.runFinished(combination, summary, millis);
            }

            @Override
            public synchronized void runFailed(SweepPlan.Combination combination, Throwable error) {
                l.runFailed(combination, error);
            }
        };
    }
}
