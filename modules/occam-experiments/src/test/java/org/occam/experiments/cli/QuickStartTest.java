package org.occam.experiments.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code occam run --data CSV --label COLUMN ...}: a generated config, recorded like any run, reproducible. */
class QuickStartTest {
    @TempDir
    Path tmp;

    private String runs() {
        return tmp.resolve("runs").toString();
    }

    @Test
    void quickStartRunIsRecordedWithItsGeneratedConfigAndReproduces() throws Exception {
        Path iris = Cli.repoRoot().resolve("datasets/iris.csv");
        Cli.Result r = Cli.ok("run", "--data", iris.toString(), "--label", "label", "--task", "classification",
                "--penalty", "l2", "--lambda", "0.05", "--convention", "KERAS", "--hidden", "8,6", "--epochs", "3", "--out", runs());
        assertEquals("", r.err(), r::toString);
        Path record = Path.of(r.out().lines().filter(l -> l.startsWith("record: ")).findFirst().orElseThrow().substring(8));
        assertTrue(record.startsWith(tmp.resolve("runs").resolve("iris")), r::toString);
        assertTrue(r.out().contains(record.resolve("config.xml").toString()), "prints where the config is:\n" + r);

        JsonNode summary = new ObjectMapper().readTree(record.resolve("run.json").toFile()).path("summary");
        assertEquals("[\"L2\"]", summary.path("penaltyTypes").toString(), summary::toString);
        assertEquals(0.05, summary.path("lambda").asDouble(), summary::toString);
        assertEquals("KERAS", summary.path("convention").asText(), summary::toString);
        assertEquals(3, summary.path("epochsRun").asInt(), summary::toString);
        assertEquals("CLASSIFICATION", summary.path("task").asText(), summary::toString);
        assertTrue(summary.path("architecture").asText().contains("Dense 4→8") && summary.path("architecture").asText().contains("Dense 8→6")
                && summary.path("architecture").asText().contains("Dense 6→3"), summary::toString);

        // config.xml is the generated config: it runs as an ordinary config, and reproduce works
        String config = Files.readString(record.resolve("config.xml"));
        assertTrue(config.contains("<item>8</item><item>6</item>") && config.contains(iris.toString()), config);
        Cli.ok("run", record.resolve("config.xml").toString(), "--out", tmp.resolve("again").toString(), "--quiet");
        Cli.Result reproduced = Cli.run("reproduce", record.toString());
        assertEquals(0, reproduced.code(), reproduced::toString);
    }

    @Test
    void regressionWithoutPenaltyUsesTheRegressionTrainer() throws Exception {
        Cli.Result r = Cli.ok("run", "--data", Cli.repoRoot().resolve("datasets/diabetes.csv").toString(), "--label", "target",
                "--task", "REGRESSION", "--epochs", "2", "--out", runs(), "--quiet");
        Path record = Path.of(r.out().strip());
        JsonNode summary = new ObjectMapper().readTree(record.resolve("run.json").toFile()).path("summary");
        assertEquals("REGRESSION", summary.path("task").asText(), summary::toString);
        assertEquals("[]", summary.path("penaltyTypes").toString(), summary::toString);
        assertTrue(Files.readString(record.resolve("config.xml")).contains("org.occam.regression.MLPRegressionTrainer"));
    }

    @Test
    void badQuickStartOptionsAreOneLineAndRecordNothing() {
        String iris = Cli.repoRoot().resolve("datasets/iris.csv").toString();
        String[][] cases = {
                {"--data", iris},                                                     // no --label
                {"--data", iris, "--label", "label", "--lambda", "0.1"},             // λ without a penalty
                {"--data", iris, "--label", "label", "--penalty", "l3"},
                {"--data", iris, "--label", "label", "--task", "ranking"},
                {"--data", iris, "--label", "label", "--penalty", "l2", "--convention", "TORCH_MAYBE"},
                {"--data", iris, "--label", "label", "--penalty", "l2", "--lambda", "-1"},
                {"--data", iris, "--label", "no_such_column"},
                {"--label", "label"},                                                 // neither CONFIG nor --data
                {Cli.config("iris.xml").toString(), "--data", iris, "--label", "label"}, // both
                {Cli.config("iris.xml").toString(), "--epochs", "5"},                 // a quick-start option with a CONFIG
        };
        String[] expected = {"--label", "--lambda", "--penalty", "--task", "--convention", "--lambda", "no_such_column", "CONFIG", "CONFIG", "--epochs"};
        for (int i = 0; i < cases.length; i++) {
            String[] args = new String[cases[i].length + 3];
            args[0] = "run";
            System.arraycopy(cases[i], 0, args, 1, cases[i].length);
            args[args.length - 2] = "--out";
            args[args.length - 1] = runs();
            Cli.Result r = Cli.run(args);
            assertEquals(2, r.code(), r::toString);
            assertEquals(1, r.errLines().size(), r::toString);
            assertTrue(r.err().contains(expected[i]), expected[i] + " not named:\n" + r);
            assertFalse(Files.exists(tmp.resolve("runs").resolve("iris")), r::toString);
        }
    }
}
