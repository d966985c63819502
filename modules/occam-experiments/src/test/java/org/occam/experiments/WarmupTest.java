package org.occam.experiments;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.experiments.store.RunStore;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A warm-up runs on its own daemon thread, is waited for whole, and hands back what it threw. */
class WarmupTest {
    @TempDir
    Path tmp;

    @Test
    void awaitWaitsForTheWorkAndReturnsNothingWhenItSucceeded() {
        AtomicBoolean done = new AtomicBoolean();
        CountDownLatch running = new CountDownLatch(1);
        Thread[] thread = new Thread[1];
        Warmup w = Warmup.start("warmup-test", () -> {
            thread[0] = Thread.currentThread();
            running.countDown();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            done.set(true);
        });
        assertNull(w.await());
        assertTrue(done.get(), "await returned before the work was done");
        assertEquals(0, running.getCount());
        assertTrue(thread[0].isDaemon(), "a warm-up never keeps the JVM alive");
        assertEquals("warmup-test", thread[0].getName());
        assertFalse(thread[0].isAlive());
    }

    @Test
    void awaitReturnsWhatTheWorkThrew() {
        LinkageError error = new LinkageError("no fonts");
        Warmup w = Warmup.start("warmup-test", () -> {
            throw error;
        });
        assertSame(error, w.await());
        assertSame(error, w.await(), "asked again, the same answer");
        assertNull(Warmup.await(null));
    }

    @Test
    void anInterruptDoesNotCutTheWaitShortAndIsKept() {
        AtomicBoolean done = new AtomicBoolean();
        Warmup w = Warmup.start("warmup-test", () -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            done.set(true);
        });
        Thread.currentThread().interrupt();
        try {
            assertNull(w.await());
            assertTrue(done.get(), "await returned before the work was done");
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void theSqliteWarmupSucceedsAndAStoreOpensAfterIt() {
        assertNull(RunStore.warmUpSqlite().await());
        try (RunStore store = RunStore.open(tmp.resolve("runs").resolve("occam.db"))) {
            assertEquals(0, store.query(java.util.List.of()).size());
        }
    }

    @Test
    void warmupsOffRunNothing() {
        AtomicBoolean ran = new AtomicBoolean();
        String before = System.getProperty("occam.warmups");
        System.setProperty("occam.warmups", "false");
        try {
            assertFalse(Warmup.enabled());
            assertNull(Warmup.start("warmup-off-test", () -> ran.set(true)).await());
            assertFalse(ran.get(), "-Doccam.warmups=false must skip the work");
        } finally {
            if (before == null) {
                System.clearProperty("occam.warmups");
            } else {
                System.setProperty("occam.warmups", before);
            }
        }
        assertTrue(Warmup.enabled());
    }
}
