package org.occam.experiments.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.occam.experiments.store.TestDatabases.Backend;

/**
 * Two JVMs insert into one fresh store at the same time, creating its schema together; both must
 * succeed. On SQLite the store is one file, on PostgreSQL one fresh database.
 */
class RunStoreConcurrencyTest {

    private static final int RUNS_PER_PROCESS = 50;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void twoProcessesInsertIntoOneStoreAtOnce(Backend backend) throws Exception {
        Path db = dir.resolve("shared").resolve("occam.db");
        String target = backend == Backend.SQLITE ? db.toString() : backend.newUrl(dir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Both children wait for each other, open the (not yet existing) store together, then insert.
        Path barrier = Files.createDirectory(dir.resolve("barrier"));
        List<String> prefixes = List.of("p1", "p2");
        List<Process> processes = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        try {
            for (String prefix : prefixes) {
                Path log = dir.resolve(prefix + ".log");
                logs.add(log);
                ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                        ConcurrentInsertMain.class.getName(), target, prefix,
                        Integer.toString(RUNS_PER_PROCESS), barrier.toString(), Integer.toString(prefixes.size()))
                        .redirectErrorStream(true).redirectOutput(log.toFile());
                processes.add(builder.start());
            }
            for (int i = 0; i < processes.size(); i++) {
                Process process = processes.get(i);
                assertTrue(process.waitFor(60, TimeUnit.SECONDS), "child " + i + " timed out");
                assertEquals(0, process.exitValue(), "child " + i + " failed:\n" + Files.readString(logs.get(i)));
            }
        } finally {
            for (Process process : processes) {
                process.destroyForcibly();
            }
        }
        try (RunStore store = backend == Backend.SQLITE ? RunStore.open(db) : RunStore.connect(target)) {
            List<RunSummary> runs = store.query(List.of());
            assertEquals(prefixes.size() * RUNS_PER_PROCESS, runs.size());
            for (String prefix : prefixes) {
                for (int i = 0; i < RUNS_PER_PROCESS; i++) {
                    String id = prefix + "-" + i;
                    assertTrue(store.find(id).isPresent(), id);
                    RunStoreTest.assertProvenance(backend, "{\"writer\":\"" + prefix + "\",\"i\":" + i + "}", store.provenance(id));
                }
            }
            // Both writers were really interleaved, not one after the other.
            List<String> order = runs.stream().map(r -> r.runId().substring(0, 2)).toList();
            long switches = 0;
            for (int i = 1; i < order.size(); i++) {
                switches += order.get(i).equals(order.get(i - 1)) ? 0 : 1;
            }
            assertTrue(switches > 1, "writers did not overlap: " + order);
        }
    }
}
