package org.occam.experiments.cli;

import org.occam.experiments.Experiment;
import org.occam.experiments.ExperimentRunner;
import org.occam.experiments.RunResult;
import org.occam.experiments.Warmup;
import org.occam.experiments.record.ReportHook;
import org.occam.experiments.record.RunRecorder;
import org.occam.experiments.store.RunStore;
import org.occam.experiments.store.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code occam run CONFIG}: one experiment end to end; or {@code occam run --data CSV --label COLUMN
 * [...]}, the quick start, which runs the config {@link QuickStart} generates and records it like any other.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the experiment a config file declares, write its record under runs/<experiment>/<run-id>/ and add it to the run store.",
                "Without a config: --data CSV --label COLUMN [--task] [--penalty --lambda --convention] [--hidden] [--epochs] "
                        + "generates the equivalent config (recorded as the run's config.xml)."})
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "CONFIG", description = "OLCUT XML config with a component named 'experiment'.")
    Path config;

    @Option(names = "--data", paramLabel = "CSV", description = "Quick start: a CSV file with a header row (instead of CONFIG).")
    Path data;

    @Option(names = "--label", paramLabel = "COLUMN", description = "Quick start: the column to predict.")
    String label;

    @Option(names = "--task", paramLabel = "TASK", description = "Quick start: classification (default) or regression.")
    String task;

    @Option(names = "--penalty", paramLabel = "PENALTY", description = "Quick start: l1, l2 or none (default).")
    String penalty;

    @Option(names = "--lambda", paramLabel = "λ", description = "Quick start: the penalty's λ (default 0.01).")
    Double lambda;

    @Option(names = "--convention", paramLabel = "CONVENTION", description = "Quick start: the λ convention, KERAS (default), DATASET, SKLEARN, ...")
    String convention;

    @Option(names = "--hidden", paramLabel = "N,N,...", split = ",", description = "Quick start: hidden layer sizes (default 128,128).")
    List<Integer> hidden;

    @Option(names = "--epochs", paramLabel = "N", description = "Quick start: epochs (default 100).")
    Integer epochs;

    @Option(names = "--set", paramLabel = "component.property=value", description = "Override a config property (repeatable; lists as a,b,c).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Root directory of run records (default: <home>/runs, see --home).")
    Path out = org.occam.experiments.data.BaseDir.runs();

    @Option(names = "--no-reports", description = "Write no HTML/Markdown report (faster; occam report can add it later).")
    boolean noReports;

    @Option(names = "--quiet", description = "Print only the record path.")
    boolean quiet;

    @Mixin
    StoreOptions storeOptions = new StoreOptions();

    @Override
    public Integer call() throws java.io.IOException {
        org.occam.experiments.PhaseTiming.mark("command line");
        // The SQLite driver's start-up (driver scan, native library extraction) overlaps reading the
        // config; the record's and the report's cold code warms up while the run trains (after its first
        // epochs, see RunWarmups): all on the second core, all awaited on every path (they write nothing;
        // see Warmup).
        Warmup storeWarmup = storeOptions.jdbcUrl == null ? RunStore.warmUpSqlite() : null;
        List<Warmup> warmups = new java.util.concurrent.CopyOnWriteArrayList<>();
        try {
            return run(warmups);
        } finally {
            Warmup.await(storeWarmup);
            warmups.forEach(w -> w.await());
            org.occam.experiments.PhaseTiming.mark("done");
        }
    }

    private Integer run(List<Warmup> warmups) throws java.io.IOException {
        if (config != null && data == null) {
            String stray = label != null ? "--label" : task != null ? "--task" : penalty != null ? "--penalty" : lambda != null ? "--lambda"
                    : convention != null ? "--convention" : hidden != null ? "--hidden" : epochs != null ? "--epochs" : null;
            if (stray != null) {
                throw new org.occam.experiments.data.DataException(stray + " is a quick-start option (with --data); with a CONFIG use --set component.property=value");
            }
        }
        ConfigLoading.Loaded loaded = data != null || config == null ? quickStart() : ConfigLoading.load(config, overrides);
        Experiment experiment = loaded.experiment();
        org.occam.experiments.PhaseTiming.mark("config");
        // Fail fast: the output directory and the run store (and its JDBC driver) are checked
        // before training, so a bad --out, --store or --jdbc never costs a training run.
        requireWritableDirectory(out);
        RunRecorder.removeStaleIncomplete(out);
        try (RunStore store = storeOptions.open(out)) {
            if (!quiet) {
                System.out.println("occam run: " + experiment.name() + " (" + (config != null ? config : "generated from " + data) + ")");
            }
            int epochs = epochs(experiment);
            org.occam.experiments.PhaseTiming.mark("store opened");
            Progress progress = new Progress(System.out, epochs, quiet);
            List<ReportHook> reports = noReports ? List.of() : ReportHook.installed();
            // The record's and the reports' warm-ups start after the first epochs, when the JIT has compiled the training kernels.
            RunWarmups warmupStart = new RunWarmups(epochs, RunRecorder::warmUp, reports, warmups);
            java.util.concurrent.atomic.AtomicReference<ExperimentRunner.Started> started = new java.util.concurrent.atomic.AtomicReference<>();
            long startNanos = System.nanoTime();
            RunResult result;
            try {
                result = ExperimentRunner.execute(experiment, r -> {
                    warmupStart.epochEnded(r.epoch());
                    progress.accept(r);
                }, s -> {
                    started.set(s);
                    org.occam.experiments.PhaseTiming.mark("data, training starts");
                }, trained -> {
                    // The report's model-only parts (the decision boundary) start beside evaluation and record.
                    org.occam.experiments.PhaseTiming.mark("trained");
                    warmupStart.start();
                    for (ReportHook hook : reports) {
                        Warmup w = hook.modelTrained(trained);
                        if (w != null) {
                            warmups.add(w);
                        }
                    }
                });
            } catch (RuntimeException e) {
                progress.finish();
                if (started.get() != null) {
                    recordFailure(experiment, started.get(), e, loaded.configText(), store, reports, (System.nanoTime() - startNanos) / 1_000_000);
                }
                throw e;
            }
            progress.finish();
            org.occam.experiments.PhaseTiming.mark("evaluated");
            String runId = RunRecorder.newRunId();
            RunRecorder.Written written;
            try {
                written = RunRecorder.write(result, loaded.configText(), out.resolve(result.experiment().name()).resolve(runId), runId, reports);
            } catch (LinkageError e) {
                // A class the warm-up failed to initialize fails here as "could not initialize": name the first error.
                throw Warmup.await(warmupStart.recordWarmup()) instanceof LinkageError first ? first : e;
            }
            try {
                store.insert(written.summary(), written.provenanceJson());
            } catch (RuntimeException e) {
                RunRecorder.deleteQuietly(written.directory());
                throw e;
            }
            org.occam.experiments.PhaseTiming.mark("stored");
            ReportHook.writeIndexes(reports, out);
            if (quiet) {
                System.out.println(written.directory());
            } else {
                printSummary(written.summary());
                if (config == null) {
                    System.out.println("config: " + written.directory().resolve(RunRecorder.CONFIG_FILE) + " (occam run it to run this again)");
                }
            }
        }
        return 0;
    }

    /**
     * Records a run that failed after its training started (a directory with its failed-run record
     * and config, and a store row with status and reason), so the history is complete. A failure to
     * record it is attached to the run's error, which the command still reports (with its exit code).
     */
    private void recordFailure(Experiment experiment, ExperimentRunner.Started started, RuntimeException error, String configText,
                               RunStore store, List<ReportHook> reports, long wallMillis) {
        try {
            String runId = RunRecorder.newRunId();
            RunRecorder.Written written = RunRecorder.writeFailed(experiment, started, error, configText,
                    out.resolve(experiment.name()).resolve(runId), runId, wallMillis);
            try {
                store.insert(written.summary(), written.provenanceJson());
            } catch (RuntimeException e) {
                RunRecorder.deleteQuietly(written.directory());
                throw e;
            }
            ReportHook.writeIndexes(reports, out);
            if (!quiet) {
                System.out.println("recorded as " + written.summary().status() + ": " + written.directory());
            }
        } catch (RuntimeException e) {
            error.addSuppressed(e);
            java.util.logging.Logger.getLogger(RunCommand.class.getName()).warning("the failed run could not be recorded: " + e.getMessage());
        }
    }

    /** The quick start: checks the options, generates the config and loads it like a config file. */
    private ConfigLoading.Loaded quickStart() throws java.io.IOException {
        if (config != null) {
            throw new org.occam.experiments.data.DataException("give a CONFIG or --data, not both (CONFIG " + config + ", --data " + data + ")");
        }
        if (data == null) {
            throw new org.occam.experiments.data.DataException("missing CONFIG (or --data CSV --label COLUMN for the quick start)");
        }
        if (label == null) {
            throw new org.occam.experiments.data.DataException("--data needs --label COLUMN (the column to predict)");
        }
        String p = QuickStart.checkPenalty(penalty, lambda, convention);
        QuickStart.Settings s = new QuickStart.Settings(data, label, QuickStart.checkTask(task), p, lambda == null ? 0.01 : lambda,
                QuickStart.checkConvention(convention), hidden == null ? QuickStart.HIDDEN : hidden, epochs == null ? QuickStart.EPOCHS : epochs);
        java.nio.file.Path file = java.nio.file.Files.createTempFile("occam-" + QuickStart.name(s) + "-", ".xml");
        try {
            java.nio.file.Files.writeString(file, QuickStart.configText(s), java.nio.charset.StandardCharsets.UTF_8);
            return ConfigLoading.load(file, overrides);
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    /**
     * Creates the directory if needed and proves it writable by creating and deleting a file in it.
     * @param dir the runs root
     * @throws org.occam.experiments.data.DataException naming the directory if it cannot be written
     */
    static void requireWritableDirectory(Path dir) {
        try {
            java.nio.file.Files.createDirectories(dir);
            Path probe = java.nio.file.Files.createTempFile(dir, ".occam-write-check-", ".tmp");
            java.nio.file.Files.delete(probe);
        } catch (java.io.IOException | SecurityException e) {
            throw new org.occam.experiments.data.DataException("--out " + dir + ": not a writable directory ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
    }

    private static int epochs(Experiment e) {
        if (e.trainer() instanceof org.occam.core.train.AbstractMLPTrainer) {
            return ((org.occam.core.train.AbstractMLPTrainer<?>) e.trainer()).epochs();
        }
        return 0;
    }

    private static void printSummary(RunSummary s) {
        System.out.println("record: " + s.recordPath());
        System.out.println("run id: " + s.runId() + "   dataset: " + s.dataset() + "   penalties: "
                + (s.penaltyTypes().isEmpty() ? "none" : s.penaltyTypes() + " λ=" + s.lambdas() + " (" + s.convention() + ")")
                + "   seed: " + s.seed());
        System.out.println("epochs: " + s.epochsRun() + " (" + s.stopReason() + ")");
        if ("CLASSIFICATION".equals(s.task())) {
            System.out.println(String.format(Locale.ROOT, "accuracy: train %s  validation %s  test %s   test macro-F1 %s   gap (train − test) %s",
                    f(s.trainAccuracy()), f(s.validationAccuracy()), f(s.testAccuracy()), f(s.testMacroF1()), f(s.generalizationGap())));
        } else {
            System.out.println(String.format(Locale.ROOT, "MSE: train %s  validation %s  test %s   test R² %s   gap (test − train MSE) %s",
                    f(s.trainMse()), f(s.validationMse()), f(s.testMse()), f(s.testR2()), f(s.generalizationGap())));
        }
    }

    private static String f(Double d) {
        return d == null ? "-" : String.format(Locale.ROOT, "%.4f", d);
    }
}
