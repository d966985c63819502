package org.occam.experiments.cli;

import org.occam.experiments.Warmup;
import org.occam.experiments.record.ReportHook;
import org.occam.experiments.record.RunRecorder;

import java.util.List;
import java.util.function.Supplier;

/**
 * When {@code occam run} starts the record's and the reports' warm-ups ({@link RunRecorder#warmUp()},
 * {@link ReportHook#prepareRunReport()}): not when training starts but at the end of an early epoch
 * ({@link #startEpoch}), or when the model is trained if the run ends before that epoch — at most once.
 * <p>
 * Why: during the first epochs both cores are busy — the main thread runs the training kernels
 * interpreted and C1-compiled (the Vector API's fallback code, many times slower than compiled), and
 * the JIT compiles them. Warm-ups started at the same time share the second core with the C2 compiler,
 * so the kernels reach compiled code later and the main thread runs longer in slow code; started a few
 * epochs later, they use the core the compiler has finished with (measured in README "What a run costs").
 * Nothing a result depends on changes: the warm-ups write nothing, whenever they start.
 */
final class RunWarmups {
    /** The latest epoch at whose end the warm-ups start. */
    static final int LATEST_EPOCH = 20;

    private final int startEpoch;
    private final Supplier<Warmup> record;
    private final List<ReportHook> reports;
    private final List<Warmup> started;
    private Warmup recordWarmup;
    private boolean done;

    /**
     * @param epochs the run's epochs (0 if unknown: the warm-ups then start with the first epoch's end)
     * @param record starts the record's warm-up
     * @param reports the report hooks whose {@link ReportHook#prepareRunReport()} to start
     * @param started every warm-up started is added here (the caller awaits them on every path)
     */
    RunWarmups(int epochs, Supplier<Warmup> record, List<ReportHook> reports, List<Warmup> started) {
        this.startEpoch = startEpoch(epochs);
        this.record = record;
        this.reports = reports;
        this.started = started;
    }

    /**
     * @param epochs the run's epochs (≤ 0: unknown)
     * @return the epoch at whose end the warm-ups start: a quarter of the epochs, at least 1, at most {@value #LATEST_EPOCH}
     */
    static int startEpoch(int epochs) {
        return Math.max(1, Math.min(LATEST_EPOCH, epochs / 4));
    }

    /**
     * An epoch ended: starts the warm-ups if it is the start epoch or later.
     * @param epoch the epoch that ended (1-based)
     */
    void epochEnded(int epoch) {
        if (epoch >= startEpoch) {
            start();
        }
    }

    /** Starts the warm-ups unless they were started already (called when training has ended, however early). */
    void start() {
        if (done) {
            return;
        }
        done = true;
        org.occam.experiments.PhaseTiming.mark("warm-ups start");
        recordWarmup = record.get();
        started.add(recordWarmup);
        for (ReportHook hook : reports) {
            Warmup w = hook.prepareRunReport();
            if (w != null) {
                started.add(w);
            }
        }
    }

    /** @return the record's warm-up, or null if not started */
    Warmup recordWarmup() {
        return recordWarmup;
    }
}
