package org.occam.report.tune;

import org.occam.experiments.RunResult;
import org.occam.experiments.record.ReportHook;
import org.occam.experiments.store.RunStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tune in a child JVM, for {@link TuneResumeTest}: after {@code finishAfter} records every further
 * record stalls while it is being assembled (a report hook leaves a marker in the hidden directory
 * and sleeps), so the test can kill the process mid-write. Arguments: config, runs root, finishAfter.
 */
public final class TuneChildMain {
    private TuneChildMain() {}

    public static void main(String[] args) throws Exception {
        Path config = Paths.get(args[0]);
        Path runs = Paths.get(args[1]);
        int finishAfter = Integer.parseInt(args[2]);
        AtomicInteger records = new AtomicInteger();
        ReportHook stall = new ReportHook() {
            @Override
            public void writeRunReport(Path runDirectory, RunResult result) throws IOException {
                if (records.incrementAndGet() > finishAfter) {
                    Files.writeString(runDirectory.resolve("STALLED"), "killed here");
                    try {
                        Thread.sleep(600_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }

            @Override
            public void writeSweepReport(Path sweepDirectory) {
            }
        };
        try (RunStore store = RunStore.open(runs.resolve("occam.db"))) {
            TuneRunner.run(TuneResumeTest.spec(config), runs, store, 2, List.of(stall));
        }
        System.exit(0);
    }
}
