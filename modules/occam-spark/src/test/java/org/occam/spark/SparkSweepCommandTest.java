package org.occam.spark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.experiments.cli.OccamCommand;
import org.occam.experiments.record.RunRecords;
import org.occam.experiments.store.RunStore;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code occam sweep --engine spark --master local[2]} through the command line. */
class SparkSweepCommandTest {
    @TempDir
    Path dir;

    private static int run(ByteArrayOutputStream err, String... args) {
        PrintStream old = System.err;
        try (PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setErr(e);
            return OccamCommand.execute(args);
        } finally {
            System.setErr(old);
        }
    }

    @Test
    void sweepRunsOnSparkAndAnUnknownEngineIsBadInput() throws Exception {
        String config = Path.of(System.getProperty("occam.baseDir"), "configs", "moons-l2-keras.xml").toString();
        Path out = dir.resolve("runs");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, run(err, "sweep", config, "--grid", "l2.lambda=0.01,0.1", "--set", "trainer.epochs=2",
                "--engine", "spark", "--master", "local[2]", "--out", out.toString(), "--no-reports", "--quiet"), err::toString);
        try (RunStore store = RunStore.open(out.resolve("occam.db")); Stream<Path> sweeps = Files.list(out.resolve("moons-l2-keras"))) {
            Path sweep = sweeps.filter(p -> p.getFileName().toString().startsWith("sweep-")).findFirst().orElseThrow();
            try (Stream<Path> runs = Files.list(sweep)) {
                List<Path> records = runs.filter(RunRecords::isRecord).toList();
                assertEquals(2, records.size());
                for (Path r : records) {
                    assertEquals(RunRecords.summary(r), store.find(RunRecords.summary(r).runId()).orElseThrow());
                }
            }
            assertEquals(2, store.query(List.of()).size());
        }
        ByteArrayOutputStream bad = new ByteArrayOutputStream();
        assertEquals(2, run(bad, "sweep", config, "--grid", "l2.lambda=0.01,0.1", "--engine", "nosuch", "--out", out.toString()));
        assertTrue(bad.toString(StandardCharsets.UTF_8).contains("--engine nosuch: unknown engine; available here: local, spark"), bad::toString);
        assertEquals(1, bad.toString(StandardCharsets.UTF_8).strip().lines().count(), bad::toString);
    }

    /** As on the local engine (RunsTrackerTest): the diverged combination is recorded, exits 3, and is retried on resume. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(org.occam.experiments.store.TestDatabases.Backend.class)
    void aDivergedCombinationIsRecordedByTheExecutorAndExitsAsDiverged(org.occam.experiments.store.TestDatabases.Backend backend)
            throws Exception {
        Path out = dir.resolve("runs-" + backend);
        String url = backend == org.occam.experiments.store.TestDatabases.Backend.SQLITE ? null : backend.newUrl(dir);
        List<String> args = new java.util.ArrayList<>(List.of("sweep", Path.of(System.getProperty("occam.baseDir"), "configs",
                "moons-l2-keras.xml").toString(), "--grid", "optimizer.learningRate=0.05,1e12", "--set", "trainer.epochs=1",
                "--engine", "spark", "--master", "local[2]", "--no-reports", "--quiet", "--out", out.toString()));
        if (url != null) {
            args.addAll(List.of("--jdbc", url));
        }
        for (int attempt = 0; attempt < 2; attempt++) { // the second command resumes: it retries the diverged point
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(3, run(err, args.toArray(String[]::new)), err::toString);
            try (RunStore s = url == null ? RunStore.open(out.resolve("occam.db")) : RunStore.connect(url)) {
                assertEquals(2, s.query(List.of()).size());
                List<org.occam.experiments.store.RunSummary> diverged = s.query(List.of("status=DIVERGED"));
                assertEquals(1, diverged.size());
                assertTrue(diverged.get(0).reason().contains("diverged"), diverged.get(0)::toString);
                Path failed = Path.of(diverged.get(0).recordPath());
                try (Stream<Path> files = Files.list(failed)) {
                    assertEquals(List.of("config.xml", "failed-run.json"), files.map(p -> p.getFileName().toString()).sorted().toList());
                }
                assertEquals(1, s.query(List.of("status=FINISHED")).size());
            }
        }
    }
}
