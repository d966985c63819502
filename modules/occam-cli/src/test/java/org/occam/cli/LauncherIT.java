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
 * GEMM INFO line.
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
        List<String> command = new ArrayList<>(List.of("bash", repo().resolve("occam").toString()));
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
}
