package org.occam.experiments.sweep;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.experiments.record.RunRecorder;
import org.occam.experiments.record.RunRecords;
import org.occam.experiments.store.RunStore;
import org.occam.experiments.store.RunSummary;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A sweep killed (SIGKILL, in a child JVM) while a run record is being written leaves no half
 * record; running it again completes the grid with the same results as an uninterrupted sweep,
 * keeps the records finished before the kill untouched and stores every run exactly once.
 */
class SweepResumeTest {
    private static final List<String> GRID = List.of("l2.lambda=0,0.001,0.01,0.1,1", "trainer.epochs=3,5");
    private static final int FINISH_BEFORE_KILL = 3;

    @TempDir
    Path dir;

    @Test
    void killedSweepResumesWithoutRedoingOrLosingRuns() throws Exception {
        Path config = SweepFixtures.moonsConfig(dir, 3, "");
        Path runs = dir.resolve("killed");
        Process child = startChild(config, runs);
        SweepPlan plan = SweepFixtures.plan(config, runs, GRID, 1, 0);
        Path stalled;
        try {
            stalled = waitForStalledRecord(plan.directory(), child);
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }

        // After the kill: the half-written run exists only under its hidden name; every visible
        // combination directory is a complete record, and the store holds exactly those.
        assertTrue(stalled.getFileName().toString().startsWith(RunRecorder.INCOMPLETE_PREFIX), stalled.toString());
        assertTrue(Files.isRegularFile(stalled.resolve(RunRecorder.RUN_JSON)), "the stalled run was mid-write");
        String stalledId = stalled.getFileName().toString().substring(RunRecorder.INCOMPLETE_PREFIX.length());
        List<String> finished = new ArrayList<>();
        Map<String, String> runJsonBefore = new HashMap<>();
        for (SweepPlan.Combination c : plan.combinations()) {
            Path d = plan.directory().resolve(c.id());
            if (Files.exists(d)) {
                assertTrue(RunRecords.isRecord(d), c.id() + " is visible but not a complete record");
                for (String f : List.of(RunRecorder.HISTORY_CSV, RunRecorder.MODEL_FILE, RunRecorder.CONFIG_FILE)) {
                    assertTrue(Files.isRegularFile(d.resolve(f)), c.id() + " lacks " + f);
                }
                SweepFixtures.parameters(d);
                finished.add(c.id());
                runJsonBefore.put(c.id(), Files.readString(d.resolve(RunRecorder.RUN_JSON)));
            }
        }
        assertTrue(finished.size() >= FINISH_BEFORE_KILL && finished.size() < plan.combinations().size(), finished.toString());
        assertFalse(finished.stream().anyMatch(stalledId::endsWith), "the stalled run must not be visible");
        try (RunStore store = RunStore.open(runs.resolve("occam.db"))) {
            assertTrue(store.query(List.of()).size() <= finished.size());
        }

        // Resume in this JVM.
        SweepRunner.Outcome resumed = SweepRunnerTest.run(plan, 2);
        assertTrue(resumed.failures().isEmpty(), resumed.failures().toString());
        assertEquals(finished.size(), resumed.resumed());
        assertEquals(plan.combinations().size() - finished.size(), resumed.ran());
        assertTrue(resumed.results().complete());
        try (Stream<Path> s = Files.list(plan.directory())) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(RunRecorder.INCOMPLETE_PREFIX)), "leftover removed");
        }
        for (String id : finished) {
            assertEquals(runJsonBefore.get(id), Files.readString(plan.directory().resolve(id).resolve(RunRecorder.RUN_JSON)),
                    id + " was redone");
        }

        // The same grid, never interrupted, in another directory: identical results.
        SweepPlan reference = SweepFixtures.plan(config, dir.resolve("reference"), GRID, 1, 0);
        assertEquals(plan.directory().getFileName(), reference.directory().getFileName());
        SweepRunner.Outcome uninterrupted = SweepRunnerTest.run(reference, 1);
        for (SweepPlan.Combination c : plan.combinations()) {
            assertEquals(SweepFixtures.parameters(reference.directory().resolve(c.id())),
                    SweepFixtures.parameters(plan.directory().resolve(c.id())), c.id());
            assertEquals(RunRecords.read(reference.directory().resolve(c.id())).get("metrics"),
                    RunRecords.read(plan.directory().resolve(c.id())).get("metrics"), c.id());
        }
        assertEquals(uninterrupted.results().best(), resumed.results().best());
        for (int i = 0; i < uninterrupted.results().points().size(); i++) {
            assertEquals(uninterrupted.results().points().get(i).stats(), resumed.results().points().get(i).stats());
        }
        try (RunStore store = RunStore.open(runs.resolve("occam.db"))) {
            List<RunSummary> rows = store.query(List.of());
            assertEquals(plan.combinations().size(), rows.size());
            for (SweepPlan.Combination c : plan.combinations()) {
                Optional<RunSummary> row = store.find(c.runId());
                assertTrue(row.isPresent(), c.id());
                assertEquals(plan.directory().resolve(c.id()).toString(), row.get().recordPath());
            }
        }
    }

    private Process startChild(Path config, Path runs) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(javaBin));
        // the same kernel flags as this JVM: another GEMM backend would round differently
        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-modules") || a.startsWith("-Doccam.")).forEach(cmd::add);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
                SweepChildMain.class.getName(), config.toString(), runs.toString(), "2", Integer.toString(FINISH_BEFORE_KILL)));
        cmd.addAll(GRID);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
    }

    private Path waitForStalledRecord(Path sweepDir, Process child) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                fail("the child sweep ended before it could be killed:\n" + Files.readString(dir.resolve("child.log")));
            }
            if (Files.isDirectory(sweepDir)) {
                try (Stream<Path> s = Files.list(sweepDir)) {
                    Optional<Path> stalled = s.filter(p -> Files.exists(p.resolve("STALLED"))).findFirst();
                    if (stalled.isPresent()) {
                        return stalled.get();
                    }
                }
            }
            Thread.sleep(20);
        }
        fail("no record was stalled within 90 s:\n" + Files.readString(dir.resolve("child.log")));
        return null;
    }
}
