package org.occam.report.cli;

import org.occam.experiments.data.Hashing;
import org.occam.report.CompareReport;
import org.occam.report.Page;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code occam compare RUN RUN ...}: a side-by-side report of several runs. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare runs side by side (summaries, verdicts, metrics, curves, weight box plots, decision boundaries) "
                + "in report.html and report.md.")
public final class CompareCommand implements Callable<Integer> {
    @Parameters(arity = "2..*", paramLabel = "RUN", description = "Run directories.")
    List<Path> runs;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write the report (default: <home>/runs/compare-<hash of the run directories>).")
    Path out;

    /** For picocli. */
    public CompareCommand() {}

    @Override
    public Integer call() throws IOException {
        Path dir = out != null ? out : org.occam.experiments.data.BaseDir.runs().resolve("compare-" + Hashing.sha256(runs.stream()
                .map(p -> p.toAbsolutePath().normalize().toString()).collect(Collectors.joining("\n"))).substring(0, 12));
        CompareReport.write(runs, dir);
        System.out.println(dir.resolve(Page.HTML));
        return 0;
    }
}
