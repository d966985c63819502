package org.occam.experiments.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.occam.experiments.store.TestDatabases.Backend;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Schema version 3 (run status and reason): a store written by the previous Occam (version 2,
 * created here with that version's own DDL, not with today's code) is migrated on open, its rows
 * reading as FINISHED; read-only listing of such a file works without migrating it.
 */
class RunStoreMigrationTest {
    @TempDir
    Path dir;

    /** The version-2 schema as Occam created it, in the SQL of each backend. */
    private static List<String> versionTwoSchema(Backend backend) {
        String text = backend == Backend.POSTGRESQL ? "TEXT COLLATE \"C\"" : "TEXT";
        String dbl = "DOUBLE PRECISION";
        return List.of(
                "CREATE TABLE occam_schema (component " + text + " PRIMARY KEY, version INTEGER NOT NULL)",
                "CREATE TABLE runs (run_id " + text + " PRIMARY KEY NOT NULL, created " + text + " NOT NULL, experiment " + text
                        + ", config_sha256 " + text + ", dataset " + text + ", dataset_sha256 " + text + ", task " + text
                        + ", penalty_types " + text + ", lambda " + dbl + ", lambdas " + text + ", convention " + text
                        + ", seed BIGINT NOT NULL, epochs_run INTEGER NOT NULL, stop_reason " + text
                        + ", train_accuracy " + dbl + ", validation_accuracy " + dbl + ", test_accuracy " + dbl
                        + ", test_macro_f1 " + dbl + ", train_mse " + dbl + ", validation_mse " + dbl + ", test_mse " + dbl
                        + ", test_r2 " + dbl + ", generalization_gap " + dbl + ", record_path " + text + ")",
                "CREATE TABLE run_provenance (run_id " + text + " PRIMARY KEY REFERENCES runs (run_id), provenance_json "
                        + (backend == Backend.POSTGRESQL ? "jsonb" : "TEXT") + " NOT NULL)",
                "CREATE INDEX runs_created ON runs (created)",
                "CREATE INDEX runs_experiment ON runs (experiment, config_sha256)",
                "INSERT INTO occam_schema (component, version) VALUES ('run-store', 2)",
                "INSERT INTO runs VALUES ('old-1', '2024-05-01T12:00:00.000000000Z', 'moons', 'c0ffee', 'moons_n200', 'da7a', "
                        + "'CLASSIFICATION', 'L2', 0.01, '0.01', 'KERAS', 42, 30, 'max epochs', 0.97, 0.95, 0.94, 0.93, "
                        + "NULL, NULL, NULL, NULL, 0.03, 'runs/moons/old-1')",
                "INSERT INTO run_provenance VALUES ('old-1', '{\"old\": true}')");
    }

    private static void execute(String url, List<String> statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.executeUpdate(sql);
            }
        }
    }

    private static long count(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aVersionTwoStoreIsMigratedAndItsRowsAreFinished(Backend backend) throws Exception {
        String url = backend.newUrl(dir);
        execute(url, versionTwoSchema(backend));
        try (RunStore store = RunStore.connect(url)) {
            RunSummary old = store.find("old-1").orElseThrow();
            assertEquals(RunSummary.FINISHED, old.status());
            assertNull(old.reason());
            assertEquals(0.94, old.testAccuracy());
            assertEquals(List.of("old-1"), store.query(List.of("status=finished")).stream().map(RunSummary::runId).toList());
            store.insert(SummaryBuilder.run("new-1").created("2024-06-01T00:00:00Z")
                    .status(RunSummary.DIVERGED, "training diverged at epoch 2, step 3").build(), "{}");
            RunSummary diverged = store.find("new-1").orElseThrow();
            assertEquals(RunSummary.DIVERGED, diverged.status());
            assertEquals("training diverged at epoch 2, step 3", diverged.reason());
            assertEquals(List.of("new-1"), store.query(List.of("status=DIVERGED")).stream().map(RunSummary::runId).toList());
        }
        assertEquals(3, count(url, "SELECT version FROM occam_schema WHERE component = 'run-store'"));
        assertEquals(1, count(url, "SELECT COUNT(*) FROM runs WHERE status = 'FINISHED' AND reason IS NULL"));
        try (RunStore again = RunStore.connect(url)) { // reopening a migrated store changes nothing
            assertEquals(2, again.query(List.of()).size());
        }
    }

    @Test
    void aVersionTwoFileIsListedReadOnlyWithoutMigratingIt() throws Exception {
        Path file = dir.resolve("old.db");
        String url = "jdbc:sqlite:" + file.toAbsolutePath();
        execute(url, versionTwoSchema(Backend.SQLITE));
        try (RunStore store = RunStore.openReadOnly(file)) {
            List<RunSummary> rows = store.query(List.of("status=FINISHED"));
            assertEquals(1, rows.size());
            assertEquals(RunSummary.FINISHED, rows.get(0).status());
            assertNull(rows.get(0).reason());
            assertEquals(RunSummary.FINISHED, store.find("old-1").orElseThrow().status());
            assertTrue(store.query(List.of("status=FAILED")).isEmpty());
        }
        assertEquals(2, count(url, "SELECT version FROM occam_schema WHERE component = 'run-store'"));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aStatusOutsideTheThreeIsRefused(Backend backend) {
        try (RunStore store = RunStore.connect(backend.newUrl(dir))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> store.insert(SummaryBuilder.run("x").status("KILLED", "?").build(), "{}"));
            assertTrue(e.getMessage().contains("FINISHED, FAILED, DIVERGED") && e.getMessage().contains("KILLED"), e.getMessage());
            assertTrue(store.query(List.of()).isEmpty());
        }
    }
}
