package org.occam.experiments.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A regression output is named after its response column (configured as {@code responseColumn}),
 * not Tribuo's {@code DIM-0}: in run.json's metrics and in {@code occam predict}'s header.
 */
class TargetColumnNameTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void theShippedDiabetesRunNamesItsOutputTarget() throws Exception {
        Path dir = Cli.recordDir(Cli.ok("run", Cli.config("diabetes-baseline.xml").toString(), "--out", tmp.resolve("runs").toString(),
                "--quiet", "--set", "trainer.epochs=2", "--set", "trainer.hiddenLayerSizes=8"));
        String text = Files.readString(dir.resolve("run.json"));
        assertFalse(text.contains("DIM-0"), "no Tribuo default name in run.json");
        JsonNode metrics = JSON.readTree(text).get("metrics");
        for (String split : List.of("train", "validation", "test")) {
            List<String> names = new ArrayList<>();
            metrics.get(split).get("perDimension").fieldNames().forEachRemaining(names::add);
            assertEquals(List.of("target"), names, split);
        }
        List<String> data = Files.readAllLines(Cli.repoRoot().resolve("datasets/diabetes.csv"));
        Path csv = Files.writeString(tmp.resolve("head.csv"), String.join("\n", data.subList(0, 3)) + "\n");
        Cli.Result r = Cli.ok("predict", dir.resolve("model.tribuo").toString(), csv.toString());
        assertEquals("row,target", r.outLines().get(0), r::toString);
    }

    @Test
    void aRenamedResponseColumnNamesTheOutput() throws Exception {
        List<String> data = new ArrayList<>(Files.readAllLines(Cli.repoRoot().resolve("datasets/diabetes.csv")));
        data.set(0, data.get(0).replace("target", "disease_progression"));
        Path csv = Files.write(tmp.resolve("diabetes-renamed.csv"), data.subList(0, 120));
        String config = Files.readString(Cli.config("diabetes-baseline.xml"))
                .replace("datasets/diabetes.csv", csv.toAbsolutePath().toString())
                .replace("value=\"target\"", "value=\"disease_progression\"")
                .replaceAll("(?s)<component name=\"split\".*?</component>", """
                        <component name="split" type="org.occam.experiments.data.FractionSplit">
                            <property name="validationFraction" value="0.2"/>
                            <property name="testFraction" value="0.2"/>
                          </component>""");
        Path xml = Files.writeString(tmp.resolve("renamed.xml"), config);
        Path dir = Cli.recordDir(Cli.ok("run", xml.toString(), "--out", tmp.resolve("runs").toString(), "--quiet",
                "--set", "trainer.epochs=1", "--set", "trainer.hiddenLayerSizes=4"));
        JsonNode test = JSON.readTree(dir.resolve("run.json").toFile()).get("metrics").get("test");
        assertEquals("disease_progression", test.get("perDimension").fieldNames().next());
        Cli.Result r = Cli.ok("predict", dir.resolve("model.tribuo").toString(), csv.toString());
        assertEquals("row,disease_progression", r.outLines().get(0), r::toString);
    }
}
