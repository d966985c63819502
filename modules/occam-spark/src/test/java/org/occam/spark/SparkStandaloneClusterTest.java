package org.occam.spark;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.occam.experiments.store.TestDatabases.Backend;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A sweep on a real standalone Spark cluster on the loopback interface: a Master and two Worker
 * JVMs (one core, 512 MB each) started from the test class path, the sweep submitted through
 * {@code occam sweep --engine spark --master spark://127.0.0.1:PORT}. Its results are the local
 * sweep's, bit for bit, with one store row per run, and its tasks ran on both executors.
 */
class SparkStandaloneClusterTest {
    private static final List<Process> CHILDREN = new ArrayList<>();
    private static Path cluster;
    private static int masterPort;
    private static int masterUiPort;

    @TempDir
    Path dir;

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Process start(String name, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        command.addAll(SweepChecks.jvmFlags());
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(cluster.resolve(name + ".log").toFile());
        // Workers build executor commands with Spark's launcher, which wants SPARK_HOME/jars; the
        // executors' class path itself comes from spark.executor.extraClassPath (this class path).
        builder.environment().put("SPARK_HOME", cluster.resolve("spark-home").toString());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        Process p = builder.start();
        CHILDREN.add(p);
        return p;
    }

    private static String masterJson() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + masterUiPort + "/json/").toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(2000);
            try (var in = c.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            return "";
        }
    }

    private static String logs() throws IOException {
        StringBuilder b = new StringBuilder();
        try (var files = Files.walk(cluster)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".log") || p.getFileName().toString().equals("stderr")).toList()) {
                String text = Files.readString(f);
                b.append("---- ").append(f).append('\n').append(text, Math.max(0, text.length() - 3000), text.length()).append('\n');
            }
        }
        return b.toString();
    }

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = Files.createTempDirectory("occam-spark-cluster-");
        Files.createDirectories(cluster.resolve("spark-home").resolve("jars"));
        masterPort = freePort();
        masterUiPort = freePort();
        start("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", Integer.toString(masterPort), "--webui-port", Integer.toString(masterUiPort)));
        for (int w = 1; w <= 2; w++) {
            start("worker-" + w, List.of("org.apache.spark.deploy.worker.Worker", "spark://127.0.0.1:" + masterPort,
                    "--host", "127.0.0.1", "--cores", "1", "--memory", "512m", "--webui-port", "0",
                    "--work-dir", Files.createDirectories(cluster.resolve("work-" + w)).toString()));
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        Pattern alive = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
        while (true) {
            Matcher m = alive.matcher(masterJson());
            if (m.find() && Integer.parseInt(m.group(1)) == 2) {
                return;
            }
            for (Process p : CHILDREN) {
                if (!p.isAlive()) {
                    fail("a cluster JVM exited (" + p.exitValue() + "):\n" + logs());
                }
            }
            if (System.nanoTime() > deadline) {
                fail("the cluster did not come up in 60 s:\n" + masterJson() + "\n" + logs());
            }
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void stopCluster() throws IOException {
        // Workers first (their executors are their children), then the master.
        for (int i = CHILDREN.size() - 1; i >= 0; i--) {
            SweepChecks.kill(CHILDREN.get(i));
        }
        CHILDREN.clear();
        if (cluster != null) {
            try (var files = Files.walk(cluster)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void sweepOnTwoWorkersMatchesTheLocalSweepAndUsesBothExecutors(Backend backend) throws Exception {
        // Executors in separate JVMs write the rows: into the SQLite file (one machine) or PostgreSQL.
        String url = backend == Backend.SQLITE ? null : backend.newUrl(dir);
        String[] grid = {"--grid", "l2.lambda=0.001,0.01,0.1,1", "--set", "trainer.epochs=3", "--no-reports", "--quiet"};
        Path local = dir.resolve("local");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("sweep", SweepChecks.config(), "--out", local.toString(), "--threads", "2"));
        args.addAll(List.of(grid));
        assertEquals(0, SweepChecks.cli(err, args.toArray(String[]::new)), err::toString);

        Map<String, String> props = new LinkedHashMap<>();
        props.put("spark.executor.extraClassPath", System.getProperty("java.class.path"));
        props.put("spark.executor.memory", "512m");
        props.put("spark.executor.extraJavaOptions", "-XX:+UseSerialGC");
        props.put("spark.executor.cores", "1");
        props.put("spark.cores.max", "2");
        // Start the tasks only once both executors are up, so they spread over both.
        props.put("spark.scheduler.minRegisteredResourcesRatio", "1.0");
        props.put("spark.scheduler.maxRegisteredResourcesWaitingTime", "60s");
        props.put("spark.driver.host", "127.0.0.1");
        props.put("spark.driver.bindAddress", "127.0.0.1");
        props.forEach(System::setProperty);
        List<String> messages = new ArrayList<>();
        Logger engineLog = Logger.getLogger(SparkSweepEngine.class.getName());
        Handler capture = new Handler() {
            @Override
            public synchronized void publish(LogRecord record) {
                messages.add(record.getMessage());
            }

            @Override
            public void flush() { }

            @Override
            public void close() { }
        };
        capture.setLevel(Level.ALL);
        engineLog.addHandler(capture);
        Path onCluster = dir.resolve("cluster");
        ByteArrayOutputStream clusterErr = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int code;
        try {
            args = new ArrayList<>(List.of("sweep", SweepChecks.config(), "--out", onCluster.toString(),
                    "--engine", "spark", "--master", "spark://127.0.0.1:" + masterPort, "--verbose"));
            args.addAll(List.of(grid));
            if (url != null) {
                args.addAll(List.of("--jdbc", url));
            }
            code = SweepChecks.cli(clusterErr, args.toArray(String[]::new));
        } finally {
            engineLog.removeHandler(capture);
            props.keySet().forEach(System::clearProperty);
        }
        assertEquals(0, code, () -> clusterErr + "\n" + safeLogs());
        System.out.printf("standalone cluster sweep of 4 runs: %.1f s%n", (System.nanoTime() - start) / 1e9);

        SweepChecks.assertSameResults(SweepChecks.sweepDir(local), SweepChecks.sweepDir(onCluster), 4);
        SweepChecks.assertOneRowPerRecord(url != null ? url : "jdbc:sqlite:" + onCluster.resolve("occam.db").toAbsolutePath(),
                SweepChecks.sweepDir(onCluster), 4);

        // Where the tasks ran, as the driver logged it: two executors (never the driver), each ran some.
        String summary = messages.stream().filter(m -> m.contains("tasks per executor")).findFirst()
                .orElseThrow(() -> new AssertionError("no executor summary logged: " + messages));
        Matcher m = Pattern.compile("tasks per executor \\{(.*)}").matcher(summary);
        assertTrue(m.find(), summary);
        Map<String, Integer> perExecutor = new LinkedHashMap<>();
        for (String entry : m.group(1).split(",\\s*")) {
            String[] kv = entry.split("=");
            perExecutor.put(kv[0], Integer.parseInt(kv[1]));
        }
        assertEquals(2, perExecutor.size(), summary);
        assertTrue(perExecutor.keySet().stream().noneMatch(e -> e.equals("driver") || e.equals("?")), summary);
        assertEquals(4, perExecutor.values().stream().mapToInt(Integer::intValue).sum(), summary);
        assertTrue(perExecutor.values().stream().allMatch(n -> n >= 1), summary);
    }

    private static String safeLogs() {
        try {
            return logs();
        } catch (IOException e) {
            return e.toString();
        }
    }
}
