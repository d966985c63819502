package org.occam.experiments.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A property written in the wrong shape (a list as a single {@code <property>}, a single value as a
 * {@code <propertylist>}) or naming a component of the wrong type is bad input: exit 2, one line
 * naming the file, component, property and what was expected, never a {@code ClassCastException}
 * (the CLI fuzzer found these: OLCUT casts the property, and does not check a list's element type).
 */
class PropertyShapeErrorsTest {
    private static Path write(Path dir, String shipped, String from, String to) throws Exception {
        String text = Files.readString(Cli.config(shipped));
        assertTrue(text.contains(from), () -> shipped + " has no " + from);
        Path config = dir.resolve(shipped);
        Files.writeString(config, text.replace(from, to));
        return config;
    }

    private static void assertRefused(Path config, Path dir, String... fragments) throws Exception {
        Path out = dir.resolve("runs");
        Cli.Result r = Cli.run("run", config.toString(), "--set", "trainer.epochs=1", "--out", out.toString());
        Cli.assertBadInput(r, out, fragments);
        assertTrue(!r.err().contains("Cast"), r::toString);
    }

    @Test
    void listWrittenAsOneProperty(@TempDir Path dir) throws Exception {
        Path config = write(dir, "moons-l2-keras.xml",
                "<propertylist name=\"hiddenLayerSizes\"><item>128</item><item>128</item></propertylist>",
                "<property name=\"hiddenLayerSizes\" value=\"128\"/>");
        assertRefused(config, dir, config.toString(), "'trainer'", "'hiddenLayerSizes'", "expected a list", "<propertylist");
    }

    @Test
    void pluginListWrittenAsOneProperty(@TempDir Path dir) throws Exception {
        Path config = write(dir, "moons-l2-keras.xml", "<propertylist name=\"penalties\"><item>l2</item></propertylist>",
                "<property name=\"penalties\" value=\"l2\"/>");
        assertRefused(config, dir, "'trainer'", "'penalties'", "expected a list");
    }

    @Test
    void singleValueWrittenAsList(@TempDir Path dir) throws Exception {
        Path config = write(dir, "moons-l2-keras.xml", "<property name=\"optimizer\" value=\"optimizer\"/>",
                "<propertylist name=\"optimizer\"><item>optimizer</item></propertylist>");
        assertRefused(config, dir, "'trainer'", "'optimizer'", "expected a single value", "found a <propertylist>");
    }

    @Test
    void listItemOfTheWrongTypeInTheMlpTrainer(@TempDir Path dir) throws Exception {
        Path config = write(dir, "moons-l2-keras.xml", "<propertylist name=\"penalties\"><item>l2</item></propertylist>",
                "<propertylist name=\"penalties\"><item>l2</item><item>optimizer</item></propertylist>");
        assertRefused(config, dir, "'trainer'", "'penalties'", "'optimizer'", "org.occam.core.optim.Sgd",
                "not a org.occam.core.spi.Penalty");
    }

    @Test
    void listItemOfTheWrongTypeInPenalizedOptimiser(@TempDir Path dir) throws Exception {
        Path config = write(dir, "breast-cancer-tribuo-linear-l2.xml", "<propertylist name=\"penalties\"><item>l2</item></propertylist>",
                "<propertylist name=\"penalties\"><item>l2</item><item>sgd</item></propertylist>");
        Path out = dir.resolve("runs");
        Cli.Result r = Cli.run("run", config.toString(), "--out", out.toString());
        Cli.assertBadInput(r, out, "'penalized'", "'penalties'", "'sgd'", "not a org.occam.core.spi.Penalty");
    }

    @Test
    void referenceOfTheWrongType(@TempDir Path dir) throws Exception {
        Path config = write(dir, "moons-l2-keras.xml", "<property name=\"trainer\" value=\"trainer\"/>",
                "<property name=\"trainer\" value=\"l2\"/>");
        assertRefused(config, dir, "'experiment'", "'trainer'", "'l2'", "org.occam.regularizers.penalty.L2");
    }

    @Test
    void gridAxisNamingTheWrongType(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("runs");
        Cli.Result r = Cli.run("sweep", Cli.config("moons-l2-keras.xml").toString(), "--grid", "trainer.penalties=optimizer",
                "--set", "trainer.epochs=1", "--threads", "1", "--no-reports", "--out", out.toString());
        assertEquals(OccamCommand.BAD_INPUT, r.code(), r::toString);
        for (String f : new String[]{"'penalties'", "'optimizer'", "not a org.occam.core.spi.Penalty"}) {
            assertTrue(r.err().contains(f), () -> "stderr does not mention " + f + ":\n" + r);
        }
        assertTrue(!r.err().contains("Cast") && !r.err().contains("\tat "), r::toString);
    }
}
