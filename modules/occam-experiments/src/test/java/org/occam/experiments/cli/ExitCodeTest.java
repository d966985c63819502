package org.occam.experiments.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exit-code table: one real command per code, the README's table equal to {@link ExitCode},
 * and an internal error printed as one line with its trace in a file, never on the console.
 */
class ExitCodeTest {
    @TempDir
    Path tmp;

    private Cli.Result run(String... extra) {
        List<String> args = new ArrayList<>(List.of("run", Cli.config("moons-l2-keras.xml").toString(),
                "--out", tmp.resolve("runs").toString(), "--quiet", "--set", "trainer.epochs=1"));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void successIsZero() {
        Cli.Result r = run();
        assertEquals(ExitCode.SUCCESS.code(), r.code(), r::toString);
        assertEquals(0, ExitCode.SUCCESS.code());
    }

    @Test
    void notReproducedIsOne() throws Exception {
        Path dir = Cli.recordDir(run());
        Path other = Cli.recordDir(run("--set", "trainer.seed=2"));
        Files.copy(other.resolve("model.tribuo"), dir.resolve("model.tribuo"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Cli.Result r = Cli.run("reproduce", dir.toString());
        assertEquals(1, r.code(), r::toString);
        assertEquals(ExitCode.NOT_REPRODUCED, ExitCode.ofCode(r.code()));
    }

    @Test
    void badInputIsTwo() throws Exception {
        Cli.Result r = Cli.run("run", tmp.resolve("missing.xml").toString(), "--out", tmp.resolve("runs").toString());
        Cli.assertBadInput(r, tmp.resolve("runs"), "missing.xml", "no such config file");
        assertEquals(2, ExitCode.BAD_INPUT.code());
        // usage errors (picocli) share the code
        assertEquals(2, Cli.run("run", "--no-such-option").code());
    }

    @Test
    void divergedTrainingIsThreeAndIsRecordedAsDiverged() throws Exception {
        Cli.Result r = run("--set", "optimizer.learningRate=1e12");
        assertEquals(ExitCode.DIVERGED.code(), r.code(), r::toString);
        assertEquals(3, r.code());
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.errLines().get(0).contains("diverged"), r::toString);
        Cli.assertFailedRunRecorded(tmp.resolve("runs"), "DIVERGED", "diverged");
    }

    /** A sweep exits with the most severe code of its failed runs: one diverging point makes it 3. */
    @Test
    void sweepWithADivergingRunIsThree() {
        Cli.Result r = Cli.run("sweep", Cli.config("moons-l2-keras.xml").toString(), "--grid", "optimizer.learningRate=0.05,1e12",
                "--set", "trainer.epochs=1", "--threads", "1", "--no-reports", "--out", tmp.resolve("runs").toString());
        assertEquals(ExitCode.DIVERGED.code(), r.code(), r::toString);
        assertTrue(r.out().contains("1 run(s) failed") && r.out().contains("diverged"), r::toString);
    }

    @Test
    void internalErrorIsFourWithOneLineAndTheTraceInAFile() throws Exception {
        String config = """
                <?xml version="1.0" encoding="UTF-8"?>
                <config>
                  <component name="experiment" type="org.occam.experiments.Experiment">
                    <property name="name" value="broken"/>
                    <property name="data" value="data"/>
                    <property name="split" value="split"/>
                    <property name="trainer" value="trainer"/>
                  </component>
                  <component name="data" type="org.occam.experiments.data.TribuoDemoData">
                    <property name="source" value="source"/>
                    <property name="task" value="CLASSIFICATION"/>
                  </component>
                  <component name="source" type="org.occam.experiments.testonly.BrokenDataSource"/>
                  <component name="split" type="org.occam.experiments.data.FractionSplit"/>
                  <component name="trainer" type="org.occam.classification.MLPClassificationTrainer">
                    <property name="epochs" value="1"/>
                  </component>
                </config>
                """;
        Path file = Files.writeString(tmp.resolve("broken.xml"), config);
        Cli.Result r = Cli.run("run", file.toString(), "--out", tmp.resolve("runs").toString());
        assertEquals(ExitCode.INTERNAL_ERROR.code(), r.code(), r::toString);
        assertEquals(4, r.code());
        assertEquals(1, r.errLines().size(), r::toString);
        String line = r.errLines().get(0);
        assertTrue(line.startsWith("occam run: internal error: NullPointerException"), line);
        assertFalse((r.out() + r.err()).contains("\tat "), "a stack trace reached the console:\n" + r);
        Matcher m = Pattern.compile("stack trace in (\\S+)\\)").matcher(line);
        assertTrue(m.find(), line);
        Path trace = Paths.get(m.group(1));
        try {
            String text = Files.readString(trace, StandardCharsets.UTF_8);
            assertTrue(text.contains("NullPointerException") && text.contains("\tat org.occam.experiments.testonly.BrokenDataSource.iterator"), text);
        } finally {
            Files.deleteIfExists(trace);
        }
        Cli.assertNothingRecorded(tmp.resolve("runs"));
    }

    @Test
    void mappingOfExceptions() {
        assertEquals(ExitCode.DIVERGED, ExitCode.of(new RuntimeException("wrapped",
                new org.occam.core.train.TrainingDivergedException("x", 1, 1))));
        assertEquals(ExitCode.BAD_INPUT, ExitCode.of(new org.occam.experiments.data.DataException("bad")));
        assertEquals(ExitCode.BAD_INPUT, ExitCode.of(new com.oracle.labs.mlrg.olcut.config.PropertyException("c", "p", "bad")));
        assertEquals(ExitCode.BAD_INPUT, ExitCode.of(new java.io.UncheckedIOException(new java.io.IOException("disk full"))));
        assertEquals(ExitCode.INTERNAL_ERROR, ExitCode.of(new NullPointerException()));
        assertEquals(ExitCode.INTERNAL_ERROR, ExitCode.of(new StackOverflowError()));
        assertEquals(ExitCode.INTERNAL_ERROR, ExitCode.of(new IllegalStateException("bug")));
    }

    /** README's "Exit codes" table lists exactly the codes of {@link ExitCode}, in order. */
    @Test
    void readmeTableMatchesTheEnum() throws Exception {
        String readme = Files.readString(Cli.repoRoot().resolve("README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("## Exit codes");
        assertTrue(start >= 0, "README has no '## Exit codes' section");
        int end = readme.indexOf("\n## ", start + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        Map<Integer, String> table = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^\\| (\\d+) \\| `([A-Z_]+)` \\|").matcher(section);
        while (m.find()) {
            table.put(Integer.parseInt(m.group(1)), m.group(2));
        }
        Map<Integer, String> expected = new LinkedHashMap<>();
        for (ExitCode c : ExitCode.values()) {
            expected.put(c.code(), c.name());
        }
        assertEquals(expected, table);
    }
}
