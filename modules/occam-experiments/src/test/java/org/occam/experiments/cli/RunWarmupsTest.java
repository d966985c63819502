package org.occam.experiments.cli;

import org.junit.jupiter.api.Test;
import org.occam.experiments.RunResult;
import org.occam.experiments.Warmup;
import org.occam.experiments.record.ReportHook;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** When {@code occam run} starts its record and report warm-ups: once, after an early epoch or when training ended. */
class RunWarmupsTest {
    /** A hook that counts its preparations and hands out a finished warm-up each time. */
    private static final class CountingHook implements ReportHook {
        final AtomicInteger prepared = new AtomicInteger();

        @Override
        public void writeRunReport(Path runDirectory, RunResult result) {
        }

        @Override
        public void writeSweepReport(Path sweepDirectory) {
        }

        @Override
        public Warmup prepareRunReport() {
            prepared.incrementAndGet();
            return Warmup.startAhead("test-report-warmup", () -> { });
        }
    }

    @Test
    void startEpochIsAQuarterOfTheEpochsBetweenOneAndTwenty() {
        assertEquals(20, RunWarmups.startEpoch(200));
        assertEquals(20, RunWarmups.startEpoch(80));
        assertEquals(19, RunWarmups.startEpoch(79));
        assertEquals(10, RunWarmups.startEpoch(40));
        assertEquals(2, RunWarmups.startEpoch(10));
        assertEquals(1, RunWarmups.startEpoch(3));
        assertEquals(1, RunWarmups.startEpoch(1));
        assertEquals(1, RunWarmups.startEpoch(0));
    }

    @Test
    void startsOnceAtTheStartEpochNotBefore() {
        CountingHook hook = new CountingHook();
        AtomicInteger records = new AtomicInteger();
        List<Warmup> started = new ArrayList<>();
        Warmup recordWarmup = Warmup.startAhead("test-record-warmup", () -> { });
        RunWarmups w = new RunWarmups(40, () -> {
            records.incrementAndGet();
            return recordWarmup;
        }, List.of(hook), started);
        for (int epoch = 1; epoch < 10; epoch++) {
            w.epochEnded(epoch);
        }
        assertEquals(0, records.get());
        assertEquals(0, hook.prepared.get());
        assertNull(w.recordWarmup());
        assertEquals(List.of(), started);
        for (int epoch = 10; epoch <= 40; epoch++) {
            w.epochEnded(epoch);
        }
        w.start();   // training ended: nothing more to start
        assertEquals(1, records.get());
        assertEquals(1, hook.prepared.get());
        assertSame(recordWarmup, w.recordWarmup());
        assertEquals(2, started.size());
        assertSame(recordWarmup, started.get(0));
        started.forEach(x -> x.await());
    }

    @Test
    void aRunEndingBeforeTheStartEpochStartsThemWhenTrained() {
        CountingHook hook = new CountingHook();
        List<Warmup> started = new ArrayList<>();
        RunWarmups w = new RunWarmups(200, () -> Warmup.startAhead("test-record-warmup", () -> { }), List.of(hook, hook), started);
        for (int epoch = 1; epoch <= 5; epoch++) {   // stopped early, e.g. by a stopping rule
            w.epochEnded(epoch);
        }
        assertEquals(List.of(), started);
        w.start();
        w.start();
        assertEquals(2, hook.prepared.get());
        assertEquals(3, started.size());
        started.forEach(x -> x.await());
    }
}
