package org.occam.report.cli;

import org.occam.experiments.data.DataException;
import org.occam.experiments.record.RunRecords;
import org.occam.experiments.sweep.SweepManifest;
import org.occam.report.Page;
import org.occam.report.RecordedRun;
import org.occam.report.RunReport;
import org.occam.report.SweepReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code occam report RUN|SWEEP ...}: (re)writes the HTML and Markdown report of runs and sweeps;
 * {@code occam report --index} (re)writes {@code runs/index.html}.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write (or rewrite) report.html and report.md of run directories (runs/<experiment>/<run-id>) "
                + "and sweep directories (runs/<experiment>/sweep-<hash>), with the PNG plots in report/.")
public final class ReportCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "DIR", description = "Run or sweep directories.")
    List<Path> directories = new java.util.ArrayList<>();

    @picocli.CommandLine.Option(names = "--index", description = "Also (re)write <out>/index.html, the page over every run and sweep.")
    boolean index;

    @picocli.CommandLine.Option(names = "--out", paramLabel = "DIR", description = "Runs root of --index (default: <home>/runs, see --home).")
    Path out = org.occam.experiments.data.BaseDir.runs();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** For picocli. */
    public ReportCommand() {}

    @Override
    public Integer call() throws IOException {
        if (directories.isEmpty() && !index) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give run or sweep directories, or --index");
        }
        for (Path d : directories) {
            if (RunRecords.isRecord(d)) {
                RunReport.write(RecordedRun.open(d));
            } else if (RunRecords.isFailedRecord(d)) {
                throw RunRecords.notFinished(d, "report");
            } else if (Files.isRegularFile(d.resolve(SweepManifest.FILE))) {
                SweepReport.write(d);
            } else {
                throw new DataException(d + ": neither a run directory (run.json) nor a sweep directory (sweep.json)");
            }
            System.out.println(d.resolve(Page.HTML));
        }
        if (index) {
            if (!Files.isDirectory(out)) {
                throw new DataException("--out " + out + ": no such runs directory");
            }
            System.out.println(org.occam.report.RunsIndex.write(out));
        }
        return 0;
    }
}
