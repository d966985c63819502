package org.occam.report;

import org.occam.experiments.RunResult;
import org.occam.experiments.record.ReportHook;

import org.occam.experiments.ExperimentConfig;
import org.occam.experiments.Warmup;

import java.io.IOException;
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
        synchronized (this) {
            w = warmup;
            warmup = null;
        }
        Throwable early = Warmup.await(w);
        try {
            RunReport.write(RecordedRun.of(runDirectory, finalDirectory, result));
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
