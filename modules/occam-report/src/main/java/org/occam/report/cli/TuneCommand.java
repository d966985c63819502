package org.occam.report.cli;

import org.occam.experiments.cli.ExitCode;
import org.occam.experiments.record.ReportHook;
import org.occam.experiments.record.RunRecorder;
import org.occam.experiments.store.RunStore;
import org.occam.report.Page;
import org.occam.report.tune.TuneRule;
import org.occam.report.tune.TuneRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code occam tune CONFIG [--penalty COMPONENT] [--folds K] [--metric M] [--min L --max L] [--seeds N]}:
 * the seed notes' λ guide run by Occam (see {@link TuneRule} for the rules and {@link TuneRunner}
 * for the runs).
 */
@Command(name = "tune", mixinStandardHelpOptions = true,
        description = {"Tune a penalty's λ: start at λ₀ (the configured λ, else 0.01), read the overfitting verdict on K-fold "
                + "cross-validation, multiply λ by 10 while overfitting (divide while underfitting) until the verdict changes or a "
                + "bound is hit, refine between the last two λ on a log scale, choose the largest λ within one standard error of the "
                + "best mean CV metric (one-SE rule), refit on all non-test rows and report test metrics once.",
                "Every evaluated λ is an ordinary cross-validation sweep; running the same command again resumes a killed tune."})
public final class TuneCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "OLCUT XML config with a component named 'experiment'.")
    Path config;

    @Option(names = "--penalty", paramLabel = "COMPONENT", description = "The penalty component whose lambda is tuned (default: the config's only penalty with a lambda).")
    String penalty;

    @Option(names = "--folds", paramLabel = "K", description = "k-fold cross-validation over the non-test rows (default 5).")
    int folds = 5;

    @Option(names = "--seeds", paramLabel = "N", description = "Trainer seeds per λ (default 1).")
    int seeds = 1;

    @Option(names = "--metric", paramLabel = "METRIC", description = "CV metric: accuracy, macroF1, auc, mse, rmse, mae, r2 (default: accuracy / mse).")
    String metric = "";

    @Option(names = "--start", paramLabel = "L", description = "λ₀ (default: the configured λ, 0.01 when it is 0).")
    Double start;

    @Option(names = "--min", paramLabel = "L", description = "Lower bound of λ (default 1e-6).")
    double min = 1e-6;

    @Option(names = "--max", paramLabel = "L", description = "Upper bound of λ (default 1e3).")
    double max = 1e3;

    @Option(names = "--set", paramLabel = "component.property=value", description = "Override for every run (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--threads", paramLabel = "N", description = "Runs in parallel (default: number of cores); results do not depend on it.")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--out", paramLabel = "DIR", description = "Root directory of run records (default: runs).")
    Path out = Paths.get("runs");

    @Option(names = "--store", paramLabel = "FILE", description = "SQLite run store file (default: <out>/occam.db).")
    Path store;

    @Option(names = "--no-reports", description = "Write no per-run reports (the tune report is always written).")
    boolean noReports;

    /** For picocli. */
    public TuneCommand() {}

    @Override
    public Integer call() {
        TuneRunner.Spec spec = new TuneRunner.Spec(config, overrides, penalty, folds, seeds, metric,
                start == null ? Double.NaN : start, min, max);
        RunRecorder.removeStaleIncomplete(out);
        TuneRunner.Outcome o;
        try (RunStore s = RunStore.open(store != null ? store : out.resolve("occam.db"))) {
            o = TuneRunner.run(spec, out, s, threads, noReports ? List.of() : ReportHook.installed());
        } catch (TuneRunner.TuneFailedException e) {
            System.err.println("occam tune: " + e.getMessage());
            return ExitCode.of(e.getCause()).code();
        }
        System.out.println(String.format(Locale.ROOT, "%-4s %-7s %-10s %-22s %-12s", "step", "phase", "λ",
                "validation " + o.metric() + " ± SE", "verdict"));
        for (TuneRunner.Evaluated e : o.evaluated()) {
            String mark = e.lambda() == o.choice().chosen().lambda() ? "  ← chosen (one-SE rule)"
                    : e.lambda() == o.choice().best().lambda() ? "  ← best mean" : "";
            System.out.println(String.format(Locale.ROOT, "%-4d %-7s %-10s %-22s %-12s%s", e.order(), e.phase(), TuneRule.format(e.lambda()),
                    String.format(Locale.ROOT, "%.4f ± %.4f", e.point().mean(), e.point().standardError()), e.verdict().word(), mark));
        }
        System.out.println("walk: " + o.walk().explanation());
        System.out.println("chosen λ = " + TuneRule.format(o.choice().chosen().lambda()) + " (largest λ within one SE of the best); best mean at λ = "
                + TuneRule.format(o.choice().best().lambda()));
        StringBuilder t = new StringBuilder();
        // "rows" is the test split's row count, printed as a count; the rest are metrics.
        o.testMetrics().forEach((k, v) -> t.append(t.length() == 0 ? "" : ", ").append(k).append(' ')
                .append(k.equals("rows") && v == Math.rint(v) ? String.valueOf(v.longValue()) : String.format(Locale.ROOT, "%.4f", v)));
        System.out.println("refit on all non-test rows, test (reported once, not used to choose): " + t);
        System.out.println("trainings: " + o.trainings() + "; tune directory: " + o.directory() + " (" + TuneRunner.TUNE_JSON + ", " + Page.HTML + ")");
        return ExitCode.SUCCESS.code();
    }
}
