package org.occam.experiments.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.experiments.record.RunRecords;
import org.occam.experiments.store.RunStore;
import org.occam.experiments.store.RunSummary;
import org.occam.experiments.store.TestDatabases;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --jdbc jdbc:postgresql://...} for run, sweep, runs and reproduce, against a real
 * PostgreSQL server ({@link TestDatabases}); no SQLite file is made.
 */
class PostgresStoreCliTest {
    @TempDir
    Path tmp;

    @Test
    void runRunsReproduceAndSweepUseThePostgresqlStore() throws Exception {
        String url = TestDatabases.freshPostgresDatabase();
        Path out = tmp.resolve("runs");
        Path dir = Cli.recordDir(Cli.ok("run", Cli.config("moons-l2-keras.xml").toString(), "--out", out.toString(),
                "--quiet", "--set", "trainer.epochs=2", "--jdbc", url));
        String runId = dir.getFileName().toString();
        try (RunStore store = RunStore.connect(url)) {
            assertEquals(RunRecords.summary(dir), store.find(runId).orElseThrow());
        }

        Cli.Result runs = Cli.ok("runs", "--jdbc", url, "--where", "penalty=L2", "--where", "convention=keras");
        assertTrue(runs.out().contains(runId), runs::toString);
        assertFalse(Cli.ok("runs", "--jdbc", url, "--where", "penalty=L1").out().contains(runId));

        // reproduce finds the record by run id through the store
        Cli.Result reproduced = Cli.run("reproduce", runId, "--jdbc", url);
        assertEquals(0, reproduced.code(), reproduced::toString);
        assertTrue(reproduced.out().contains("reproduced: every parameter bit-identical, metrics equal"), reproduced::toString);
        Cli.Result unknown = Cli.run("reproduce", "no-such-run", "--jdbc", url);
        assertEquals(OccamCommand.BAD_INPUT, unknown.code(), unknown::toString);
        assertEquals(1, unknown.err().strip().lines().count(), unknown::toString);
        assertTrue(unknown.err().contains("no-such-run"), unknown::toString);

        Path sweep = Path.of(Cli.ok("sweep", Cli.config("moons-l2-keras.xml").toString(), "--grid", "l2.lambda=0.01,0.1",
                "--set", "trainer.epochs=2", "--threads", "2", "--no-reports", "--quiet", "--out", out.toString(),
                "--jdbc", url).outLines().get(0));
        try (RunStore store = RunStore.connect(url); Stream<Path> points = Files.list(sweep)) {
            List<Path> records = points.filter(RunRecords::isRecord).sorted().toList();
            assertEquals(2, records.size(), records::toString);
            for (Path record : records) {
                RunSummary row = RunRecords.summary(record);
                assertEquals(row, store.find(row.runId()).orElseThrow());
            }
            assertEquals(3, store.query(List.of()).size());
            assertEquals(RunStore.Dialect.POSTGRESQL, store.dialect());
        }
        assertFalse(Files.exists(out.resolve("occam.db")), "no SQLite store is made when --jdbc is given");
    }
}
