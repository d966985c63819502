package org.occam.report;

import org.occam.experiments.RunResult;
import org.occam.experiments.record.ReportHook;

import org.occam.experiments.ExperimentConfig;
import org.occam.experiments.Warmup;

import org.occam.experiments.ExperimentRunner;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * The report module's {@link ReportHook}, registered in {@code META-INF/services}: with this module
 * on the class path, every recorded run gets its {@link RunReport} and every finished sweep its
 * {@link SweepReport}, and the runs root its {@link RunsIndex}.
 */
public final class HtmlReportHook implements ReportHook {
    private static final Logger logger = Logger.getLogger(HtmlReportHook.class.getName());

    private Warmup warmup;

    private final java.util.function.Supplier<Warmup> warmups;

    /** The decision boundary being drawn ahead for a trained model, until its report takes it. */
    private Ahead ahead;

    private record Ahead(ExperimentRunner.Trained trained, FutureTask<RunReport.BoundaryFigure> figure) {}

    /** For ServiceLoader. */
    public HtmlReportHook() {
        this(ReportWarmup::start);
    }

    /**
     * @param warmups starts the warm-up {@link #prepareRunReport()} hands out (a test gives one that fails)
     */
    HtmlReportHook(java.util.function.Supplier<Warmup> warmups) {
        this.warmups = warmups;
    }

    @Override
    public void writeRunReport(Path runDirectory, RunResult result) {
        writeRunReport(runDirectory, runDirectory, result);
    }

    /**
     * Starts {@link ReportWarmup} (at most once per hook; a later call returns the same warm-up).
     */
    @Override
    public synchronized Warmup prepareRunReport() {
        if (warmup == null) {
            warmup = warmups.get();
        }
        return warmup;
    }

    /**
     * Starts drawing the decision boundary of a two-feature classifier (the grid's predictions and
     * the chart: the longest part of the report) on a background thread, beside the run's
     * evaluation and record; {@link #writeRunReport(Path, Path, RunResult)} takes it for this model.
     * Nothing is started for other models, or when the report draws on one thread
     * ({@code -Doccam.report.threads=1}).
     */
    @Override
    public synchronized Warmup modelTrained(ExperimentRunner.Trained trained) {
        if (RunReport.drawingThreads() < 2) {
            return null;
        }
        FutureTask<RunReport.BoundaryFigure> figure = new FutureTask<>(() -> {
            RunRows rows = RunRows.of(trained.data(), trained.partition());
            return rows.classification() && rows.features().size() == 2 ? RunReport.boundaryFigure(trained.model(), rows) : null;
        });
        ahead = new Ahead(trained, figure);
        return Warmup.startAhead("occam-report-ahead", figure);
    }

    /**
     * The result of work drawn ahead, waiting for it (an interrupt is kept, not a reason to stop
     * waiting); what the work threw is thrown here as it was thrown there.
     * @param f the work
     * @param <T> its result
     * @return its result
     */
    static <T> T result(java.util.concurrent.Future<T> f) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw RunReport.thrownBy(e);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Writes the run report. It never fails the run: a report that cannot be written (a full disk,
     * an unwritable directory, a chart XChart cannot draw) gives one WARNING line saying how to
     * regenerate it, and the run is recorded without it. A {@linkplain #prepareRunReport() warm-up}
     * is waited for first; when the report fails and the warm-up had failed too, the line names the
     * warm-up's error: the one the report met first (the report's own would only say that a class
     * could not be initialized).
     */
    @Override
    public void writeRunReport(Path runDirectory, Path finalDirectory, RunResult result) {
        Warmup w;
        Ahead a;
        synchronized (this) {
            w = warmup;
            warmup = null;
            a = ahead;
            ahead = null;
        }
        Throwable early = Warmup.await(w);
        // Drawn ahead for this very model, data and split only (identity: the run in memory).
        boolean same = a != null && a.trained().model() == result.model() && a.trained().data() == result.data()
                && a.trained().partition() == result.partition();
        try {
            RunReport.write(RecordedRun.of(runDirectory, finalDirectory, result).withBoundaryAhead(same ? a.figure() : null));
        } catch (IOException | RuntimeException | java.awt.AWTError | LinkageError e) {
            Throwable first = early instanceof RuntimeException || early instanceof java.awt.AWTError || early instanceof LinkageError ? early : e;
            logger.warning("the report of run " + finalDirectory + " was not written (regenerate it with occam report "
                    + finalDirectory + "): " + ExperimentConfig.describe(first));
        }
    }

    /** Writes the sweep report; like the run report, it never fails the sweep (one WARNING line instead). */
    @Override
    public void writeSweepReport(Path sweepDirectory) {
        try {
            SweepReport.write(sweepDirectory);
        } catch (IOException | RuntimeException | java.awt.AWTError | LinkageError e) {
            logger.warning("the report of sweep " + sweepDirectory + " was not written (regenerate it with occam report "
                    + sweepDirectory + "): " + ExperimentConfig.describe(e));
        }
    }

    @Override
    public void writeIndex(Path runsRoot) {
        RunsIndex.write(runsRoot);
    }
}
