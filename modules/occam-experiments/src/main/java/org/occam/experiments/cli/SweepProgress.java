package org.occam.experiments.cli;

import org.occam.experiments.store.RunSummary;
import org.occam.experiments.sweep.SweepPlan;
import org.occam.experiments.sweep.SweepRunner;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Sweep progress: on a terminal, one bar redrawn in place with runs done, the ETA and what is
 * running; otherwise (a log file, CI) one plain line per finished run with the same numbers. The
 * ETA is the remaining runs times the wall time per run finished in this session (runs resumed
 * from an earlier session do not count).
 */
final class SweepProgress implements SweepRunner.Listener {
    private final PrintStream out;
    private final boolean terminal;
    private final boolean quiet;
    private final long start = System.nanoTime();
    private int total;
    private int done;
    private int finishedNow;
    private int failed;
    private int toRun;

    SweepProgress(PrintStream out, boolean terminal, boolean quiet) {
        this.out = out;
        this.terminal = terminal;
        this.quiet = quiet;
    }

    @Override
    public void started(SweepPlan plan, int alreadyDone, int toRun) {
        this.total = plan.combinations().size();
        this.done = alreadyDone;
        this.toRun = toRun;
        if (!quiet) {
            out.println("sweep " + plan.directory() + ": " + plan.pointCount() + " grid point(s) × " + plan.seeds().size() + " seed(s)"
                    + (plan.folds() > 0 ? " × " + plan.folds() + " folds" : "") + " = " + total + " runs"
                    + (alreadyDone > 0 ? "; resuming: " + alreadyDone + " already finished, " + toRun + " to run" : ""));
            if (terminal) {
                draw("");
            }
        }
    }

    @Override
    public void runFinished(SweepPlan.Combination c, RunSummary s, long millis) {
        done++;
        finishedNow++;
        if (quiet) {
            return;
        }
        String metric = s.validationAccuracy() != null ? String.format(Locale.ROOT, "validation accuracy %.4f", s.validationAccuracy())
                : s.validationMse() != null ? String.format(Locale.ROOT, "validation MSE %.4f", s.validationMse())
                // No validation rows (sweep --no-select): nothing is chosen, so the test metric is what there is to show.
                : s.testAccuracy() != null ? String.format(Locale.ROOT, "test accuracy %.4f", s.testAccuracy())
                : s.testMse() != null ? String.format(Locale.ROOT, "test MSE %.4f", s.testMse()) : "";
        if (terminal) {
            draw(c.id() + " " + metric);
        } else {
            out.println(String.format(Locale.ROOT, "[%d/%d] %s %s seed=%d%s: %s (%.1fs)  elapsed %s  ETA %s", done, total, c.id(),
                    describe(c.values()), c.seed(), c.fold() >= 0 ? " fold=" + c.fold() : "", metric, millis / 1000.0,
                    duration(elapsedMillis()), eta()));
        }
    }

    @Override
    public void runFailed(SweepPlan.Combination c, Throwable error) {
        failed++;
        if (terminal && !quiet) {
            ConsoleLog.endBar();
        }
        out.println("run " + c.id() + " failed (it reruns when the sweep is resumed): " + Errors.describe(error));
        if (terminal && !quiet) {
            draw("");
        }
    }

    /** Ends the bar line. */
    void finish() {
        if (terminal && !quiet) {
            ConsoleLog.endBar();
        }
    }

    private void draw(String last) {
        int width = 30;
        int filled = total == 0 ? width : (int) Math.round(width * (double) done / total);
        ConsoleLog.drawBar(out, String.format(Locale.ROOT, "[%s%s] %d/%d runs%s  elapsed %s  ETA %s  %s", "#".repeat(filled),
                ".".repeat(width - filled), done, total, failed > 0 ? " (" + failed + " failed)" : "",
                duration(elapsedMillis()), eta(), last));
    }

    private long elapsedMillis() {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private String eta() {
        int remaining = toRun - finishedNow - failed;
        if (remaining <= 0) {
            return "0s";
        }
        if (finishedNow == 0) {
            return "?";
        }
        return duration(elapsedMillis() * remaining / finishedNow);
    }

    static String duration(long millis) {
        long s = Math.round(millis / 1000.0);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
        }
        return (s / 3600) + "h" + String.format(Locale.ROOT, "%02d", (s % 3600) / 60) + "m";
    }

    static String describe(Map<String, String> values) {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }
}
