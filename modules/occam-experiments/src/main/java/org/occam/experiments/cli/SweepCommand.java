package org.occam.experiments.cli;

import org.occam.experiments.record.ReportHook;
import org.occam.experiments.record.RunRecorder;
import org.occam.experiments.data.DataException;
import org.occam.experiments.store.RunStore;
import org.occam.experiments.sweep.GridAxis;
import org.occam.experiments.sweep.SweepPlan;
import org.occam.experiments.sweep.SweepResults;
import org.occam.experiments.sweep.SweepRunner;
import org.occam.experiments.sweep.SweepSpec;
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
 * {@code occam sweep CONFIG --grid KEY=V1,V2 ... [--seeds N] [--folds K]}: every combination of the
 * grid (× seeds × folds) is an ordinary run with its own record and store row, in
 * {@code <out>/<experiment>/sweep-<hash>/}; running the same command again resumes an interrupted
 * sweep. Prints the mean ± std per grid point and the setting chosen on validation data.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Run every combination of a grid of config overrides (× seeds × cross-validation folds) as ordinary runs, "
                + "in parallel, and choose the best setting on validation data (never test).",
                "Running the same command again resumes an interrupted sweep: finished runs are kept, unfinished ones rerun.",
                "Grid keys are --set keys; 'l1+l2.lambda=...' sets several components at once; a list property takes "
                        + "'+'-joined items per value ('trainer.penalties=l1,l2,l1+l2,none')."})
final class SweepCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "OLCUT XML config with a component named 'experiment' (and optionally 'sweep').")
    Path config;

    @Option(names = "--grid", paramLabel = "component.property=v1,v2,...", description = "A grid axis (repeatable); replaces a declared axis with the same key.")
    List<String> grid = new ArrayList<>();

    @Option(names = "--seeds", paramLabel = "N", description = "Trainer seeds per grid point: the configured seed, +1, ..., +N-1 (default: the config's sweep, else 1).")
    Integer seeds;

    @Option(names = "--folds", paramLabel = "K", description = "k-fold cross-validation over the non-test rows (default: the config's sweep, else none).")
    Integer folds;

    @Option(names = "--fold-seed", paramLabel = "SEED", description = "Seed of the fold assignment (default: the config's sweep, else 1).")
    Long foldSeed;

    @Option(names = "--select", paramLabel = "METRIC", description = "Validation metric to choose by: accuracy, macroF1, auc, mse, rmse, mae, r2 (default: accuracy / mse).")
    String select;

    @Option(names = "--no-select", description = "Choose nothing: measure the grid on train and test only (no validation rows needed).")
    boolean noSelect;

    @Option(names = "--set", paramLabel = "component.property=value", description = "Override for every run (repeatable; part of the sweep's identity).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--threads", paramLabel = "N", description = "Runs in parallel (default: number of cores); results do not depend on it.")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--engine", paramLabel = "ENGINE", description = "Where the runs train: local (this JVM's threads, default) or spark (needs occam-spark on the class path, as ./occam has).")
    String engine = "local";

    @Option(names = "--master", paramLabel = "URL", description = "Spark master for --engine spark: local[N], spark://HOST:PORT, yarn, k8s://... (default: local[*]).")
    String master;

    @Option(names = "--out", paramLabel = "DIR", description = "Root directory of run records (default: <home>/runs, see --home).")
    Path out = org.occam.experiments.data.BaseDir.runs();

    @Option(names = "--no-reports", description = "Write no HTML/Markdown reports (faster; occam report can add them later).")
    boolean noReports;

    @Option(names = "--quiet", description = "Print only the sweep directory.")
    boolean quiet;

    @Mixin
    StoreOptions storeOptions = new StoreOptions();

    @Override
    public Integer call() {
        List<GridAxis> axes = grid.stream().map(GridAxis::parse).toList();
        SweepSpec spec = SweepSpec.of(config, overrides, axes, seeds, folds, foldSeed, select, !noSelect);
        SweepPlan plan = SweepPlan.of(spec, out);
        RunCommand.requireWritableDirectory(out);
        RunRecorder.removeStaleIncomplete(out);
        SweepProgress progress = new SweepProgress(System.out, System.console() != null, quiet);
        SweepRunner.Outcome outcome;
        List<ReportHook> reports = noReports ? List.of() : ReportHook.installed();
        try (RunStore store = storeOptions.open(out)) {
            SweepRunner.Options options = new SweepRunner.Options(threads, reports);
            if (engine.equals("local")) {
                if (master != null) {
                    throw new DataException("--master: only with --engine spark");
                }
                outcome = SweepRunner.run(plan, store, options, progress);
            } else {
                try (SweepRunner.EngineProvider.Opened opened = SweepRunner.EngineProvider.open(engine, master)) {
                    outcome = SweepRunner.run(plan, store, options, progress, opened.engine());
                }
            }
        } finally {
            progress.finish();
        }
        ReportHook.writeIndexes(reports, out);
        if (quiet) {
            System.out.println(plan.directory());
        } else {
            printResults(plan, outcome);
        }
        // The most severe code of the failed runs (internal error > diverged > bad input).
        return outcome.errors().values().stream().map(ExitCode::of).max(java.util.Comparator.naturalOrder())
                .orElse(ExitCode.SUCCESS).code();
    }

    private static void printResults(SweepPlan plan, SweepRunner.Outcome outcome) {
        SweepResults r = outcome.results();
        String metric = plan.selection().name();
        int width = Math.max(7, r.points().stream().mapToInt(p -> SweepProgress.describe(p.values()).length()).max().orElse(7));
        // Without a selection there are no validation metrics: test and train only.
        List<String> splits = plan.select() ? List.of("validation", "test", "train") : List.of("test", "train");
        String format = "%-6s %-" + width + "s %4s " + " %-22s".repeat(splits.size());
        List<Object> header = new ArrayList<>(List.of("point", "setting", "runs"));
        splits.forEach(s -> header.add(s + " " + metric));
        System.out.println(String.format(Locale.ROOT, format, header.toArray()));
        for (int i = 0; i < r.points().size(); i++) {
            SweepResults.PointResult p = r.points().get(i);
            List<Object> row = new ArrayList<>(List.of((i == r.best() ? "*" : " ") + "p" + p.point(), SweepProgress.describe(p.values()), p.runs().size()));
            splits.forEach(s -> row.add(stat(p, s + "." + metric)));
            System.out.println(String.format(Locale.ROOT, format.replace("%4s", "%4d"), row.toArray()));
        }
        if (!plan.select()) {
            System.out.println(SweepResults.NO_SELECTION);
        }
        if (r.bestPoint() != null) {
            System.out.println("chosen (" + plan.selection() + ", " + r.basis() + "; test never used): p" + r.bestPoint().point()
                    + " " + SweepProgress.describe(r.bestPoint().values()));
        }
        System.out.println("sweep directory: " + plan.directory() + " (" + SweepResults.JSON_FILE + ", " + SweepResults.CSV_FILE
                + (java.nio.file.Files.exists(plan.directory().resolve("report.html")) ? ", report.html" : "") + ")");
        if (!outcome.failures().isEmpty()) {
            System.out.println(outcome.failures().size() + " run(s) failed; run the same command again to retry them:");
            outcome.failures().forEach((id, msg) -> System.out.println("  " + id + ": " + msg));
        }
    }

    private static String stat(SweepResults.PointResult p, String key) {
        SweepResults.Stat s = p.stats().get(key);
        return s == null ? "-" : String.format(Locale.ROOT, "%.4f ± %.4f", s.mean(), s.std());
    }
}
