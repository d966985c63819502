package org.occam.experiments.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The run store: one row per run (finished, failed or diverged: {@link RunSummary#status()}) with typed columns (dataset, penalty types, λ,
 * convention, seed, metrics, ...) plus the run's full provenance JSON beside it, queried by
 * {@code occam runs --where ...}.
 *
 * <p>By default it is an embedded SQLite file ({@link #DEFAULT_DB}, opened with {@link #open(Path)})
 * in WAL mode with a {@linkplain #BUSY_TIMEOUT busy timeout}, so several processes of a sweep can
 * insert into one file at the same time. {@link #connect(String)} takes any JDBC URL; the drivers of
 * SQLite ({@code jdbc:sqlite:}) and PostgreSQL ({@code jdbc:postgresql://HOST:PORT/DB?user=...})
 * ship with Occam. The SQL is portable (types {@code TEXT}, {@code DOUBLE PRECISION}, {@code BIGINT},
 * {@code INTEGER}; standard {@code ||}, {@code LOWER}, {@code REPLACE}, {@code LIKE ... ESCAPE}); what
 * differs per {@link Dialect} is the connection setup (SQLite pragmas), the transaction statements
 * ({@code BEGIN IMMEDIATE} on SQLite), the provenance column ({@code jsonb} on PostgreSQL, text
 * elsewhere), byte-order collation of text columns on PostgreSQL ({@code COLLATE "C"}, so orderings
 * match SQLite's), and an advisory lock that serializes schema creation on PostgreSQL.
 *
 * <p>Schema, version {@value #SCHEMA_VERSION}, built by the ordered {@linkplain #MIGRATIONS migrations}:
 * <pre>
 * runs(run_id TEXT PRIMARY KEY, created TEXT NOT NULL, experiment TEXT, config_sha256 TEXT,
 *      dataset TEXT, dataset_sha256 TEXT, task TEXT, penalty_types TEXT, lambda DOUBLE PRECISION,
 *      lambdas TEXT, convention TEXT, seed BIGINT NOT NULL, epochs_run INTEGER NOT NULL,
 *      stop_reason TEXT, train_accuracy, validation_accuracy, test_accuracy, test_macro_f1,
 *      train_mse, validation_mse, test_mse, test_r2, generalization_gap (all DOUBLE PRECISION),
 *      record_path TEXT)                                  -- version 1
 * run_provenance(run_id TEXT PRIMARY KEY REFERENCES runs(run_id),
 *      provenance_json TEXT NOT NULL)                     -- version 1; jsonb on PostgreSQL
 * index runs_created(created)                             -- version 1
 * index runs_experiment(experiment, config_sha256)        -- version 2
 * runs.status TEXT NOT NULL DEFAULT 'FINISHED', runs.reason TEXT   -- version 3 (added columns)
 * occam_schema(component TEXT PRIMARY KEY, version INTEGER NOT NULL)   -- ('run-store', 3)
 * </pre>
 * One column per {@link RunSummary} component, named in snake_case. {@code created} is stored as
 * fixed-width UTC text with nine fraction digits ({@code 2024-05-01T12:00:00.123456789Z}), so text
 * order is time order and instants round-trip exactly. Doubles are stored as {@code DOUBLE
 * PRECISION}, so they round-trip exactly (±∞ included); NaN is rejected because SQLite would turn it
 * into NULL — store null for an undefined metric. The version row lets later releases migrate an
 * older file; a file with a newer version is refused.
 *
 * <p>Every write is one transaction: a run and its provenance are inserted together or not at all,
 * and deleted together. Busy or locked errors are retried until the busy timeout has passed. A
 * store holds one JDBC connection; its methods are synchronized, so one store may be shared by
 * threads, and separate stores (or processes) on one file are safe too.
 */
public final class RunStore implements AutoCloseable {

    /** Where the CLI keeps the store unless told otherwise: {@code runs/occam.db}. */
    public static final Path DEFAULT_DB = Path.of("runs", "occam.db");

    /**
     * What differs between the databases the store knows.
     */
    public enum Dialect {
        /** Embedded SQLite ({@code jdbc:sqlite:}): pragmas, WAL, {@code BEGIN IMMEDIATE}. */
        SQLITE,
        /** A PostgreSQL server ({@code jdbc:postgresql:}): {@code jsonb} provenance, {@code COLLATE "C"} text. */
        POSTGRESQL,
        /** Any other JDBC database: portable SQL only. */
        OTHER;

        /**
         * @param jdbcUrl a JDBC URL
         * @return its dialect
         */
        public static Dialect of(String jdbcUrl) {
            if (jdbcUrl.startsWith("jdbc:sqlite:")) {
                return SQLITE;
            }
            return jdbcUrl.startsWith("jdbc:postgresql:") ? POSTGRESQL : OTHER;
        }

        /** The SQL type of a text column. */
        String text() {
            return this == POSTGRESQL ? "TEXT COLLATE \"C\"" : "TEXT";
        }
    }

    /** One schema migration: the statements taking the schema from {@code version - 1} to {@code version}. */
    private record Migration(int version, String description, java.util.function.Function<Dialect, List<String>> statements) {}

    /**
     * The migrations, in order; migration i (1-based) has version i. A store at version v gets
     * migrations v+1.. applied, each in the transaction that records its version. Never edit a
     * released migration: append one.
     */
    private static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "runs and their provenance", d -> List.of(
                    "CREATE TABLE IF NOT EXISTS runs ("
                            + RunColumn.upTo(1).stream().map(c -> c.ddl(d)).collect(Collectors.joining(", ")) + ")",
                    "CREATE TABLE IF NOT EXISTS run_provenance (run_id " + d.text() + " PRIMARY KEY REFERENCES runs (run_id), "
                            + "provenance_json " + (d == Dialect.POSTGRESQL ? "jsonb" : "TEXT") + " NOT NULL)",
                    "CREATE INDEX IF NOT EXISTS runs_created ON runs (created)")),
            new Migration(2, "index for per-experiment listings", d -> List.of(
                    "CREATE INDEX IF NOT EXISTS runs_experiment ON runs (experiment, config_sha256)")),
            new Migration(3, "status and reason of failed and diverged runs; earlier rows are FINISHED", d -> List.of(
                    "ALTER TABLE runs ADD COLUMN " + RunColumn.STATUS.ddl(d) + " DEFAULT '" + RunSummary.FINISHED + "'",
                    "ALTER TABLE runs ADD COLUMN " + RunColumn.REASON.ddl(d))));

    /** The schema version this class creates and reads. */
    public static final int SCHEMA_VERSION = 3;

    /** How long an operation waits for another process's lock before failing: 30 s. */
    public static final Duration BUSY_TIMEOUT = Duration.ofSeconds(30);

    private static final String SCHEMA_COMPONENT = "run-store";
    /** PostgreSQL advisory lock key held while the schema is created or migrated ("occam" in ASCII). */
    private static final long SCHEMA_LOCK_KEY = 0x6f6363616dL;
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_CONSTRAINT = 19;

    private static final String COLUMNS = RunColumn.ALL.stream().map(c -> c.column).collect(Collectors.joining(", "));

    /**
     * What SELECTs read from: the {@code runs} table, or for a read-only file of an older schema a
     * view of it with the later columns' defaults, under the same name.
     */
    private String runsSource() {
        if (schemaVersion >= SCHEMA_VERSION) {
            return "runs";
        }
        String columns = RunColumn.ALL.stream()
                .map(c -> c.since <= schemaVersion ? c.column
                        : c == RunColumn.STATUS ? "'" + RunSummary.FINISHED + "' AS status" : "NULL AS " + c.column)
                .collect(Collectors.joining(", "));
        return "(SELECT " + columns + " FROM runs) AS runs";
    }

    private final String url;
    private final Dialect dialect;
    private final boolean sqlite;
    private final Connection connection;
    private boolean closed;
    /** The schema version of the database as opened (older only for a read-only SQLite file). */
    private int schemaVersion = SCHEMA_VERSION;

    private RunStore(String url, Dialect dialect, Connection connection) {
        this.url = url;
        this.dialect = dialect;
        this.sqlite = dialect == Dialect.SQLITE;
        this.connection = connection;
    }

    /**
     * Opens (creating if absent) the SQLite store file, creating its parent directories and the
     * schema as needed, and switches it to WAL mode.
     * @param dbFile the database file, e.g. {@link #DEFAULT_DB}
     * @return the open store; close it when done
     * @throws UncheckedIOException if the parent directories cannot be created
     * @throws IllegalArgumentException if the path contains {@code ?} (which the JDBC URL would
     *         read as the start of its options)
     * @throws RunStoreException if the database cannot be opened or its schema is newer than this Occam's
     */
    public static RunStore open(Path dbFile) {
        Objects.requireNonNull(dbFile, "dbFile");
        Path absolute = dbFile.toAbsolutePath().normalize();
        if (absolute.toString().contains("?")) {
            throw new IllegalArgumentException("run store path must not contain '?': " + absolute);
        }
        try {
            if (absolute.getParent() != null) {
                Files.createDirectories(absolute.getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of run store " + absolute, e);
        }
        return connect("jdbc:sqlite:" + absolute);
    }

    /**
     * System property naming a directory where sqlite-jdbc's native library is kept once extracted
     * (the launcher sets it to {@code target/native} beside the jar); without it sqlite-jdbc
     * extracts the library to a temporary file on every start, as it does by default.
     */
    public static final String NATIVE_CACHE = "occam.sqliteNativeCache";

    /**
     * Points sqlite-jdbc at its native library kept in {@code cacheDir} (its documented
     * {@code org.sqlite.lib.path} and {@code org.sqlite.lib.name} properties), extracting it there
     * first if the kept copy is missing or differs from the one in sqlite-jdbc's jar (size and
     * CRC-32 of the jar entry; the directory is named by sqlite-jdbc's version and that CRC). A copy
     * is written to a temporary name and moved into place, so a concurrent process never loads half a
     * file. Does nothing when the properties are already set, when the jar has no library for this
     * platform, or when anything fails (sqlite-jdbc then extracts the library itself, as usual).
     * @param cacheDir the directory, or null for none
     * @return the library file used, or null when sqlite-jdbc is left to extract it itself
     */
    static Path useNativeLibraryCache(String cacheDir) {
        if (cacheDir == null || cacheDir.isEmpty() || System.getProperty("org.sqlite.lib.path") != null
                || System.getProperty("org.sqlite.lib.name") != null) {
            return null;
        }
        try {
            String name = org.sqlite.util.LibraryLoaderUtil.getNativeLibName();
            String resource = org.sqlite.util.LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name;
            java.net.URL url = org.sqlite.SQLiteJDBCLoader.class.getResource(resource);
            if (url == null || !(url.openConnection() instanceof java.net.JarURLConnection jar)) {
                return null;
            }
            jar.setUseCaches(true);
            java.util.jar.JarEntry entry = jar.getJarEntry();
            if (entry == null || entry.getCrc() < 0 || entry.getSize() < 0) {
                return null;
            }
            Path dir = Path.of(cacheDir).toAbsolutePath().resolve("sqlite-jdbc-" + org.sqlite.SQLiteJDBCLoader.getVersion()
                    + "-" + Long.toHexString(entry.getCrc()) + resource.substring(0, resource.lastIndexOf('/')).replace("/org/sqlite/native", ""));
            Path file = dir.resolve(name);
            if (!intact(file, entry)) {
                Files.createDirectories(dir);
                Path temp = Files.createTempFile(dir, "." + name + ".", ".tmp");
                try {
                    try (java.io.InputStream in = jar.getInputStream()) {
                        Files.copy(in, temp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                    Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(temp);
                }
                if (!intact(file, entry)) {
                    return null;
                }
            }
            System.setProperty("org.sqlite.lib.path", dir.toString());
            System.setProperty("org.sqlite.lib.name", name);
            return file;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static boolean intact(Path file, java.util.jar.JarEntry entry) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) != entry.getSize()) {
            return false;
        }
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(Files.readAllBytes(file));
        return crc.getValue() == entry.getCrc();
    }

    /**
     * Prepares the SQLite driver on a background thread: loads the JDBC drivers
     * ({@link DriverManager}'s service scan) and sqlite-jdbc's native library (which sqlite-jdbc
     * extracts from its jar on every start), the part of {@link #open(Path)} that touches no
     * store, so that it overlaps what the caller does meanwhile (reading the config). Nothing is
     * created or opened; a later {@link #open(Path)} does all of its own work, and a native
     * library that cannot be loaded fails it with sqlite-jdbc's own error (its loader retries
     * after a failure, so the warm-up cannot change that error).
     * @return the running warm-up; {@linkplain Warmup#await() wait} for it before the process ends
     */
    public static org.occam.experiments.Warmup warmUpSqlite() {
        return org.occam.experiments.Warmup.start("occam-store-warmup", () -> {
            useNativeLibraryCache(System.getProperty(NATIVE_CACHE));
            DriverManager.getDrivers();
            try {
                org.sqlite.SQLiteJDBCLoader.initialize();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /**
     * Opens an existing SQLite store file for reading only: nothing is created or changed (no
     * directory, no file, no schema, no journal-mode switch), so a mistyped path is an error and a
     * read-only file can be queried.
     * @param dbFile the database file
     * @return the open store; {@link #insert} and {@link #delete} on it fail
     * @throws IllegalArgumentException if the file does not exist, or the path contains {@code ?}
     * @throws RunStoreException if it is not an Occam run store or its schema is newer than this Occam's
     */
    public static RunStore openReadOnly(Path dbFile) {
        Objects.requireNonNull(dbFile, "dbFile");
        Path absolute = dbFile.toAbsolutePath().normalize();
        if (absolute.toString().contains("?")) {
            throw new IllegalArgumentException("run store path must not contain '?': " + absolute);
        }
        if (!Files.isRegularFile(absolute)) {
            throw new IllegalArgumentException("no run store at " + absolute + " (no run recorded there yet, or a mistyped --out or --store)");
        }
        // Only SELECTs are ever run. A writable file is opened without the create flag (so SQLite
        // can clean up its WAL side files on close); a read-only one read-only, and if SQLite cannot
        // share it that way (a WAL database in a read-only directory), as an immutable file.
        String url = "jdbc:sqlite:" + absolute;
        boolean writable = Files.isWritable(absolute) && absolute.getParent() != null && Files.isWritable(absolute.getParent());
        Connection connection;
        try {
            connection = readConnection(url, writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY);
        } catch (SQLException e) {
            if (writable) {
                throw new RunStoreException("run store " + url + ": cannot open for reading: " + e.getMessage(), e);
            }
            try {
                connection = readConnection("jdbc:sqlite:" + absolute.toUri() + "?immutable=1", SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
            } catch (SQLException again) {
                again.addSuppressed(e);
                throw new RunStoreException("run store " + url + ": cannot open for reading: " + again.getMessage(), again);
            }
        }
        RunStore store = new RunStore(url, Dialect.SQLITE, connection);
        try {
            store.withRetry("check the schema", store::checkSchemaReadOnly);
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private static final int SQLITE_OPEN_READONLY = 0x1;
    private static final int SQLITE_OPEN_READWRITE = 0x2;
    private static final int SQLITE_OPEN_URI = 0x40;

    private static Connection readConnection(String url, int openMode) throws SQLException {
        useNativeLibraryCache(System.getProperty(NATIVE_CACHE));
        Properties properties = new Properties();
        properties.setProperty("busy_timeout", Long.toString(BUSY_TIMEOUT.toMillis()));
        properties.setProperty("open_mode", Integer.toString(openMode));
        return DriverManager.getConnection(url, properties);
    }

    private Void checkSchemaReadOnly() throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT version FROM occam_schema WHERE component = ?")) {
            select.setString(1, SCHEMA_COMPONENT);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    throw new RunStoreException("run store " + url + " has no Occam schema version; not an Occam run store", null);
                }
                int version = rows.getInt(1);
                if (version > SCHEMA_VERSION) {
                    throw new RunStoreException("run store " + url + " has schema version " + version
                            + ", newer than this Occam's " + SCHEMA_VERSION + "; use a newer Occam", null);
                }
                // A read-only store is not migrated; rows of an older schema read with the defaults
                // its migrations would have given them (status FINISHED, no reason).
                schemaVersion = version;
            }
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().contains("no such table")) {
                throw new RunStoreException("run store " + url + ": not an Occam run store (" + e.getMessage() + ")", e);
            }
            throw e;
        }
        return null;
    }

    /**
     * Connects to the store at a JDBC URL, creating the schema if absent. For {@code jdbc:sqlite:}
     * URLs this also sets the busy timeout, turns foreign keys on and switches to WAL mode (an
     * in-memory database keeps its {@code memory} journal); other databases need their driver on
     * the class path.
     * @param jdbcUrl e.g. {@code jdbc:sqlite:/data/runs/occam.db} or {@code jdbc:postgresql://host/occam?user=...}
     * @return the open store; close it when done
     * @throws RunStoreException if the database cannot be reached, WAL mode cannot be set, or its
     *         schema is newer than this Occam's
     */
    public static RunStore connect(String jdbcUrl) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Dialect dialect = Dialect.of(jdbcUrl);
        boolean sqlite = dialect == Dialect.SQLITE;
        Connection connection;
        try {
            Properties properties = new Properties();
            if (sqlite) {
                useNativeLibraryCache(System.getProperty(NATIVE_CACHE));
                properties.setProperty("busy_timeout", Long.toString(BUSY_TIMEOUT.toMillis()));
                properties.setProperty("foreign_keys", "true");
            }
            connection = DriverManager.getConnection(jdbcUrl, properties);
        } catch (SQLException e) {
            throw new RunStoreException("run store " + redact(jdbcUrl) + ": cannot connect: " + oneLine(e.getMessage()), e);
        }
        RunStore store = new RunStore(jdbcUrl, dialect, connection);
        try {
            if (sqlite) {
                store.withRetry("switch to WAL mode", store::setUpSqlite);
            }
            store.inTransaction("create or check the schema", store::createSchema);
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * The field names a {@link #query(List) where clause} may use: every {@link RunSummary}
     * component, then {@code penalty}. For the CLI's help and error messages.
     * @return the valid field names
     */
    public static List<String> whereFields() {
        return WhereClause.fields();
    }

    /**
     * The JDBC URL this store is connected to.
     * @return the URL
     */
    public String url() {
        return url;
    }

    /**
     * The database kind this store talks to.
     * @return the dialect
     */
    public Dialect dialect() {
        return dialect;
    }

    /**
     * A JDBC URL with any {@code password=} value masked, for messages.
     * @param jdbcUrl a URL
     * @return the URL without its password
     */
    public static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ");
    }

    /**
     * Inserts a run's summary row and its provenance in one transaction: both rows are written or
     * neither is.
     * @param summary the run's summary; its run id must be new to this store
     * @param provenanceJson the run's full provenance as JSON, stored verbatim
     * @throws IllegalArgumentException if the run id is blank or already stored (the message names
     *         the id), {@code created} is outside the years 0000–9999, a double is NaN, or
     *         {@code epochsRun} is negative
     * @throws RunStoreException if the database fails (nothing is written then either)
     */
    public synchronized void insert(RunSummary summary, String provenanceJson) {
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(provenanceJson, "provenanceJson of run " + summary.runId());
        validate(summary);
        inTransaction("insert run '" + summary.runId() + "'", () -> {
            if (exists(summary.runId())) {
                throw duplicate(summary.runId());
            }
            String placeholders = RunColumn.ALL.stream().map(c -> "?").collect(Collectors.joining(", "));
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO runs (" + COLUMNS + ") VALUES (" + placeholders + ")")) {
                int index = 1;
                for (RunColumn column : RunColumn.ALL) {
                    bind(insert, index++, column, column.getter.apply(summary));
                }
                insert.executeUpdate();
            } catch (SQLException e) {
                if (isConstraintViolation(e)) {
                    // Another writer won a race the check above could not see (non-SQLite databases).
                    throw duplicate(summary.runId());
                }
                throw e;
            }
            try (PreparedStatement insert = connection.prepareStatement(dialect == Dialect.POSTGRESQL
                    ? "INSERT INTO run_provenance (run_id, provenance_json) VALUES (?, CAST(? AS jsonb))"
                    : "INSERT INTO run_provenance (run_id, provenance_json) VALUES (?, ?)")) {
                insert.setString(1, summary.runId());
                insert.setString(2, provenanceJson);
                insert.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Inserts a run like {@link #insert} unless its run id is already stored: the idempotent insert
     * for writers that may repeat themselves (a retried or speculative Spark task, several executors
     * racing on one run). An existing row is left exactly as it is.
     * @param summary the run's summary
     * @param provenanceJson the run's full provenance as JSON
     * @return true if this call inserted the run, false if the store already had it
     * @throws IllegalArgumentException for an invalid summary (as {@link #insert})
     * @throws RunStoreException if the database fails
     */
    public synchronized boolean insertIfAbsent(RunSummary summary, String provenanceJson) {
        Objects.requireNonNull(summary, "summary");
        if (find(summary.runId()).isPresent()) {
            return false;
        }
        try {
            insert(summary, provenanceJson);
            return true;
        } catch (IllegalArgumentException e) {
            if (find(summary.runId()).isPresent()) {
                return false; // another writer inserted it between the look-up and the insert
            }
            throw e;
        }
    }

    /**
     * Looks a run up by id.
     * @param runId the run id
     * @return its summary, or empty if the store has no such run
     * @throws RunStoreException if the database fails
     */
    public synchronized Optional<RunSummary> find(String runId) {
        Objects.requireNonNull(runId, "runId");
        return withRetry("find run '" + runId + "'", () -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM " + runsSource() + " WHERE run_id = ?")) {
                select.setString(1, runId);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(read(rows)) : Optional.empty();
                }
            }
        });
    }

    /**
     * A run's provenance JSON: exactly as inserted, except on PostgreSQL, whose {@code jsonb}
     * returns the same JSON value in its own normal form (key order and spacing).
     * @param runId the run id
     * @return the JSON, or empty if the store has no such run
     * @throws RunStoreException if the database fails
     */
    public synchronized Optional<String> provenance(String runId) {
        Objects.requireNonNull(runId, "runId");
        return withRetry("read the provenance of run '" + runId + "'", () -> {
            try (PreparedStatement select = connection.prepareStatement(
                    dialect == Dialect.POSTGRESQL
                            ? "SELECT provenance_json::text FROM run_provenance WHERE run_id = ?"
                            : "SELECT provenance_json FROM run_provenance WHERE run_id = ?")) {
                select.setString(1, runId);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /**
     * Deletes a run's summary and provenance in one transaction.
     * @param runId the run id
     * @return true if the run was stored (and is now gone), false if there was no such run
     * @throws RunStoreException if the database fails (nothing is deleted then)
     */
    public synchronized boolean delete(String runId) {
        Objects.requireNonNull(runId, "runId");
        return inTransaction("delete run '" + runId + "'", () -> {
            int deleted;
            try (PreparedStatement provenance = connection.prepareStatement("DELETE FROM run_provenance WHERE run_id = ?");
                 PreparedStatement run = connection.prepareStatement("DELETE FROM runs WHERE run_id = ?")) {
                provenance.setString(1, runId);
                provenance.executeUpdate();
                run.setString(1, runId);
                deleted = run.executeUpdate();
            }
            return deleted > 0;
        });
    }

    /**
     * The runs matching every clause (logical AND), oldest first (by {@code created}, then run id);
     * no clauses list every run. Each clause is {@code <field><operator><value>}:
     * <ul>
     *   <li><b>field</b>: a {@link RunSummary} component name ({@link #whereFields()}), case-insensitive,
     *       underscores ignored (so {@code testAccuracy}, {@code TESTACCURACY} and the column name
     *       {@code test_accuracy} are one field); or {@code penalty}, see below.</li>
     *   <li><b>operator</b>: {@code = != < <= > >=}. Numeric fields ({@code lambda}, the metrics,
     *       {@code seed}, {@code epochsRun}) and {@code created} take all six; text fields take
     *       {@code =} and {@code !=} only.</li>
     *   <li><b>value</b>: the rest of the clause, trimmed. Doubles are decimal or scientific
     *       ({@code 0.01}, {@code 1e-3}); they are compared as stored doubles, so {@code lambda=0.01}
     *       matches exactly the runs whose λ was the double nearest 0.01, as a config's "0.01" is.
     *       {@code seed} and {@code epochsRun} are integers. {@code created} is an ISO-8601 instant
     *       ({@code 2024-05-01T12:00:00Z}) or date ({@code 2024-05-01}: its start, UTC). Text is
     *       compared exactly, except {@code task} and {@code convention} (enum names), which ignore
     *       case. {@code null} (any case) in a nullable field means SQL NULL: {@code testAccuracy=null}
     *       selects runs without a test accuracy, {@code != null} those with one.</li>
     *   <li>{@code !=} keeps runs where the field is null: {@code lambda!=0.01} includes runs without
     *       a penalty. The ordering operators never match null.</li>
     *   <li>{@code penalty=X} matches runs whose comma-separated {@code penaltyTypes} has an element
     *       equal to {@code X} ignoring case and spaces: {@code penalty=L1} matches {@code L1} and
     *       {@code L1,L2}, never {@code ElasticNet} or {@code L1Prox}; {@code penalty!=X} is its
     *       complement. {@code penalty=none} matches runs without a penalty (empty or null
     *       {@code penaltyTypes}). {@code penaltyTypes=L1,L2}, like every component name, compares
     *       the whole stored text.</li>
     * </ul>
     * Values only ever reach the database as statement parameters.
     * @param whereClauses the clauses, e.g. {@code ["penalty=L2", "lambda>=0.001", "dataset=moons_n200"]}
     * @return the matching runs, oldest first
     * @throws IllegalArgumentException for a bad clause (unknown field, missing or bad operator, an
     *         ordering operator on a text field, a value not of the field's type), naming the clause
     *         and listing the valid fields; nothing is queried then
     * @throws RunStoreException if the database fails
     */
    public synchronized List<RunSummary> query(List<String> whereClauses) {
        Objects.requireNonNull(whereClauses, "whereClauses");
        List<WhereClause> conditions = whereClauses.stream().map(WhereClause::parse).toList();
        String where = conditions.isEmpty() ? ""
                : " WHERE " + conditions.stream().map(WhereClause::sql).collect(Collectors.joining(" AND "));
        String sql = "SELECT " + COLUMNS + " FROM " + runsSource() + where + " ORDER BY created, run_id";
        return withRetry("query runs " + whereClauses, () -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                int index = 1;
                for (WhereClause condition : conditions) {
                    for (Object parameter : condition.parameters()) {
                        bindParameter(select, index++, parameter);
                    }
                }
                List<RunSummary> runs = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        runs.add(read(rows));
                    }
                }
                return runs;
            }
        });
    }

    /**
     * Closes the connection; later calls fail with {@link IllegalStateException}. Closing twice is
     * harmless.
     * @throws RunStoreException if the driver fails to close
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            connection.close();
        } catch (SQLException e) {
            throw new RunStoreException("run store " + url + ": cannot close: " + e.getMessage(), e);
        }
    }

    /**
     * Names the store by its JDBC URL.
     * @return {@code RunStore(<url>)}
     */
    @Override
    public String toString() {
        return "RunStore(" + url + ")";
    }

    // ---- setup -------------------------------------------------------------------------------

    /** SQLite only: WAL, so readers never block the writer and writers queue on the busy timeout. */
    private Void setUpSqlite() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet mode = statement.executeQuery("PRAGMA journal_mode = WAL")) {
            String journal = mode.next() ? mode.getString(1).toLowerCase(Locale.ROOT) : "";
            if (!journal.equals("wal") && !journal.equals("memory")) {
                throw new RunStoreException("run store " + url + ": cannot switch to WAL mode (journal mode is '"
                        + journal + "'); is the file on a network file system?", null);
            }
        }
        return null;
    }

    /**
     * Creates the version table, reads the version and applies the missing migrations in order;
     * refuses a schema newer than this class's. Runs in one transaction (on PostgreSQL under an
     * advisory lock, so processes creating the schema at once queue instead of colliding).
     */
    private Void createSchema() throws SQLException {
        if (dialect == Dialect.POSTGRESQL) {
            try (Statement statement = connection.createStatement();
                 ResultSet ignored = statement.executeQuery("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK_KEY + ")")) {
                // held until the transaction ends
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("CREATE TABLE IF NOT EXISTS occam_schema ("
                    + "component " + dialect.text() + " PRIMARY KEY, version INTEGER NOT NULL)");
        }
        int version = 0;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT version FROM occam_schema WHERE component = ?")) {
            select.setString(1, SCHEMA_COMPONENT);
            try (ResultSet rows = select.executeQuery()) {
                if (rows.next()) {
                    version = rows.getInt(1);
                }
            }
        }
        if (version > SCHEMA_VERSION) {
            throw new RunStoreException("run store " + redact(url) + " has schema version " + version
                    + ", newer than this Occam's " + SCHEMA_VERSION + "; use a newer Occam", null);
        }
        for (Migration migration : MIGRATIONS.subList(version, MIGRATIONS.size())) {
            try (Statement statement = connection.createStatement()) {
                for (String sql : migration.statements().apply(dialect)) {
                    statement.executeUpdate(sql);
                }
            }
        }
        if (version < SCHEMA_VERSION) {
            try (PreparedStatement write = connection.prepareStatement(version == 0
                    ? "INSERT INTO occam_schema (version, component) VALUES (?, ?)"
                    : "UPDATE occam_schema SET version = ? WHERE component = ?")) {
                write.setInt(1, SCHEMA_VERSION);
                write.setString(2, SCHEMA_COMPONENT);
                write.executeUpdate();
            }
        }
        return null;
    }

    // ---- transactions and retries --------------------------------------------------------------

    /** A unit of JDBC work. */
    @FunctionalInterface
    private interface Work<T> {
        T run() throws SQLException;
    }

    /** Runs work in one transaction (SQLite: BEGIN IMMEDIATE, so it queues for the write lock up front). */
    private <T> T inTransaction(String what, Work<T> work) {
        return withRetry(what, () -> {
            begin();
            try {
                T result = work.run();
                commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        });
    }

    private void begin() throws SQLException {
        if (sqlite) {
            // sqlite-jdbc's own transactions re-BEGIN right after each commit/rollback, which would
            // hold or wait for the write lock between operations; plain statements do not.
            execute("BEGIN IMMEDIATE");
        } else {
            connection.setAutoCommit(false);
        }
    }

    private void commit() throws SQLException {
        if (sqlite) {
            execute("COMMIT");
        } else {
            connection.commit();
            connection.setAutoCommit(true);
        }
    }

    /**
     * Ends the open transaction without its changes. (SQLite rolls some failures, such as a full
     * disk, back by itself; the ROLLBACK then fails and is attached to the original as suppressed.)
     */
    private void rollback() throws SQLException {
        if (sqlite) {
            execute("ROLLBACK");
        } else {
            connection.rollback();
            connection.setAutoCommit(true);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Runs work, retrying busy/locked/serialization failures until the busy timeout has passed. */
    private <T> T withRetry(String what, Work<T> work) {
        if (closed) {
            throw new IllegalStateException("run store " + url + " is closed; cannot " + what);
        }
        long deadline = System.nanoTime() + BUSY_TIMEOUT.toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                return work.run();
            } catch (SQLException e) {
                if (!isRetryable(e) || System.nanoTime() > deadline) {
                    throw new RunStoreException("run store " + redact(url) + ": cannot " + what
                            + (attempt > 1 ? " (after " + attempt + " attempts)" : "") + ": " + oneLine(e.getMessage()), e);
                }
                sleep(Math.min(200L, 5L * attempt));
            }
        }
    }

    private boolean isRetryable(SQLException e) {
        if (sqlite && (e.getErrorCode() == SQLITE_BUSY || e.getErrorCode() == SQLITE_LOCKED)) {
            return true;
        }
        String state = e.getSQLState();
        return "40001".equals(state) || "40P01".equals(state); // serialization failure, deadlock
    }

    private boolean isConstraintViolation(SQLException e) {
        String state = e.getSQLState();
        return (sqlite && e.getErrorCode() == SQLITE_CONSTRAINT) || (state != null && state.startsWith("23"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunStoreException("interrupted while waiting for the run store lock", e);
        }
    }

    // ---- rows ---------------------------------------------------------------------------------

    private static void validate(RunSummary summary) {
        String id = summary.runId();
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("run id must be non-blank, found '" + id + "'");
        }
        if (summary.created() == null) {
            throw new IllegalArgumentException("run '" + id + "': created must be non-null");
        }
        try {
            RunColumn.formatInstant(summary.created());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("run '" + id + "': created: " + e.getMessage(), e);
        }
        if (!RunSummary.STATUSES.contains(summary.status())) {
            throw new IllegalArgumentException("run '" + id + "': status must be one of " + RunSummary.STATUSES
                    + ", found '" + summary.status() + "'");
        }
        if (summary.reason() != null && summary.reason().contains("\n")) {
            throw new IllegalArgumentException("run '" + id + "': reason must be one line");
        }
        if (summary.epochsRun() < 0) {
            throw new IllegalArgumentException("run '" + id + "': epochsRun must be >= 0, found " + summary.epochsRun());
        }
        for (RunColumn column : RunColumn.ALL) {
            if (column.kind == RunColumn.Kind.DOUBLE && column.getter.apply(summary) instanceof Double d && d.isNaN()) {
                throw new IllegalArgumentException("run '" + id + "': " + column.field
                        + " is NaN; store null for a metric that is undefined");
            }
        }
    }

    private boolean exists(String runId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM runs WHERE run_id = ?")) {
            select.setString(1, runId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    private IllegalArgumentException duplicate(String runId) {
        return new IllegalArgumentException("run id '" + runId + "' is already in run store " + url);
    }

    private static void bind(PreparedStatement statement, int index, RunColumn column, Object value) throws SQLException {
        switch (column.kind) {
            case TEXT -> {
                if (value == null) {
                    statement.setNull(index, Types.VARCHAR);
                } else {
                    statement.setString(index, (String) value);
                }
            }
            case INSTANT -> statement.setString(index, RunColumn.formatInstant((Instant) value));
            case DOUBLE -> {
                if (value == null) {
                    statement.setNull(index, Types.DOUBLE);
                } else {
                    statement.setDouble(index, (Double) value);
                }
            }
            case BIGINT -> statement.setLong(index, (Long) value);
            case INTEGER -> statement.setInt(index, (Integer) value);
            default -> throw new IllegalStateException("unhandled column kind " + column.kind);
        }
    }

    private static void bindParameter(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value instanceof String s) {
            statement.setString(index, s);
        } else if (value instanceof Double d) {
            statement.setDouble(index, d);
        } else if (value instanceof Long l) {
            statement.setLong(index, l);
        } else if (value instanceof Integer i) {
            statement.setInt(index, i);
        } else {
            throw new IllegalStateException("unhandled parameter type " + value.getClass());
        }
    }

    private static RunSummary read(ResultSet rows) throws SQLException {
        return new RunSummary(
                rows.getString("run_id"),
                RunColumn.parseInstant(rows.getString("created")),
                rows.getString("experiment"),
                rows.getString("config_sha256"),
                rows.getString("dataset"),
                rows.getString("dataset_sha256"),
                rows.getString("task"),
                rows.getString("penalty_types"),
                nullableDouble(rows, "lambda"),
                rows.getString("lambdas"),
                rows.getString("convention"),
                rows.getLong("seed"),
                rows.getInt("epochs_run"),
                rows.getString("stop_reason"),
                nullableDouble(rows, "train_accuracy"),
                nullableDouble(rows, "validation_accuracy"),
                nullableDouble(rows, "test_accuracy"),
                nullableDouble(rows, "test_macro_f1"),
                nullableDouble(rows, "train_mse"),
                nullableDouble(rows, "validation_mse"),
                nullableDouble(rows, "test_mse"),
                nullableDouble(rows, "test_r2"),
                nullableDouble(rows, "generalization_gap"),
                rows.getString("record_path"),
                rows.getString("status"),
                rows.getString("reason"));
    }

    private static Double nullableDouble(ResultSet rows, String column) throws SQLException {
        double value = rows.getDouble(column);
        return rows.wasNull() ? null : value;
    }
}
