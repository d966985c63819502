package org.occam.report.tune;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.experiments.data.BaseDir;
import org.occam.experiments.record.RunRecorder;
import org.occam.experiments.record.RunRecords;
import org.occam.experiments.store.RunStore;

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
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A tune killed (SIGKILL, in a child JVM) while a run record is being written resumes when run
 * again: the records finished before the kill are kept untouched, no half record is visible, every
 * run is stored exactly once, and the outcome equals that of an uninterrupted tune.
 */
class TuneResumeTest {
    private static final int FINISH_BEFORE_KILL = 5;

    @TempDir
    Path dir;

    /** The shipped diabetes-l2 config, 10→8→1, 3 epochs, 2 folds, λ ≥ 1e-4. */
    static TuneRunner.Spec spec(Path config) {
        return new TuneRunner.Spec(config, List.of("trainer.epochs=3", "trainer.hiddenLayerSizes=8"), null, 2, 1, "",
                Double.NaN, 1e-4, 1e3);
    }

    @Test
    void killedTuneResumesWithoutRedoingOrLosingRuns() throws Exception {
        Path config = BaseDir.resolve("configs/diabetes-l2.xml");
        Path runs = dir.resolve("killed");
        Process child = startChild(config, runs);
        Path stalled;
        try {
            stalled = waitForStalledRecord(runs, child);
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(stalled.getFileName().toString().startsWith(RunRecorder.INCOMPLETE_PREFIX), stalled.toString());
        Map<Path, String> before = new HashMap<>();
        try (Stream<Path> s = Files.walk(runs)) {
            for (Path p : s.filter(p -> p.getFileName().toString().equals(RunRecorder.RUN_JSON)).toList()) {
                Path run = p.getParent();
                if (!run.getFileName().toString().startsWith(RunRecorder.INCOMPLETE_PREFIX)) {
                    assertTrue(RunRecords.isRecord(run), run + " is visible but not a complete record");
                    before.put(run, Files.readString(p));
                }
            }
        }
        assertEquals(FINISH_BEFORE_KILL, before.size(), before.keySet().toString());

        TuneRunner.Outcome resumed;
        try (RunStore store = RunStore.open(runs.resolve("occam.db"))) {
            resumed = TuneRunner.run(spec(config), runs, store, 2, List.of());
            assertEquals(resumed.trainings(), store.query(List.of()).size(), "every run stored exactly once");
        }
        for (Map.Entry<Path, String> e : before.entrySet()) {
            assertEquals(e.getValue(), Files.readString(e.getKey().resolve(RunRecorder.RUN_JSON)), e.getKey() + " was redone");
        }
        try (Stream<Path> s = Files.walk(runs)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(RunRecorder.INCOMPLETE_PREFIX)), "leftover removed");
        }

        TuneRunner.Outcome reference;
        try (RunStore store = RunStore.open(dir.resolve("reference").resolve("occam.db"))) {
            reference = TuneRunner.run(spec(config), dir.resolve("reference"), store, 1, List.of());
        }
        assertEquals(reference.directory().getFileName(), resumed.directory().getFileName());
        assertEquals(points(reference), points(resumed));
        assertEquals(reference.choice().chosen(), resumed.choice().chosen());
        assertEquals(reference.choice().best(), resumed.choice().best());
        assertEquals(reference.testMetrics(), resumed.testMetrics());
        assertEquals(reference.walk(), resumed.walk());
    }

    private static List<String> points(TuneRunner.Outcome o) {
        List<String> out = new ArrayList<>();
        o.evaluated().forEach(e -> out.add(e.order() + " " + e.phase() + " " + e.point() + " " + e.verdicts()));
        return out;
    }

    private Process startChild(Path config, Path runs) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(javaBin));
        // the same kernel flags as this JVM: another GEMM backend would round differently
        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-modules") || a.startsWith("-Doccam.")).forEach(cmd::add);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), TuneChildMain.class.getName(),
                config.toString(), runs.toString(), Integer.toString(FINISH_BEFORE_KILL)));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
    }

    private Path waitForStalledRecord(Path runs, Process child) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                fail("the child tune ended before it could be killed:\n" + Files.readString(dir.resolve("child.log")));
            }
            if (Files.isDirectory(runs)) {
                try (Stream<Path> s = Files.walk(runs)) {
                    Optional<Path> stalled = s.filter(p -> p.getFileName().toString().equals("STALLED")).findFirst();
                    if (stalled.isPresent()) {
                        return stalled.get().getParent();
                    }
                } catch (java.io.UncheckedIOException e) {
                    // a directory vanished while walking (a record being renamed); look again
                }
            }
            Thread.sleep(20);
        }
        fail("no record was stalled within 120 s:\n" + Files.readString(dir.resolve("child.log")));
        return null;
    }
}
