package org.occam.core.math;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one thread policy: its probe's plan, its single threshold, and its settings. */
public class ThreadPolicyTest {

    @AfterEach
    void reset() {
        ThreadPolicy.setThreads(1);
        ThreadPolicy.setBackOff(true);
    }

    @Test
    public void theProbeAlternatesBlocksThenHoldsItsDecision() {
        int w = ThreadPolicy.WARMUP;
        int b = ThreadPolicy.BLOCK;
        int cycle = ThreadPolicy.PROBE + ThreadPolicy.HOLD;
        for (boolean backedOff : new boolean[]{false, true}) {
            assertTrue(ThreadPolicy.planned(0, backedOff), "warm-up on two threads");
            assertTrue(ThreadPolicy.planned(w - 1, backedOff));
            for (long cycleStart = w; cycleStart < w + 3L * cycle; cycleStart += cycle) {
                assertTrue(ThreadPolicy.planned(cycleStart, backedOff), "a probe starts on two threads");
                assertTrue(ThreadPolicy.planned(cycleStart + b - 1, backedOff));
                assertFalse(ThreadPolicy.planned(cycleStart + b, backedOff), "then a block on one");
                assertFalse(ThreadPolicy.planned(cycleStart + 2 * b - 1, backedOff));
                assertTrue(ThreadPolicy.planned(cycleStart + 2 * b, backedOff));
                for (int k = ThreadPolicy.PROBE; k < cycle; k += 997) {
                    assertEquals(!backedOff, ThreadPolicy.planned(cycleStart + k, backedOff), "hold " + k);
                }
            }
        }
        int timedInProbe = 0;
        for (int k = 0; k < cycle; k++) {
            if (ThreadPolicy.isTimed(w + k)) {
                timedInProbe++;
                assertTrue(k < ThreadPolicy.PROBE && k % b >= ThreadPolicy.SETTLE, "unit " + k);
            }
        }
        assertEquals(ThreadPolicy.PROBE / b * (b - ThreadPolicy.SETTLE), timedInProbe);
        assertFalse(ThreadPolicy.isTimed(w - 1), "warm-up units are not timed");
    }

    /** Feeds one warm-up and one probe, units on two threads taking {@code twoNanos}, on one {@code oneNanos}. */
    private static void feedProbe(long twoNanos, long oneNanos) {
        for (int u = 0; u < ThreadPolicy.WARMUP + ThreadPolicy.PROBE; u++) {
            boolean two = ThreadPolicy.twoThreads();
            ThreadPolicy.record(two, two ? twoNanos : oneNanos, 1_000);
        }
    }

    @Test
    public void oneThresholdDecidesAndTheThreadCountResetsIt() {
        ThreadPolicy.setThreads(2);
        feedProbe(1_100, 1_000);                       // two threads 10% slower: back off
        assertTrue(ThreadPolicy.backedOff());
        assertFalse(ThreadPolicy.twoThreads(), "the hold runs on one thread");
        ThreadPolicy.setThreads(2);
        assertFalse(ThreadPolicy.backedOff());
        feedProbe(1_040, 1_000);                       // 4% slower: within the margin, keep two
        assertFalse(ThreadPolicy.backedOff());
        assertTrue(ThreadPolicy.twoThreads());
        ThreadPolicy.setThreads(2);
        feedProbe(600, 1_000);
        assertFalse(ThreadPolicy.backedOff());
    }

    @Test
    public void withTheProbeOffTwoThreadsAreAlwaysUsed() {
        ThreadPolicy.setThreads(2);
        ThreadPolicy.setBackOff(false);
        feedProbe(5_000, 1_000);
        assertFalse(ThreadPolicy.backedOff());
        assertTrue(ThreadPolicy.twoThreads());
    }

    @Test
    public void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> ThreadPolicy.setThreads(0));
        assertThrows(IllegalArgumentException.class, () -> ThreadPolicy.setParallelThreshold(-1));
        assertEquals(1, ThreadPolicy.threads());
    }
}
