package org.occam.experiments.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.occam.experiments.store.SummaryBuilder.run;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.occam.experiments.store.TestDatabases.Backend;

/**
 * {@link RunStore#insertIfAbsent}: the idempotent insert a retried Spark task relies on, on SQLite
 * and on PostgreSQL.
 */
class RunStoreInsertIfAbsentTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void insertsOnceAndLeavesAnExistingRowAlone(Backend backend) {
        String url = backend.newUrl(dir);
        RunSummary first = run("r1").seed(1).build();
        try (RunStore store = RunStore.connect(url)) {
            assertTrue(store.insertIfAbsent(first, "{\"first\":true}"));
            assertFalse(store.insertIfAbsent(run("r1").seed(2).build(), "{\"second\":true}"));
            assertEquals(Optional.of(first), store.find("r1"));
            RunStoreTest.assertProvenance(backend, "{\"first\":true}", store.provenance("r1"));
            assertEquals(1, store.query(List.of()).size());
            // still validates like insert
            assertThrows(IllegalArgumentException.class, () -> store.insertIfAbsent(run(" ").build(), "{}"));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void writersRacingOnOneRunLeaveExactlyOneRow(Backend backend) throws Exception {
        String url = backend.newUrl(dir);
        try (RunStore schema = RunStore.connect(url)) {
            assertEquals(0, schema.query(List.of()).size());
        }
        int writers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            for (int round = 0; round < 5; round++) {
                String id = "race-" + round;
                List<Future<Boolean>> inserted = new java.util.ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    int writer = w;
                    // one store (one connection) per writer, as separate executors have
                    inserted.add(pool.submit(() -> {
                        try (RunStore store = RunStore.connect(url)) {
                            return store.insertIfAbsent(run(id).seed(writer).build(), "{\"writer\":" + writer + "}");
                        }
                    }));
                }
                int wins = 0;
                for (Future<Boolean> f : inserted) {
                    wins += f.get() ? 1 : 0;
                }
                assertEquals(1, wins, id);
            }
        } finally {
            pool.shutdownNow();
        }
        try (RunStore store = RunStore.connect(url)) {
            assertEquals(5, store.query(List.of()).size());
        }
    }
}
