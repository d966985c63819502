package org.occam.experiments.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.occam.experiments.store.SummaryBuilder.run;

import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.occam.experiments.store.TestDatabases.Backend;

/**
 * The run store's contract. Tests taking a {@link Backend} run against an SQLite file and against a
 * fresh PostgreSQL database ({@link TestDatabases}); the others are about one backend.
 */
class RunStoreTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The store of a backend test, created on first use. */
    private String url;

    private RunStore open(Backend backend) {
        if (url == null) {
            url = backend == Backend.SQLITE ? "jdbc:sqlite:" + db().toAbsolutePath() : backend.newUrl(dir);
        }
        if (backend == Backend.SQLITE) {
            return open();
        }
        return RunStore.connect(url);
    }

    /**
     * SQLite keeps the provenance text verbatim; PostgreSQL's jsonb keeps the same JSON value.
     * @param backend the backend
     * @param expected the inserted JSON
     * @param actual what the store returned
     */
    static void assertProvenance(Backend backend, String expected, Optional<String> actual) {
        assertTrue(actual.isPresent(), "no provenance");
        if (backend == Backend.SQLITE) {
            assertEquals(expected, actual.get());
        } else {
            try {
                assertEquals(JSON.readTree(expected), JSON.readTree(actual.get()));
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    private Path db() {
        return dir.resolve("runs").resolve("occam.db");
    }

    private RunStore open() {
        return RunStore.open(db());
    }

    /** Opens a plain JDBC connection to the store file, to look behind the API. */
    private Connection raw() throws SQLException {
        return DriverManager.getConnection(url != null ? url : "jdbc:sqlite:" + db().toAbsolutePath());
    }

    private long count(String sql) throws SQLException {
        try (Connection c = raw(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void columnsFollowRunSummaryComponentsInOrder() {
        List<String> components = Arrays.stream(RunSummary.class.getRecordComponents())
                .map(RecordComponent::getName).toList();
        assertEquals(components, RunColumn.ALL.stream().map(c -> c.field).toList());
        assertEquals(components.size() + 1, RunStore.whereFields().size());
    }

    @Test
    void openCreatesParentDirectoriesAndWalMode() throws Exception {
        try (RunStore store = open()) {
            assertTrue(Files.exists(db()));
            assertTrue(store.url().startsWith("jdbc:sqlite:"));
        }
        try (Connection c = raw(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("PRAGMA journal_mode")) {
            assertTrue(r.next());
            assertEquals("wal", r.getString(1));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void roundTripsEveryField(Backend backend) {
        RunSummary classification = new RunSummary("run-1", Instant.parse("2024-05-01T12:34:56.123456789Z"),
                "exp", "sha-config", "moons_n200.csv", "sha-data", "CLASSIFICATION", "L1,L2", 0.01,
                "0.01,1.0E-4", "KERAS", Long.MIN_VALUE, 123, "early stopping at epoch 123",
                0.99, 0.98, 0.97, 0.96, 0.1, 0.2, 0.3, -0.5, Double.POSITIVE_INFINITY, "runs/exp/run-1");
        RunSummary regression = new RunSummary("run-2", Instant.EPOCH, null, null, null, null, null, "",
                null, null, null, Long.MAX_VALUE, 0, null, null, null, null, null, null, null,
                Double.MIN_VALUE, -Double.MAX_VALUE, null, null);
        try (RunStore store = open(backend)) {
            store.insert(classification, "{}");
            store.insert(regression, "{}");
        }
        try (RunStore store = open(backend)) { // a fresh connection reads what is on disk
            assertEquals(Optional.of(classification), store.find("run-1"));
            assertEquals(Optional.of(regression), store.find("run-2"));
            assertEquals(Optional.empty(), store.find("run-3"));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void storesProvenanceVerbatimBesideTheRun(Backend backend) throws Exception {
        String json = "{\n  \"trainer\" : {\"class\" : \"MLPClassificationTrainer\", \"λ\" : \"0.01\"},\n"
                + "  \"quote\" : \"it's\"\n}";
        try (RunStore store = open(backend)) {
            store.insert(run("a").build(), json);
            assertProvenance(backend, json, store.provenance("a"));
            assertEquals(Optional.empty(), store.provenance("b"));
        }
        assertEquals(1, count("SELECT COUNT(*) FROM run_provenance WHERE run_id = 'a'"));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void duplicateRunIdIsRejectedAndChangesNothing(Backend backend) throws Exception {
        RunSummary first = run("dup").seed(1).build();
        try (RunStore store = open(backend)) {
            store.insert(first, "{\"first\":true}");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> store.insert(run("dup").seed(2).build(), "{\"second\":true}"));
            assertTrue(e.getMessage().contains("'dup'"), e.getMessage());
            assertEquals(Optional.of(first), store.find("dup"));
            assertProvenance(backend, "{\"first\":true}", store.provenance("dup"));
            store.insert(run("other").build(), "{}"); // the store is still usable
        }
        assertEquals(2, count("SELECT COUNT(*) FROM runs"));
        assertEquals(2, count("SELECT COUNT(*) FROM run_provenance"));
    }

    @Test
    void failedProvenanceInsertRollsBackTheRunRow() throws Exception {
        try (RunStore store = open()) {
            store.insert(run("seed-row").build(), "{}");
        }
        // An orphan provenance row (foreign keys are off on this raw connection) makes the second
        // statement of the next insert fail after its first statement succeeded.
        try (Connection c = raw(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO run_provenance (run_id, provenance_json) VALUES ('orphan', 'old')");
        }
        try (RunStore store = open()) {
            RunStoreException e = assertThrows(RunStoreException.class,
                    () -> store.insert(run("orphan").build(), "new"));
            assertTrue(e.getMessage().contains("orphan"), e.getMessage());
            assertEquals(Optional.empty(), store.find("orphan"));
            assertEquals(Optional.of("old"), store.provenance("orphan"));
            assertEquals(List.of("seed-row"), store.query(List.of()).stream().map(RunSummary::runId).toList());
        }
        assertEquals(1, count("SELECT COUNT(*) FROM runs"));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void invalidSummariesAreRejectedBeforeWriting(Backend backend) throws Exception {
        try (RunStore store = open(backend)) {
            IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                    () -> store.insert(run("nan").regression(0.5, Double.NaN).build(), "{}"));
            assertTrue(nan.getMessage().contains("'nan'") && nan.getMessage().contains("testR2"), nan.getMessage());
            assertThrows(IllegalArgumentException.class, () -> store.insert(run(" ").build(), "{}"));
            assertThrows(IllegalArgumentException.class, () -> store.insert(run("neg").epochsRun(-1).build(), "{}"));
            assertThrows(IllegalArgumentException.class,
                    () -> store.insert(run("far").created("+12000-01-01T00:00:00Z").build(), "{}"));
            assertThrows(NullPointerException.class, () -> store.insert(run("nojson").build(), null));
            assertEquals(List.of(), store.query(List.of()));
        }
        assertEquals(0, count("SELECT COUNT(*) FROM run_provenance"));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void deleteRemovesBothRowsInOneGo(Backend backend) throws Exception {
        try (RunStore store = open(backend)) {
            store.insert(run("keep").build(), "{\"keep\":1}");
            store.insert(run("drop").build(), "{\"drop\":1}");
            assertTrue(store.delete("drop"));
            assertFalse(store.delete("drop"));
            assertFalse(store.delete("never"));
            assertEquals(Optional.empty(), store.find("drop"));
            assertEquals(Optional.empty(), store.provenance("drop"));
            assertTrue(store.find("keep").isPresent());
            store.insert(run("drop").build(), "{\"again\":1}"); // the id is free again
            assertProvenance(backend, "{\"again\":1}", store.provenance("drop"));
        }
        assertEquals(2, count("SELECT COUNT(*) FROM run_provenance"));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void queryWithoutClausesListsRunsByCreatedTime(Backend backend) {
        try (RunStore store = open(backend)) {
            store.insert(run("c").created("2024-05-03T00:00:00Z").build(), "{}");
            store.insert(run("a").created("2024-05-01T00:00:00.5Z").build(), "{}");
            store.insert(run("b").created("2024-05-01T00:00:00.25Z").build(), "{}");
            store.insert(run("d").created("1999-12-31T23:59:59Z").build(), "{}");
            assertEquals(List.of("d", "b", "a", "c"), store.query(List.of()).stream().map(RunSummary::runId).toList());
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void schemaVersionIsRecordedAndANewerOneIsRefused(Backend backend) throws Exception {
        try (RunStore store = open(backend)) {
            store.insert(run("a").build(), "{}");
        }
        assertEquals(RunStore.SCHEMA_VERSION, count("SELECT version FROM occam_schema WHERE component = 'run-store'"));
        try (RunStore store = open(backend)) { // reopening keeps data and the single version row
            assertTrue(store.find("a").isPresent());
        }
        assertEquals(1, count("SELECT COUNT(*) FROM occam_schema"));
        try (Connection c = raw(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE occam_schema SET version = 99");
        }
        RunStoreException e = assertThrows(RunStoreException.class, () -> open(backend));
        assertTrue(e.getMessage().contains("99"), e.getMessage());
    }

    @Test
    void connectTakesAJdbcUrl() {
        try (RunStore store = RunStore.connect("jdbc:sqlite::memory:")) {
            store.insert(run("m").build(), "{}");
            assertEquals(1, store.query(List.of("penalty=L2")).size());
        }
        RunStoreException e = assertThrows(RunStoreException.class, () -> RunStore.connect("jdbc:nosuchdb://x"));
        assertTrue(e.getMessage().contains("jdbc:nosuchdb://x"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void closedStoreRefusesWork(Backend backend) {
        RunStore store = open(backend);
        store.close();
        store.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.find("a"));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void twoStoresOnOneFileInTwoThreads(Backend backend) throws Exception {
        try (RunStore first = open(backend); RunStore second = open(backend)) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<?> a = pool.submit(() -> { for (int i = 0; i < 40; i++) { first.insert(run("a" + i).build(), "{}"); } });
                Future<?> b = pool.submit(() -> { for (int i = 0; i < 40; i++) { second.insert(run("b" + i).build(), "{}"); } });
                a.get(60, TimeUnit.SECONDS);
                b.get(60, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }
            assertEquals(80, first.query(List.of()).size());
        }
        assertEquals(80, count("SELECT COUNT(*) FROM run_provenance"));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aVersionOneStoreIsMigratedInOrderKeepingItsRuns(Backend backend) throws Exception {
        try (RunStore store = open(backend)) {
            store.insert(run("old").build(), "{\"old\":true}");
        }
        // Turn it back into a version-1 store: without version 2's index and version 3's columns.
        try (Connection c = raw(); Statement s = c.createStatement()) {
            s.executeUpdate("DROP INDEX runs_experiment");
            s.executeUpdate("ALTER TABLE runs DROP COLUMN status");
            s.executeUpdate("ALTER TABLE runs DROP COLUMN reason");
            s.executeUpdate("UPDATE occam_schema SET version = 1");
        }
        String indexCount = backend == Backend.SQLITE
                ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'runs_experiment'"
                : "SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'runs_experiment'";
        assertEquals(0, count(indexCount));
        try (RunStore store = open(backend)) {
            assertTrue(store.find("old").isPresent());
            assertProvenance(backend, "{\"old\":true}", store.provenance("old"));
        }
        assertEquals(1, count(indexCount));
        assertEquals(3, RunStore.SCHEMA_VERSION);
        assertEquals(RunStore.SCHEMA_VERSION, count("SELECT version FROM occam_schema WHERE component = 'run-store'"));
        assertEquals(1, count("SELECT COUNT(*) FROM occam_schema"));
    }

    @Test
    void postgresqlKeepsProvenanceAsJsonbAndTextInByteOrder() throws Exception {
        try (RunStore store = open(Backend.POSTGRESQL)) {
            assertEquals(RunStore.Dialect.POSTGRESQL, store.dialect());
            store.insert(run("B").created("2024-01-01T00:00:00Z").build(), "{\"writer\": \"x\", \"n\": [1, 2.5]}");
            store.insert(run("a").created("2024-01-01T00:00:00Z").build(), "{}");
            store.insert(run("_c").created("2024-01-01T00:00:00Z").build(), "{}");
            // Same created time: ties go by run id in byte order (as on SQLite), not by a locale.
            assertEquals(List.of("B", "_c", "a"), store.query(List.of()).stream().map(RunSummary::runId).toList());
        }
        try (Connection c = raw(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT data_type FROM information_schema.columns "
                     + "WHERE table_name = 'run_provenance' AND column_name = 'provenance_json'")) {
            assertTrue(r.next());
            assertEquals("jsonb", r.getString(1));
        }
        // The provenance is queryable with PostgreSQL's JSON operators.
        assertEquals(1, count("SELECT COUNT(*) FROM run_provenance WHERE provenance_json ->> 'writer' = 'x'"));
        assertEquals(1, count("SELECT COUNT(*) FROM run_provenance WHERE (provenance_json -> 'n' ->> 1)::float8 = 2.5"));
    }

    @Test
    void postgresqlRefusesProvenanceThatIsNotJsonAndRollsBackTheRunRow() throws Exception {
        try (RunStore store = open(Backend.POSTGRESQL)) {
            store.insert(run("seed-row").build(), "{}");
            RunStoreException e = assertThrows(RunStoreException.class, () -> store.insert(run("bad").build(), "not json"));
            assertTrue(e.getMessage().contains("'bad'") && !e.getMessage().contains("\n"), e.getMessage());
            assertEquals(Optional.empty(), store.find("bad"));
            assertEquals(List.of("seed-row"), store.query(List.of()).stream().map(RunSummary::runId).toList());
            store.insert(run("after").build(), "{}"); // the connection is usable after the rollback
        }
        assertEquals(2, count("SELECT COUNT(*) FROM runs"));
    }

    @Test
    void thePostgresqlDriverShipsAndAnUnreachableServerIsNamedWithoutItsPassword() {
        RunStoreException e = assertThrows(RunStoreException.class,
                () -> RunStore.connect("jdbc:postgresql://127.0.0.1:1/occam?user=u&password=secret&connectTimeout=2"));
        assertTrue(e.getMessage().contains("127.0.0.1:1") && e.getMessage().contains("cannot connect"), e.getMessage());
        assertFalse(e.getMessage().contains("No suitable driver"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }
}
