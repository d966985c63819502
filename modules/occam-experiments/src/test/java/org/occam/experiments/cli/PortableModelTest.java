package org.occam.experiments.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.portable.LoadAndPredictMain;
import org.tribuo.Model;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model file written by {@code occam run} loads and predicts in a JVM whose class path holds only
 * Tribuo (with its own dependencies: OLCUT, protobuf) and Occam's model modules: core,
 * regularizers, classification, regression. Nothing of the experiments, report or CLI modules.
 */
public class PortableModelTest {
    /** Class-path entries a model user has: Occam's model modules and Tribuo with what it needs. */
    private static final Pattern MODEL_CLASS_PATH = Pattern.compile(
            ".*/occam-(core|regularizers|classification|regression)(/target/classes|/target/occam-[a-z]+-[^/]*(?<!-tests)\\.jar|-[^/]*(?<!-tests)\\.jar)$"
            + "|.*/org/tribuo/[^/]+/[^/]+/tribuo-[a-z-]+-[0-9.]+\\.jar$"
            + "|.*/com/oracle/labs/olcut/.*\\.jar$"
            + "|.*/com/google/protobuf/.*\\.jar$");

    @TempDir
    Path out;

    @Test
    public void aClassificationRunsModelLoadsWithTheModelModulesAlone() throws Exception {
        checkPortable("moons-l2-keras.xml", "datasets/moons_n1000.csv", "label");
    }

    @Test
    public void aRegressionRunsModelLoadsWithTheModelModulesAlone() throws Exception {
        checkPortable("diabetes-l2.xml", "datasets/diabetes.csv", "target");
    }

    private void checkPortable(String config, String csv, String response) throws Exception {
        Path configFile = Cli.config(config);
        Cli.XmlConfig xml = new Cli.XmlConfig(configFile);
        Cli.Result r = Cli.ok("run", configFile.toString(), "--out", out.toString(), "--quiet",
                "--set", xml.property("experiment", "trainer") + ".epochs=2");
        Path model = Cli.recordDir(r).resolve("model.tribuo");
        assertTrue(Files.isRegularFile(model), model::toString);
        Path data = Cli.repoRoot().resolve(csv);
        List<String> expected = LoadAndPredictMain.predict(Model.deserializeFromFile(model), data, response);

        List<String> classPath = restrictedClassPath();
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(javaBin));
        // the same kernel flags as this JVM: another GEMM backend could round differently
        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-modules")).forEach(cmd::add);
        cmd.addAll(List.of("-cp", String.join(File.pathSeparator, classPath),
                LoadAndPredictMain.class.getName(), model.toString(), data.toString(), response));
        Path log = out.resolve("child.err");
        Process child = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        String stdout = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
        assertEquals(0, child.exitValue(), () -> "loading with " + classPath + " failed:\n" + readQuietly(log));
        assertEquals(expected, stdout.lines().toList());
    }

    /** The test's own class path cut down to the model modules and Tribuo, plus the loader main alone. */
    private List<String> restrictedClassPath() throws Exception {
        List<String> kept = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String unix = entry.replace(File.separatorChar, '/');
            if (MODEL_CLASS_PATH.matcher(unix).matches()) {
                kept.add(entry);
            }
        }
        for (String module : List.of("occam-core", "occam-regularizers", "occam-classification", "occam-regression", "tribuo-core")) {
            assertTrue(kept.stream().anyMatch(e -> e.contains(module)), () -> module + " missing from " + kept);
        }
        for (String excluded : List.of("occam-experiments", "occam-report", "occam-cli", "jackson", "picocli", "test-classes")) {
            assertFalse(kept.stream().anyMatch(e -> e.contains(excluded)), () -> excluded + " in " + kept);
        }
        // the loader main, copied on its own: nothing else of this module's test classes
        String classFile = LoadAndPredictMain.class.getName().replace('.', '/') + ".class";
        Path mainDir = out.resolve("main");
        Path target = mainDir.resolve(classFile);
        Files.createDirectories(target.getParent());
        try (var in = LoadAndPredictMain.class.getClassLoader().getResourceAsStream(classFile)) {
            Files.copy(in, target);
        }
        kept.add(mainDir.toString());
        return kept;
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (Exception e) {
            return "(" + e + ")";
        }
    }
}
