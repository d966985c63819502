package org.occam.experiments.store;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The databases the run-store tests run against.
 *
 * <p>PostgreSQL: the server named by the environment variable {@value #PG_URL_ENV} (a JDBC URL to
 * an administrative database, e.g. {@code jdbc:postgresql://127.0.0.1:5433/postgres?user=postgres};
 * {@code .ci/run} starts one and sets it). Without it, a throwaway server is started once per JVM
 * from the Debian binaries under {@code /usr/lib/postgresql/<version>/bin} (initdb + pg_ctl, as the
 * {@code postgres} user when running as root) on a free loopback port, and stopped at exit. Each
 * test gets a fresh database of its own, dropped when the JVM exits. Without a server, tests abort (skip) — except under
 * {@code CI=true}, where a missing server is a failure.
 */
public final class TestDatabases {
    /** The environment variable naming the PostgreSQL server for the tests. */
    public static final String PG_URL_ENV = "OCCAM_TEST_PG_URL";

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final List<String> CREATED = new ArrayList<>();
    private static String adminUrl;
    private static String unavailable;

    private TestDatabases() {}

    /** The backends a run-store test runs against. */
    public enum Backend {
        /** An SQLite file in the test's temporary directory. */
        SQLITE,
        /** A fresh database on the test PostgreSQL server. */
        POSTGRESQL;

        /**
         * A JDBC URL of an empty store of this backend.
         * @param dir the test's temporary directory
         * @return the URL
         */
        public String newUrl(Path dir) {
            return this == SQLITE ? "jdbc:sqlite:" + dir.resolve("occam-" + DATABASES.incrementAndGet() + ".db").toAbsolutePath()
                    : freshPostgresDatabase();
        }
    }

    /**
     * Creates an empty PostgreSQL database on the test server.
     * @return its JDBC URL
     */
    public static synchronized String freshPostgresDatabase() {
        String admin = postgresAdminUrl();
        String name = "occam_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE DATABASE " + name);
            if (CREATED.isEmpty()) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> dropCreated(admin)));
            }
            CREATED.add(name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + " on " + admin + ": " + e.getMessage(), e);
        }
        return withDatabase(admin, name);
    }

    /** Drops this JVM's test databases (at exit, on a server that outlives the tests). */
    private static synchronized void dropCreated(String admin) {
        try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
            for (String name : CREATED) {
                s.executeUpdate("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            // best effort at exit; a throwaway server goes away anyway
        }
    }

    /** Replaces the database name in a {@code jdbc:postgresql://host:port/db?...} URL. */
    static String withDatabase(String url, String database) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        String options = query < 0 ? "" : url.substring(query);
        int slash = base.indexOf('/', "jdbc:postgresql://".length());
        return (slash < 0 ? base : base.substring(0, slash)) + "/" + database + options;
    }

    /**
     * The administrative URL of the test server, starting one when needed.
     * @return the URL
     */
    public static synchronized String postgresAdminUrl() {
        if (adminUrl != null) {
            return adminUrl;
        }
        String env = System.getenv(PG_URL_ENV);
        if (env != null && !env.isBlank()) {
            adminUrl = env;
            return adminUrl;
        }
        if (unavailable == null) {
            try {
                adminUrl = startThrowawayServer();
                return adminUrl;
            } catch (IOException | RuntimeException e) {
                unavailable = e.getMessage();
            }
        }
        String message = "no PostgreSQL server for the run-store tests: " + PG_URL_ENV + " is not set and " + unavailable;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message + " (CI=true: a missing server is a failure; .ci/run starts one)");
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    private static String startThrowawayServer() throws IOException {
        Path bin = findBinaries();
        Path dir = Files.createTempDirectory("occam-pg-");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            run(List.of("chown", "postgres", dir.toString()), dir);
        }
        Path data = dir.resolve("data");
        run(asServerUser(root, List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres",
                "-A", "trust", "--no-locale", "-E", "UTF8", "--no-sync")), dir);
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        run(asServerUser(root, List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                dir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", "start")), dir);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                run(asServerUser(root, List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "stop")), dir);
            } catch (IOException | RuntimeException e) {
                // best effort at exit
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // best effort at exit
            }
        }));
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    private static Path findBinaries() throws IOException {
        Path lib = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(lib)) {
            throw new IOException("no PostgreSQL binaries under " + lib + " (apt-get install postgresql)");
        }
        try (Stream<Path> versions = Files.list(lib)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(Path::toString))
                    .orElseThrow(() -> new IOException("no initdb under " + lib + "/*/bin"));
        }
    }

    private static List<String> asServerUser(boolean root, List<String> command) {
        if (!root) {
            return command;
        }
        List<String> out = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        out.addAll(command);
        return out;
    }

    private static void run(List<String> command, Path dir) throws IOException {
        Path log = dir.resolve("command.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + Files.readString(log).strip());
        }
    }
}
