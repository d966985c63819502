package org.occam.experiments.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.occam.core.history.EpochRecord;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Quiet by default, INFO with --verbose, and log lines that never break into a progress bar. */
class ConsoleLogTest {
    private static final Logger GEMM = Logger.getLogger("org.occam.core.math.Gemm");

    @AfterEach
    void reset() {
        ConsoleLog.endBar();
        ConsoleLog.install(false);
    }

    private static String capturingErr(Runnable r) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(old);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void infoLinesOnlyWithVerbose() {
        ConsoleLog.install(false);
        assertEquals("", capturingErr(() -> GEMM.info("GEMM backend: test")));
        assertEquals("WARNING org.occam.core.math.Gemm: careful" + System.lineSeparator(),
                capturingErr(() -> GEMM.warning("careful")));
        ConsoleLog.install(true);
        assertEquals("INFO org.occam.core.math.Gemm: GEMM backend: test" + System.lineSeparator(),
                capturingErr(() -> GEMM.info("GEMM backend: test")));
    }

    @Test
    void verboseIsAcceptedByEveryCommandAndQuietIsTheDefault() {
        Cli.Result r = Cli.run("runs", "--help", "--verbose");
        assertEquals(0, r.code(), r::toString);
        Cli.run("runs", "--help");
        assertEquals("", capturingErr(() -> GEMM.info("not shown")));
    }

    /** A terminal: carriage return goes to column 0 and overwrites, newline starts a line. */
    private static List<String> screen(String written) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int col = 0;
        for (char c : written.toCharArray()) {
            if (c == '\r') {
                col = 0;
            } else if (c == '\n') {
                lines.add(line.toString().stripTrailing());
                line.setLength(0);
                col = 0;
            } else {
                if (col < line.length()) {
                    line.setCharAt(col, c);
                } else {
                    line.append(c);
                }
                col++;
            }
        }
        if (line.length() > 0) {
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    private static EpochRecord epoch(int e) {
        return new EpochRecord(e, 0.5, Map.of(), 0.5, Double.NaN, Map.of(), Map.of(), List.of(), 0.1, 1);
    }

    @Test
    void aLogLineDuringTheBarGetsItsOwnLineAndTheBarIsRedrawnBelow() {
        ConsoleLog.install(false);
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        PrintStream tty = new PrintStream(terminal, true, StandardCharsets.UTF_8);
        PrintStream oldErr = System.err;
        System.setErr(tty); // stdout and stderr on one screen, as in a terminal
        try {
            Progress progress = new Progress(tty, 3, false, true);
            progress.accept(epoch(1));
            GEMM.warning("something to know");
            progress.accept(epoch(2));
            progress.accept(epoch(3));
            progress.finish();
        } finally {
            System.setErr(oldErr);
        }
        List<String> lines = screen(terminal.toString(StandardCharsets.UTF_8));
        assertEquals(2, lines.size(), lines::toString);
        assertEquals("WARNING org.occam.core.math.Gemm: something to know", lines.get(0));
        assertTrue(lines.get(1).startsWith("  epoch 3/3 [####"), lines::toString);
    }
}
