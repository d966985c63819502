package org.occam.spark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.experiments.cli.OccamCommand;
import org.occam.experiments.sweep.SweepRunner;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code -Pspark-app} application jar (run after package, in that profile only): Occam, Tribuo
 * and both JDBC drivers inside, no Spark or Scala class, the service files merged; and
 * {@code spark-submit --class org.occam.experiments.cli.OccamCommand app.jar sweep ...} (Spark's own
 * {@code SparkSubmit}, with Occam and Tribuo only from the jar) runs a sweep.
 */
class SparkAppJarIT {
    private static final Path JAR = Path.of("target", "occam-spark-app.jar");

    @TempDir
    Path dir;

    @Test
    void applicationJarHasOccamAndTribuoButNoSpark() throws Exception {
        assertTrue(Files.isRegularFile(JAR), JAR + " (mvn -Pspark-app package)");
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> names = jar.stream().map(e -> e.getName()).toList();
            assertFalse(names.stream().anyMatch(n -> n.startsWith("org/apache/spark/")), "no Spark class");
            assertFalse(names.stream().anyMatch(n -> n.startsWith("scala/")), "no Scala class");
            assertFalse(names.stream().anyMatch(n -> n.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)")), "no signature file");
            for (String c : List.of("org/occam/experiments/cli/OccamCommand.class", "org/occam/spark/SparkSweepEngine.class",
                    "org/occam/core/math/Gemm.class", "org/tribuo/Model.class", "org/tribuo/classification/Label.class",
                    "org/postgresql/Driver.class", "org/sqlite/JDBC.class")) {
                assertTrue(names.contains(c), c);
            }
            assertEquals(OccamCommand.class.getName(), jar.getManifest().getMainAttributes().getValue("Main-Class"));
            String engines = new String(jar.getInputStream(jar.getEntry("META-INF/services/" + SweepRunner.EngineProvider.class.getName()))
                    .readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(engines.contains(SparkEngineProvider.class.getName()), engines);
            String drivers = new String(jar.getInputStream(jar.getEntry("META-INF/services/java.sql.Driver")).readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(drivers.contains("org.sqlite.JDBC") && drivers.contains("org.postgresql.Driver"), drivers);
        }
    }

    @Test
    void sparkSubmitRunsASweepFromTheApplicationJar() throws Exception {
        // Spark and its libraries from this class path; Occam, Tribuo and OLCUT only from the jar,
        // which SparkSubmit loads itself (as the spark-submit script does: not on the JVM's class path).
        List<String> classPath = new ArrayList<>();
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("/occam-") && !e.contains("/target/") && !e.contains("/org/tribuo/")
                        && !e.contains("/com/oracle/labs/olcut/"))
                .forEach(classPath::add);
        Path out = dir.resolve("runs");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
        command.addAll(SweepChecks.jvmFlags());
        command.addAll(List.of("--add-modules", "jdk.incubator.vector", "-cp", String.join(File.pathSeparator, classPath),
                "org.apache.spark.deploy.SparkSubmit", "--master", "local[2]", "--class", OccamCommand.class.getName(),
                "--conf", "spark.driver.bindAddress=127.0.0.1", "--conf", "spark.driver.host=127.0.0.1",
                JAR.toAbsolutePath().toString(),
                "sweep", SweepChecks.config(), "--grid", "l2.lambda=0.01,0.1", "--set", "trainer.epochs=2",
                "--engine", "spark", "--out", out.toString(), "--no-reports", "--quiet"));
        Path log = dir.resolve("submit.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertTrue(p.waitFor(180, TimeUnit.SECONDS), "spark-submit timed out");
        } finally {
            SweepChecks.kill(p);
        }
        assertEquals(0, p.exitValue(), () -> readQuietly(log));
        Path sweep = SweepChecks.sweepDir(out);
        SweepChecks.assertOneRowPerRecord("jdbc:sqlite:" + out.resolve("occam.db").toAbsolutePath(), sweep, 2);
    }

    private static String readQuietly(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
