package org.occam.spark;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.occam.experiments.cli.OccamCommand;
import org.occam.experiments.record.RunRecorder;
import org.occam.experiments.store.TestDatabases.Backend;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The driver of a Spark sweep ({@code occam sweep --engine spark --master local[2]} in a child JVM)
 * is killed with SIGKILL once some but not all runs have finished; the same command run again
 * completes the sweep with the uninterrupted local sweep's results, keeps the finished runs as they
 * were, and leaves exactly one store row per run — on SQLite and on PostgreSQL.
 */
class SparkDriverKillTest {
    private static final int RUNS = 6;
    private static final String[] GRID = {"--grid", "l2.lambda=0.0001,0.001,0.01,0.1,1,10", "--set", "trainer.epochs=20",
            "--no-reports", "--quiet"};

    @TempDir
    Path dir;

    private static List<String> sweep(Path out, String jdbc, String... extra) {
        List<String> args = new ArrayList<>(List.of("sweep", SweepChecks.config(), "--out", out.toString()));
        args.addAll(List.of(GRID));
        if (jdbc != null) {
            args.addAll(List.of("--jdbc", jdbc));
        }
        args.addAll(List.of(extra));
        return args;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void killedDriverRerunCompletesWithIdenticalResultsAndNoDuplicateRows(Backend backend) throws Exception {
        String url = backend == Backend.SQLITE ? null : backend.newUrl(dir);
        Path out = dir.resolve("spark");
        Files.createDirectories(out);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
        command.addAll(SweepChecks.jvmFlags());
        command.addAll(List.of("--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                OccamCommand.class.getName()));
        command.addAll(sweep(out, url, "--engine", "spark", "--master", "local[2]"));
        Path log = dir.resolve("driver.log");
        Process driver = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Map<Path, String> finishedAtKill = new LinkedHashMap<>();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (true) {
                Path sweep = Files.isDirectory(out.resolve("moons-l2-keras")) ? firstSweep(out) : null;
                if (sweep != null && !SweepChecks.records(sweep).isEmpty()) {
                    driver.destroyForcibly(); // SIGKILL: no shutdown hook, no clean-up
                    assertTrue(driver.waitFor(30, TimeUnit.SECONDS));
                    for (Path r : SweepChecks.records(sweep)) {
                        finishedAtKill.put(r.getFileName(), Files.readString(r.resolve(RunRecorder.RUN_JSON)));
                    }
                    break;
                }
                if (!driver.isAlive()) {
                    fail("the driver ended before any run finished (" + driver.exitValue() + "):\n" + Files.readString(log));
                }
                if (System.nanoTime() > deadline) {
                    fail("no run finished in 120 s:\n" + Files.readString(log));
                }
                Thread.sleep(20);
            }
        } finally {
            SweepChecks.kill(driver);
        }
        assertTrue(!finishedAtKill.isEmpty() && finishedAtKill.size() < RUNS,
                "killed after " + finishedAtKill.size() + " of " + RUNS + " runs; expected some but not all");

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, SweepChecks.cli(err, sweep(out, url, "--engine", "spark", "--master", "local[2]").toArray(String[]::new)),
                err::toString);
        Path local = dir.resolve("local");
        ByteArrayOutputStream localErr = new ByteArrayOutputStream();
        assertEquals(0, SweepChecks.cli(localErr, sweep(local, null, "--threads", "2").toArray(String[]::new)), localErr::toString);

        Path sweep = SweepChecks.sweepDir(out);
        SweepChecks.assertSameResults(SweepChecks.sweepDir(local), sweep, RUNS);
        for (Map.Entry<Path, String> e : finishedAtKill.entrySet()) {
            assertEquals(e.getValue(), Files.readString(sweep.resolve(e.getKey()).resolve(RunRecorder.RUN_JSON)),
                    e.getKey() + " was finished before the kill and must not run again");
        }
        SweepChecks.assertOneRowPerRecord(url != null ? url : "jdbc:sqlite:" + out.resolve("occam.db").toAbsolutePath(), sweep, RUNS);
        try (var leftovers = Files.list(sweep)) {
            assertEquals(List.of(), leftovers.filter(p -> p.getFileName().toString().startsWith(RunRecorder.INCOMPLETE_PREFIX)).toList());
        }
    }

    private static Path firstSweep(Path out) throws java.io.IOException {
        try (var s = Files.list(out.resolve("moons-l2-keras"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("sweep-")).findFirst().orElse(null);
        }
    }
}
