package org.occam.experiments;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code -Doccam.timing}'s phase lines: off by default; wall and CPU times that grow with the work done. */
class PhaseTimingTest {
    private static final Pattern LINE = Pattern.compile(
            "occam timing: (.+?) +wall +(\\d+) ms  (\\S+) cpu +(\\d+) ms  process cpu +(\\d+) ms");

    private static long[] line(String phase) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PhaseTiming.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), phase);
        String text = bytes.toString(StandardCharsets.UTF_8).strip();
        Matcher m = LINE.matcher(text);
        assertTrue(m.matches(), text);
        assertEquals(phase, m.group(1));
        assertEquals(Thread.currentThread().getName(), m.group(3));
        return new long[]{Long.parseLong(m.group(2)), Long.parseLong(m.group(4)), Long.parseLong(m.group(5))};
    }

    @Test
    void offUnlessAsked() {
        assertFalse(PhaseTiming.enabled(), "the build does not set -Doccam.timing");
    }

    @Test
    void theTimesGrowWithWorkOnThisThread() {
        long[] before = line("first");
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long spin = threads.getCurrentThreadCpuTime() + 60_000_000L; // 60 ms of this thread's CPU, however busy the machine
        double x = 0;
        while (threads.getCurrentThreadCpuTime() < spin) {
            x += Math.sqrt(x + 1);
        }
        long[] after = line("second phase");
        assertTrue(x > 0);
        assertTrue(after[1] - before[1] >= 55, "thread CPU: " + before[1] + " -> " + after[1]);
        assertTrue(after[0] - before[0] >= 55, "wall: " + before[0] + " -> " + after[0]);
        assertTrue(after[2] >= after[1] && after[2] - before[2] >= 55, "process CPU: " + before[2] + " -> " + after[2]);
    }
}
