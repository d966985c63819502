package org.occam.experiments.store;

import java.nio.file.Path;
import java.time.Instant;

/**
 * Child process of {@link RunStoreConcurrencyTest}: waits until a shared start time, opens the
 * store and inserts runs one transaction at a time. Exits 0 on success, 1 after printing the error.
 * Arguments: db file, run id prefix, number of runs, start time (epoch millis).
 */
public final class ConcurrentInsertMain {

    private ConcurrentInsertMain() {}

    /**
     * Runs the child.
     * @param args db file, run id prefix, count, start epoch millis
     */
    public static void main(String[] args) {
        try {
            Path db = Path.of(args[0]);
            String prefix = args[1];
            int count = Integer.parseInt(args[2]);
            long start = Long.parseLong(args[3]);
            long wait = start - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            try (RunStore store = RunStore.open(db)) {
                for (int i = 0; i < count; i++) {
                    RunSummary summary = SummaryBuilder.run(prefix + "-" + i).seed(i).build();
                    store.insert(new RunSummary(summary.runId(), Instant.now(), summary.experiment(),
                            summary.configSha256(), summary.dataset(), summary.datasetSha256(), summary.task(),
                            summary.penaltyTypes(), summary.lambda(), summary.lambdas(), summary.convention(),
                            summary.seed(), summary.epochsRun(), summary.stopReason(), summary.trainAccuracy(),
                            summary.validationAccuracy(), summary.testAccuracy(), summary.testMacroF1(),
                            summary.trainMse(), summary.validationMse(), summary.testMse(), summary.testR2(),
                            summary.generalizationGap(), summary.recordPath()),
                            "{\"writer\":\"" + prefix + "\",\"i\":" + i + "}");
                }
            }
            System.exit(0);
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
    }
}
