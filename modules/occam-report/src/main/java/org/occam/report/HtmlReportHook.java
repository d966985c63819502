package org.occam.report;

import org.occam.experiments.RunResult;
import org.occam.experiments.record.ReportHook;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The report module's {@link ReportHook}, registered in {@code META-INF/services}: with this module
 * on the class path, every recorded run gets its {@link RunReport} and every finished sweep its
 * {@link SweepReport}.
 */
public final class HtmlReportHook implements ReportHook {
    /** For ServiceLoader. */
    public HtmlReportHook() {}

    @Override
    public void writeRunReport(Path runDirectory, RunResult result) throws IOException {
        RunReport.write(RecordedRun.of(runDirectory, result));
    }

    @Override
    public void writeSweepReport(Path sweepDirectory) throws IOException {
        SweepReport.write(sweepDirectory);
    }
}
