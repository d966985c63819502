package org.occam.experiments.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;

/** A grid key given twice is an error naming the key (it used to run only the last one's values). */
class SweepGridKeyTest {
    @TempDir
    Path tmp;

    @Test
    void repeatedGridKeyIsAnErrorNamingIt() throws Exception {
        Path out = tmp.resolve("runs");
        Cli.Result r = Cli.run("sweep", Cli.config("moons-l2-keras.xml").toString(), "--grid", "l2.lambda=0.1,0.2",
                "--grid", "l2.lambda=0.3", "--set", "trainer.epochs=1", "--out", out.toString());
        Cli.assertBadInput(r, out, "--grid", "'l2.lambda'", "twice", "l2.lambda=0.1,0.2", "l2.lambda=0.3");
        assertFalse(Files.exists(out), "a refused sweep created " + out);
    }

    @Test
    void overlappingMultiComponentKeyIsAnError() throws Exception {
        Path out = tmp.resolve("runs");
        Cli.Result r = Cli.run("sweep", Cli.config("moons200-penalty-sweep.xml").toString(), "--grid", "l2.lambda=0.1",
                "--grid", "l1+l2.lambda=0.3", "--set", "trainer.epochs=1", "--out", out.toString());
        Cli.assertBadInput(r, out, "'l2.lambda'", "twice");
    }

    @Test
    void repeatedKeyInADeclaredSweepIsAnError() throws Exception {
        String text = Files.readString(Cli.config("moons200-penalty-sweep.xml"));
        int at = text.indexOf("<propertylist name=\"grid\">");
        Path config = Files.writeString(tmp.resolve("dup.xml"), text.substring(0, at + "<propertylist name=\"grid\">".length())
                + "<item>l2.lambda=0.5</item><item>l2.lambda=0.7</item>" + text.substring(at + "<propertylist name=\"grid\">".length()));
        Path out = tmp.resolve("runs");
        Cli.Result r = Cli.run("sweep", config.toString(), "--set", "trainer.epochs=1", "--out", out.toString());
        Cli.assertBadInput(r, out, "grid", "'l2.lambda'", "twice");
    }
}
