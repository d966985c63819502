package org.occam.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code occam run} with the report module installed: nothing on stderr, and {@code --no-reports} writes the record only. */
class QuietRunTest {
    @TempDir
    Path tmp;

    record Out(int code, String out, String err) {}

    static synchronized Out run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Main.execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Out(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Path repo() {
        return Paths.get(System.getProperty("occam.baseDir"));
    }

    private Path record(Out o) {
        assertEquals(0, o.code(), o::toString);
        return Paths.get(o.out().lines().filter(l -> l.startsWith("record: ")).findFirst().orElseThrow().substring(8));
    }

    @Test
    void runWritesNothingOnStderrAndNoReportsSkipsTheReport() {
        String config = repo().resolve("configs/moons-l2-keras.xml").toString();
        Out plain = run("run", config, "--set", "trainer.epochs=2", "--out", tmp.resolve("runs").toString());
        assertEquals("", plain.err(), plain::toString);
        assertTrue(Files.isRegularFile(record(plain).resolve("report.html")), plain::toString);

        Out bare = run("run", config, "--set", "trainer.epochs=2", "--out", tmp.resolve("runs").toString(), "--no-reports");
        assertEquals("", bare.err(), bare::toString);
        Path dir = record(bare);
        assertTrue(Files.isRegularFile(dir.resolve("run.json")), bare::toString);
        assertFalse(Files.exists(dir.resolve("report.html")), bare::toString);
        assertFalse(Files.exists(dir.resolve("report.md")), bare::toString);
    }
}
