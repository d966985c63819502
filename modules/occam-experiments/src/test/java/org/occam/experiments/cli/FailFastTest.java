package org.occam.experiments.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.experiments.record.RunRecorder;
import org.occam.experiments.store.RunStore;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code run} checks the output directory and the run store before training; a run killed while
 * its record is half written leaves no {@code .incomplete-*} directory once the next command
 * starts (while a live process's directory is kept); {@code runs} only reads.
 */
class FailFastTest {
    @TempDir
    Path tmp;

    private static final String EPOCHS = "trainer.epochs=400"; // long enough that training would show

    private Cli.Result run(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", Cli.config("moons-l2-keras.xml").toString(), "--out", out.toString(),
                "--set", EPOCHS));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void missingJdbcDriverFailsBeforeTraining() throws Exception {
        Path out = tmp.resolve("runs");
        long start = System.nanoTime();
        Cli.Result r = run(out, "--jdbc", "jdbc:nosuchdatabase://localhost/occam");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        Cli.assertBadInput(r, out, "jdbc:nosuchdatabase");
        assertEquals("", r.out(), "training started before the store was checked:\n" + r);
        assertTrue(millis < 20_000, "took " + millis + " ms");
    }

    @Test
    void corruptStoreFailsBeforeTrainingAndLeavesNoExperimentDirectory() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("runs"));
        Files.writeString(out.resolve("occam.db"), "this is not a database, just text ".repeat(200));
        Cli.Result r = run(out);
        assertEquals(2, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.errLines().get(0).contains("occam.db"), r::toString);
        assertEquals("", r.out(), r::toString);
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(List.of(out.resolve("occam.db")), s.toList());
        }
    }

    @Test
    void theStoreWarmupEndsWithTheCommandOnEveryPath() throws Exception {
        // A config that cannot be read (the warm-up is still loading the driver when the error comes),
        // a store that cannot be opened, and a run that finishes: each command waits for its warm-up.
        Cli.Result missing = Cli.run("run", tmp.resolve("no-such-config.xml").toString(), "--out", tmp.resolve("a").toString());
        assertEquals(2, missing.code(), missing::toString);
        assertEquals(java.util.Set.of(), warmupThreads(), "after a config error");
        Path out = Files.createDirectories(tmp.resolve("b"));
        Files.writeString(out.resolve("occam.db"), "this is not a database, just text ".repeat(200));
        Cli.Result corrupt = run(out);
        assertEquals(2, corrupt.code(), corrupt::toString);
        assertEquals(java.util.Set.of(), warmupThreads(), "after a store error");
        Cli.Result ok = Cli.run("run", Cli.config("moons-l2-keras.xml").toString(), "--out", tmp.resolve("c").toString(),
                "--set", "trainer.epochs=1", "--quiet");
        assertEquals(0, ok.code(), ok::toString);
        assertEquals(java.util.Set.of(), warmupThreads(), "after a finished run");
    }

    static java.util.Set<String> warmupThreads() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("occam-") && t.getName().endsWith("-warmup") && t.isAlive()) {
                names.add(t.getName());
            }
        }
        return names;
    }

    @Test
    void outputThatIsNotAWritableDirectoryFailsBeforeTraining() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        Cli.Result r = run(file);
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.errLines().size() == 1 && r.errLines().get(0).contains("--out " + file) && r.errLines().get(0).contains("not a writable directory"), r::toString);
        assertEquals("", r.out(), r::toString);
        assertEquals("x", Files.readString(file));
    }

    @Test
    void runsOnlyReads() throws Exception {
        Path missing = tmp.resolve("typo");
        Cli.Result r = Cli.run("runs", "--out", missing.toString());
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.errLines().size() == 1 && r.errLines().get(0).contains("no run store at"), r::toString);
        assertFalse(Files.exists(missing), "runs created " + missing);
        Path store = tmp.resolve("elsewhere/typo.db");
        Cli.Result s = Cli.run("runs", "--store", store.toString());
        assertEquals(2, s.code(), s::toString);
        assertFalse(Files.exists(store.getParent()), "runs created " + store.getParent());

        // a read-only store (file and directory) can be queried, and is left unchanged
        Path out = tmp.resolve("runs");
        Cli.ok("run", Cli.config("moons-l2-keras.xml").toString(), "--out", out.toString(), "--set", "trainer.epochs=1", "--quiet");
        Path db = out.resolve("occam.db");
        try (RunStore checkpoint = RunStore.open(db)) {
            assertEquals(1, checkpoint.query(List.of()).size());
        }
        List<String> before;
        try (Stream<Path> l = Files.list(out)) {
            before = l.map(p -> p.getFileName().toString()).sorted().toList();
        }
        byte[] bytes = Files.readAllBytes(db);
        try {
            Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("r--r--r--"));
            Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("r-xr-xr-x"));
            Cli.Result q = Cli.ok("runs", "--out", out.toString());
            assertTrue(q.out().contains("1 run(s)"), q::toString);
            Cli.Result w = Cli.ok("runs", "--out", out.toString(), "--where", "penalty=L2");
            assertTrue(w.out().contains("1 run(s)"), w::toString);
        } finally {
            Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
        }
        try (Stream<Path> l = Files.list(out)) {
            assertEquals(before, l.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertTrue(java.util.Arrays.equals(bytes, Files.readAllBytes(db)), "runs changed the store file");
    }

    @Test
    void sigkillMidRecordLeavesNothingOnceTheNextCommandStarts() throws Exception {
        killMidRecordThenRun(true);
    }

    @Test
    void sigtermMidRecordLeavesNothingOnceTheNextCommandStarts() throws Exception {
        killMidRecordThenRun(false);
    }

    private void killMidRecordThenRun(boolean forcibly) throws Exception {
        Path out = tmp.resolve("runs");
        Process child = startChild(out);
        Path stalled;
        try {
            stalled = waitForStalled(out, child);
        } finally {
            if (forcibly) {
                child.destroyForcibly();
            } else {
                child.destroy();
            }
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        }
        if (!forcibly) {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        assertTrue(Files.isDirectory(stalled), "the killed run left " + stalled);
        assertTrue(stalled.getFileName().toString().startsWith(RunRecorder.INCOMPLETE_PREFIX));

        // a live process's unfinished record (this JVM's pid) in a sweep directory is kept
        Path live = Files.createDirectories(out.resolve("moons-l2-keras/sweep-0123456789ab/"
                + RunRecorder.INCOMPLETE_PREFIX + "pid" + ProcessHandle.current().pid() + "-20260101-000000-000-abcdef-p0"));
        // one of the older naming (no owner) is stale
        Path old = Files.createDirectories(out.resolve("moons-l2-keras/" + RunRecorder.INCOMPLETE_PREFIX + "20260101-000000-000-abcdef"));

        Cli.Result next = Cli.ok("run", Cli.config("moons-l2-keras.xml").toString(), "--out", out.toString(), "--set", "trainer.epochs=1", "--quiet");
        assertFalse(Files.exists(stalled), "the killed run's " + stalled + " is still there");
        assertFalse(Files.exists(old), "the ownerless " + old + " is still there");
        assertTrue(Files.isDirectory(live), "a live process's directory was deleted");
        Files.delete(live);
        try (Stream<Path> s = Files.walk(out)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith(RunRecorder.INCOMPLETE_PREFIX)).toList());
        }
        Cli.recordDir(next);
        try (RunStore store = RunStore.open(out.resolve("occam.db"))) {
            assertEquals(1, store.query(List.of()).size());
        }
    }

    private Process startChild(Path out) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(javaBin));
        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-modules") || a.startsWith("-Doccam.")).forEach(cmd::add);
        cmd.add("-D" + org.occam.experiments.data.BaseDir.PROPERTY + "=" + Cli.repoRoot());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), RunChildMain.class.getName(),
                Cli.config("moons-l2-keras.xml").toString(), out.toString(), "trainer.epochs=1"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
    }

    private Path waitForStalled(Path out, Process child) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        Path experiment = out.resolve("moons-l2-keras");
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                fail("the child run ended before it could be killed:\n" + Files.readString(tmp.resolve("child.log"), StandardCharsets.UTF_8));
            }
            if (Files.isDirectory(experiment)) {
                try (Stream<Path> s = Files.list(experiment)) {
                    Optional<Path> stalled = s.filter(p -> Files.exists(p.resolve("STALLED"))).findFirst();
                    if (stalled.isPresent()) {
                        return stalled.get();
                    }
                }
            }
            Thread.sleep(20);
        }
        fail("no record was stalled within 120 s:\n" + Files.readString(tmp.resolve("child.log"), StandardCharsets.UTF_8));
        return null;
    }
}
