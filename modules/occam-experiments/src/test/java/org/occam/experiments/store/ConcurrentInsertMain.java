package org.occam.experiments.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Child process of {@link RunStoreConcurrencyTest}. It marks itself ready in a barrier directory,
 * waits until every child is ready (so JVM start-up time does not serialise the children), opens
 * the store and inserts runs one transaction at a time, pausing briefly between inserts; after its
 * first insert it waits until every child has made its first, so the children's writes interleave.
 * Exits 0 on success, 1 after printing the error, 2 if the other children never arrived.
 * Arguments: db file or JDBC URL, run id prefix, number of runs, barrier directory, number of children.
 */
public final class ConcurrentInsertMain {

    private ConcurrentInsertMain() {}

    /**
     * Runs the child.
     * @param args db file, run id prefix, count, barrier directory, number of children
     */
    public static void main(String[] args) {
        try {
            Path db = args[0].startsWith("jdbc:") ? null : Path.of(args[0]);
            String prefix = args[1];
            int count = Integer.parseInt(args[2]);
            Path barrier = Path.of(args[3]);
            int children = Integer.parseInt(args[4]);
            // Warm up before the barrier (driver and its native library, store classes), so that
            // class loading after it cannot let one child finish before the other starts.
            java.sql.DriverManager.getDriver(args[0].startsWith("jdbc:") ? args[0] : "jdbc:sqlite:");
            SummaryBuilder.run(prefix + "-warm-up").build();
            RunStore.whereFields();
            Files.createFile(barrier.resolve("ready-" + prefix));
            awaitAll(barrier, "ready-", children);
            try (RunStore store = args[0].startsWith("jdbc:") ? RunStore.connect(args[0]) : RunStore.open(db)) {
                for (int i = 0; i < count; i++) {
                    RunSummary s = SummaryBuilder.run(prefix + "-" + i).seed(i).build();
                    store.insert(new RunSummary(s.runId(), Instant.now(), s.experiment(), s.configSha256(),
                            s.dataset(), s.datasetSha256(), s.task(), s.penaltyTypes(), s.lambda(), s.lambdas(),
                            s.convention(), s.seed(), s.epochsRun(), s.stopReason(), s.trainAccuracy(),
                            s.validationAccuracy(), s.testAccuracy(), s.testMacroF1(), s.trainMse(),
                            s.validationMse(), s.testMse(), s.testR2(), s.generalizationGap(), s.recordPath()),
                            "{\"writer\":\"" + prefix + "\",\"i\":" + i + "}");
                    if (i == 0) {
                        // every child's first run is in before any child's second: the writes interleave
                        // however the machine schedules the children (under load one could otherwise
                        // open the store and finish before the other had written anything)
                        Files.createFile(barrier.resolve("inserted-" + prefix));
                        awaitAll(barrier, "inserted-", children);
                    }
                    Thread.sleep(2);
                }
            }
            System.exit(0);
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
    }

    /** Waits until {@code children} markers named {@code marker…} are in the barrier; exits 2 after 30 s. */
    private static void awaitAll(Path barrier, String marker, int children) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (count(barrier, marker) < children) {
            if (System.nanoTime() > deadline) {
                System.err.println("other children never arrived at '" + marker + "'");
                System.exit(2);
            }
            Thread.sleep(1);
        }
    }

    private static long count(Path barrier, String marker) throws java.io.IOException {
        try (var files = Files.list(barrier)) {
            return files.filter(f -> f.getFileName().toString().startsWith(marker)).count();
        }
    }
}
