package org.occam.experiments.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.experiments.ExperimentConfig;
import org.occam.experiments.data.BaseDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** README's "Use from Java" example is this package's UseFromJava, and it runs: trains, evaluates with Tribuo, records. */
class UseFromJavaTest {
    @TempDir
    Path tmp;

    @Test
    void readmeExampleIsTheSourceFile() throws Exception {
        Path root = Path.of(System.getProperty(BaseDir.PROPERTY));
        String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
        int section = readme.indexOf("## Use from Java");
        assertTrue(section >= 0, "README has a 'Use from Java' section");
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        String block = readme.substring(start, readme.indexOf("```", start));
        String source = Files.readString(root.resolve("modules/occam-experiments/src/test/java/org/occam/experiments/example/UseFromJava.java"),
                StandardCharsets.UTF_8);
        assertEquals(source, block);
    }

    @Test
    void exampleTrainsEvaluatesAndRecords() throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            UseFromJava.main(new String[]{tmp.resolve("runs").toString()});
        } finally {
            System.setOut(old);
        }
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.get(0).matches("test accuracy [01]\\.\\d{4}, macro-F1 [01]\\.\\d{4}"), lines::toString);
        double printed = Double.parseDouble(lines.get(0).substring("test accuracy ".length(), "test accuracy ".length() + 6));
        Path record = Path.of(lines.get(1).substring("record: ".length()));
        JsonNode run = new ObjectMapper().readTree(record.resolve("run.json").toFile());
        // Tribuo's LabelEvaluator on the test rows and the recorded test accuracy agree
        assertEquals(run.path("metrics").path("test").path("accuracy").asDouble(), printed, 5e-5);
        assertTrue(printed > 0.8, "two crescents are learnable: " + printed);
        assertEquals("[\"L2\"]", run.path("summary").path("penaltyTypes").toString());
        // the recorded config.xml is a real config for the same experiment
        ExperimentConfig.Loaded again = ExperimentConfig.load(record.resolve("config.xml"), List.of());
        assertEquals(run.path("summary").path("experiment").asText(), again.experiment().name());
        assertEquals("crescents-from-java", again.experiment().name());
    }
}
