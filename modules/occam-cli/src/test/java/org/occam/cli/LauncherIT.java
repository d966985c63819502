package org.occam.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real {@code ./occam} launcher on the packaged jar (run after {@code package}): a normal
 * command prints nothing on stderr; {@code --verbose} shows the JVM's incubator warning and the
 * GEMM INFO line; the class-data-sharing archive is written once, reused, rewritten when the jars
 * change, and never fails a command; Spark's jars are needed only by {@code sweep --engine spark}.
 */
class LauncherIT {
    @TempDir
    Path tmp;

    record Out(int code, String out, String err) {}

    static Path repo() {
        return Paths.get(System.getProperty("occam.baseDir"));
    }

    Out occam(String... args) throws IOException, InterruptedException {
        return occamIn(tmp, java.util.Map.of(), args);
    }

    Out occamIn(Path dir, java.util.Map<String, String> env, String... args) throws IOException, InterruptedException {
        return launch(repo(), dir, env, args);
    }

    /** Runs the launcher of the project at {@code root} (the repository, or a copy of its launcher and jars). */
    Out launch(Path root, Path dir, java.util.Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("occam").toString()));
        command.addAll(List.of(args));
        Path out = tmp.resolve("stdout.txt");
        Path err = tmp.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().remove("OCCAM_HOME");
        pb.environment().putAll(env);
        pb.environment().put("OCCAM_NO_BUILD", "1"); // the jar this build packaged; never a nested build
        Process p = pb
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        int code = p.waitFor();
        return new Out(code, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void aNormalRunPrintsNothingOnStderrAndVerboseShowsTheJvmAndGemmLines() throws Exception {
        assertTrue(Files.isRegularFile(repo().resolve("modules/occam-cli/target/occam.jar")), "run after package");
        String config = repo().resolve("configs/moons-l2-keras.xml").toString();
        Out quiet = occam("run", config, "--set", "trainer.epochs=2", "--out", tmp.resolve("runs").toString(), "--no-reports");
        assertEquals(0, quiet.code(), quiet::toString);
        assertEquals("", quiet.err(), quiet::toString);
        assertTrue(quiet.out().contains("record: "), quiet::toString);

        Out verbose = occam("run", config, "--set", "trainer.epochs=2", "--out", tmp.resolve("runs").toString(), "--no-reports", "--verbose");
        assertEquals(0, verbose.code(), verbose::toString);
        assertTrue(verbose.err().contains("Using incubator modules"), verbose::toString);
        assertTrue(verbose.err().contains("INFO org.occam.core.math.Gemm: GEMM backend"), verbose::toString);
        assertTrue(verbose.err().chars().noneMatch(c -> c == 0x1b), verbose::toString);
    }

    @Test
    void runsGoToTheHomeWhereverTheCommandStarts() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.createSymbolicLink(home.resolve("datasets"), repo().resolve("datasets"));
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        java.util.Map<String, String> env = java.util.Map.of("OCCAM_HOME", home.toString());
        Out run = occamIn(elsewhere, env, "run", repo().resolve("configs/moons-l2-keras.xml").toString(),
                "--set", "trainer.epochs=1", "--no-reports", "--quiet");
        assertEquals(0, run.code(), run::toString);
        assertEquals("", run.err(), run::toString);
        assertTrue(Path.of(run.out().strip()).startsWith(home.resolve("runs")), run::toString);
        Out runs = occamIn(elsewhere, env, "runs");
        assertEquals(0, runs.code(), runs::toString);
        assertTrue(runs.out().contains("1 run(s)"), runs::toString);
        assertEquals(List.of(), java.util.Arrays.asList(elsewhere.toFile().list()), "nothing created where the command started");
    }

    /**
     * A copy of the launcher with occam.jar and target/lib/ (not lib-spark/), and the shipped
     * datasets linked, so a test can change its jars and its archive directory.
     */
    private Path launcherCopy() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.copy(repo().resolve("occam"), root.resolve("occam"));
        Files.createSymbolicLink(root.resolve("datasets"), repo().resolve("datasets"));
        Path target = repo().resolve("modules/occam-cli/target");
        Path copy = Files.createDirectories(root.resolve("modules/occam-cli/target/lib"));
        Files.copy(target.resolve("occam.jar"), copy.getParent().resolve("occam.jar"));
        try (var jars = Files.list(target.resolve("lib"))) {
            for (Path jar : jars.toList()) {
                Files.copy(jar, copy.resolve(jar.getFileName()), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return root;
    }

    private static List<Path> archives(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void theFirstRunWritesTheClassDataArchiveLaterCommandsMapItAndNewJarsGetANewOne() throws Exception {
        Path root = launcherCopy();
        Path cds = root.resolve("modules/occam-cli/target/cds");
        String config = repo().resolve("configs/moons-l2-keras.xml").toString();
        String[] run = {"run", config, "--set", "trainer.epochs=1", "--out", tmp.resolve("runs").toString(), "--no-reports", "--quiet"};

        Out help = launch(root, tmp, java.util.Map.of(), "--help");
        assertEquals(0, help.code(), help::toString);
        assertEquals(List.of(), archives(cds), "only a run writes the archive");

        Out first = launch(root, tmp, java.util.Map.of(), run);
        assertEquals(0, first.code(), first::toString);
        assertEquals("", first.err(), first::toString);
        List<Path> written = archives(cds);
        assertEquals(1, written.size(), written::toString);
        Path archive = written.get(0);
        assertTrue(archive.getFileName().toString().matches("occam-\\d+\\.jsa"), archive::toString);
        java.nio.file.attribute.FileTime time = Files.getLastModifiedTime(archive);

        Out second = launch(root, tmp, java.util.Map.of(), run);
        assertEquals(0, second.code(), second::toString);
        assertEquals("", second.err(), second::toString);
        assertEquals(List.of(archive), archives(cds), "reused, not written again");
        assertEquals(time, Files.getLastModifiedTime(archive));

        // The JVM maps it for this class path (-Xshare:on fails instead of running without it) and
        // Occam's classes come from it.
        Process p = new ProcessBuilder("java", "-XX:SharedArchiveFile=" + archive, "-Xshare:on", "-Xlog:class+load=info",
                "--add-modules", "jdk.incubator.vector", "-jar", root.resolve("modules/occam-cli/target/occam.jar").toString(), "--version")
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), log);
        assertTrue(log.lines().anyMatch(l -> l.contains("org.occam.") && l.contains("source: shared objects file (top)")), log);

        // A changed jar (here: a new time) is another class path: a new archive replaces the old one.
        Path jar;
        try (var s = Files.list(root.resolve("modules/occam-cli/target/lib"))) {
            jar = s.filter(j -> j.getFileName().toString().startsWith("occam-core-")).findFirst().orElseThrow();
        }
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 3_600_000));
        Out third = launch(root, tmp, java.util.Map.of(), run);
        assertEquals(0, third.code(), third::toString);
        assertEquals("", third.err(), third::toString);
        List<Path> after = archives(cds);
        assertEquals(1, after.size(), after::toString);
        assertTrue(!after.get(0).equals(archive), "a new archive for the new class path: " + after);

        // A damaged archive only means classes load as usual: the command runs and prints nothing more.
        Files.write(after.get(0), new byte[]{1, 2, 3, 4});
        Out damaged = launch(root, tmp, java.util.Map.of(), run);
        assertEquals(0, damaged.code(), damaged::toString);
        assertEquals("", damaged.err(), damaged::toString);
    }

    @Test
    void aRunWithoutAWritableArchiveDirectoryStillRunsQuietly() throws Exception {
        String config = repo().resolve("configs/moons-l2-keras.xml").toString();
        Path file = Files.writeString(tmp.resolve("a-file"), "not a directory");
        Path readOnly = Files.createDirectories(tmp.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
        for (Path dir : List.of(file.resolve("cds"), readOnly)) {
            Out run = occamIn(tmp, java.util.Map.of("OCCAM_CDS_DIR", dir.toString()), "run", config, "--set", "trainer.epochs=1",
                    "--out", tmp.resolve("runs").toString(), "--no-reports", "--quiet");
            assertEquals(0, run.code(), run::toString);
            assertEquals("", run.err(), run::toString);
            assertTrue(Files.isDirectory(Path.of(run.out().strip())), run::toString);
        }
        if (!"root".equals(System.getProperty("user.name"))) { // root writes into a read-only directory anyway
            assertEquals(List.of(), archives(readOnly));
        }
    }

    @Test
    void sparkJarsAreOnTheClassPathOnlyForTheSparkEngine() throws Exception {
        String config = repo().resolve("configs/moons-l2-keras.xml").toString();
        // Without target/lib-spark/, a run runs and the spark engine says what it needs in one line.
        Path root = launcherCopy();
        Out run = launch(root, tmp, java.util.Map.of("OCCAM_CDS", "0"), "run", config, "--set", "trainer.epochs=1",
                "--out", tmp.resolve("runs").toString(), "--no-reports", "--quiet");
        assertEquals(0, run.code(), run::toString);
        assertEquals("", run.err(), run::toString);
        Out spark = launch(root, tmp, java.util.Map.of(), "sweep", config, "--grid", "l2.lambda=0.01", "--set", "trainer.epochs=1",
                "--engine", "spark", "--out", tmp.resolve("spark-runs").toString(), "--no-reports", "--quiet");
        assertEquals(2, spark.code(), spark::toString);
        assertEquals(1, spark.err().lines().count(), spark::toString);
        assertTrue(spark.err().contains("--engine spark needs the Spark jars in") && spark.err().contains("lib-spark"), spark::toString);

        // The project's launcher runs the spark engine (target/lib-spark/ added to the class path).
        Out sweep = occam("sweep", config, "--grid", "l2.lambda=0.01", "--set", "trainer.epochs=1", "--engine=spark",
                "--master", "local[1]", "--out", tmp.resolve("spark-runs").toString(), "--no-reports", "--quiet");
        assertEquals(0, sweep.code(), sweep::toString);
    }
}
