package org.occam.experiments.cli;

import org.occam.experiments.ExperimentConfig;
import org.occam.experiments.ExperimentRunner;
import org.occam.experiments.RunResult;
import org.occam.experiments.record.ReportHook;
import org.occam.experiments.record.RunRecorder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * An {@code occam run} in a child JVM, for {@link FailFastTest}: it trains, then stalls while its
 * record is being assembled under the hidden {@code .incomplete-*} name (a report hook that
 * leaves a marker and sleeps), so the test can kill it at that moment.
 * Arguments: config, runs root, then {@code --set} overrides.
 */
public final class RunChildMain {
    private RunChildMain() {}

    public static void main(String[] args) throws Exception {
        Path config = Paths.get(args[0]);
        Path runs = Paths.get(args[1]);
        List<String> overrides = List.of(args).subList(2, args.length);
        ExperimentConfig.Loaded loaded = ExperimentConfig.load(config, overrides);
        RunResult result = ExperimentRunner.execute(loaded.experiment(), null);
        ReportHook stall = new ReportHook() {
            @Override
            public void writeRunReport(Path runDirectory, RunResult r) throws IOException {
                Files.writeString(runDirectory.resolve("STALLED"), "killed here");
                try {
                    Thread.sleep(600_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void writeSweepReport(Path sweepDirectory) {
            }
        };
        String runId = RunRecorder.newRunId();
        RunRecorder.write(result, loaded.configText(), runs.resolve(loaded.experiment().name()).resolve(runId), runId, List.of(stall));
        System.exit(0);
    }
}
