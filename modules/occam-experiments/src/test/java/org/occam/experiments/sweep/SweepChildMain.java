package org.occam.experiments.sweep;

import org.occam.experiments.RunResult;
import org.occam.experiments.record.ReportHook;
import org.occam.experiments.store.RunStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sweep in a child JVM, for {@link SweepResumeTest}: after {@code finishAfter} records it
 * stalls every further record while it is being assembled (a report hook that leaves a marker in
 * the hidden directory and sleeps), so the test can kill the process with a record half written.
 * Arguments: config, runs root, threads, finishAfter, then grid axes.
 */
public final class SweepChildMain {
    private SweepChildMain() {}

    public static void main(String[] args) throws Exception {
        Path config = Paths.get(args[0]);
        Path runs = Paths.get(args[1]);
        int threads = Integer.parseInt(args[2]);
        int finishAfter = Integer.parseInt(args[3]);
        List<String> grid = Arrays.asList(args).subList(4, args.length);
        SweepPlan plan = SweepFixtures.plan(config, runs, grid, 1, 0);
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
            SweepRunner.run(plan, store, new SweepRunner.Options(threads, List.of(stall)), new SweepRunner.Listener() { });
        }
        System.exit(0);
    }
}
