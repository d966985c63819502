package org.occam.spark;

import com.fasterxml.jackson.databind.JsonNode;
import org.occam.core.math.Matrix;
import org.occam.experiments.ExperimentRunner;
import org.occam.experiments.cli.OccamCommand;
import org.occam.experiments.record.RunRecorder;
import org.occam.experiments.record.RunRecords;
import org.occam.experiments.store.RunStore;
import org.tribuo.Model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the Spark sweep tests check: same results as the local sweep, one row per record. */
final class SweepChecks {
    private SweepChecks() {}

    /** The shipped config the tests sweep. */
    static String config() {
        return Path.of(System.getProperty("occam.baseDir"), "configs", "moons-l2-keras.xml").toString();
    }

    /** Runs the CLI in this JVM; stderr goes to {@code err}. */
    static int cli(ByteArrayOutputStream err, String... args) {
        PrintStream old = System.err;
        try (PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setErr(e);
            return OccamCommand.execute(args);
        } finally {
            System.setErr(old);
        }
    }

    /** The single {@code sweep-<hash>} directory under a run root. */
    static Path sweepDir(Path out) throws IOException {
        try (Stream<Path> sweeps = Files.list(out.resolve("moons-l2-keras"))) {
            return sweeps.filter(p -> p.getFileName().toString().startsWith("sweep-")).findFirst().orElseThrow();
        }
    }

    /** The record directories of a sweep. */
    static List<Path> records(Path sweep) throws IOException {
        try (Stream<Path> runs = Files.list(sweep)) {
            return runs.filter(p -> !p.getFileName().toString().startsWith(RunRecorder.INCOMPLETE_PREFIX))
                    .filter(RunRecords::isRecord).sorted().toList();
        }
    }

    static Map<String, Matrix> parameters(Path runDir) throws Exception {
        Model<?> model = Model.deserializeFromFile(runDir.resolve(RunRecorder.MODEL_FILE));
        return ExperimentRunner.mlp(model).parameterValues();
    }

    /** Every combination of {@code expected} is in {@code actual} with bit-identical parameters, metrics and config. */
    static void assertSameResults(Path expected, Path actual, int combinations) throws Exception {
        List<Path> want = records(expected);
        assertEquals(combinations, want.size(), expected.toString());
        assertEquals(want.stream().map(Path::getFileName).toList(), records(actual).stream().map(Path::getFileName).toList());
        for (Path x : want) {
            Path y = actual.resolve(x.getFileName());
            assertEquals(parameters(x), parameters(y), y.toString());
            JsonNode mx = RunRecords.read(x).get("metrics");
            assertEquals(mx, RunRecords.read(y).get("metrics"), y.toString());
            assertEquals(Files.readString(x.resolve(RunRecorder.CONFIG_FILE)), Files.readString(y.resolve(RunRecorder.CONFIG_FILE)));
        }
        assertEquals(Files.readString(expected.resolve(org.occam.experiments.sweep.SweepResults.CSV_FILE)), Files.readString(actual.resolve(org.occam.experiments.sweep.SweepResults.CSV_FILE)));
    }

    /**
     * Exactly one row and one provenance row per record of the sweep, equal to the row derived
     * from the record, and no other rows; counted in SQL, per run id.
     */
    static void assertOneRowPerRecord(String jdbcUrl, Path sweep, int combinations) throws Exception {
        List<Path> records = records(sweep);
        assertEquals(combinations, records.size());
        try (RunStore store = RunStore.connect(jdbcUrl)) {
            for (Path r : records) {
                assertEquals(RunRecords.summary(r), store.find(RunRecords.summary(r).runId()).orElseThrow(), r.toString());
            }
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
            assertEquals(combinations, count(s, "SELECT COUNT(*) FROM runs"));
            assertEquals(combinations, count(s, "SELECT COUNT(DISTINCT run_id) FROM runs"));
            assertEquals(combinations, count(s, "SELECT COUNT(*) FROM run_provenance"));
            assertEquals(0, count(s, "SELECT COUNT(*) FROM (SELECT run_id FROM runs GROUP BY run_id HAVING COUNT(*) > 1) d"));
        }
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rows = s.executeQuery(sql)) {
            assertTrue(rows.next());
            return rows.getLong(1);
        }
    }

    /** The JVM options a child Spark JVM needs (this JVM's module openings and flags). */
    static List<String> jvmFlags() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Dio.netty")
                        || a.startsWith("-Djdk.reflect") || a.startsWith("-Doccam.baseDir") || a.startsWith("-Djava.util.logging")
                        || a.equals("-XX:+IgnoreUnrecognizedVMOptions"))
                .toList();
    }

    /** Kills a child process and everything it started, and waits for them. */
    static void kill(Process p) {
        if (p == null) {
            return;
        }
        List<ProcessHandle> descendants = p.descendants().toList();
        p.destroy();
        try {
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle d : descendants) {
            d.destroyForcibly();
            d.onExit().completeOnTimeout(d, 10, java.util.concurrent.TimeUnit.SECONDS).join();
        }
    }
}
