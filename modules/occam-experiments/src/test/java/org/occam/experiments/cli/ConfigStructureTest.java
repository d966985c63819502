package org.occam.experiments.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Config files are read safely and their structure is checked before OLCUT builds anything:
 * entities and DTDs are never resolved, reference cycles and nested components give one line
 * naming the components (exit 2), NaN/Infinity properties are refused by name.
 */
class ConfigStructureTest {
    private static final String SECRET = "occam-secret-7f3a9c-do-not-print";

    @TempDir
    Path tmp;

    private String moons() throws Exception {
        return Files.readString(Cli.config("moons-l2-keras.xml"), StandardCharsets.UTF_8);
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(tmp.resolve(name), text, StandardCharsets.UTF_8);
    }

    private Cli.Result run(Path config, String... sets) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("run", config.toString(), "--out",
                tmp.resolve("runs").toString(), "--set", "trainer.epochs=1"));
        for (String s : sets) {
            args.add("--set");
            args.add(s);
        }
        return Cli.run(args.toArray(String[]::new));
    }

    private void assertSecretAbsent(Cli.Result r) {
        assertFalse((r.out() + r.err()).contains(SECRET), () -> "the entity's file content was printed:\n" + r);
    }

    /** An external entity naming a real file: refused, and the file's content appears nowhere. */
    @Test
    void externalEntityIsNeverResolved() throws Exception {
        Path secret = write("secret.txt", SECRET);
        String config = moons().replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE config [ <!ENTITY leak SYSTEM \"" + secret.toUri() + "\"> ]>")
                .replace("value=\"moons-l2-keras\"", "value=\"&leak;\"").replace("value=\"128\"", "value=\"&leak;\"")
                .replace("<property name=\"epochs\" value=\"200\"/>", "<property name=\"epochs\" value=\"&leak;\"/>");
        Path file = write("xxe.xml", config);
        Cli.Result r = run(file);
        Cli.assertBadInput(r, tmp.resolve("runs"), "xxe.xml", "line 2", "DOCTYPE");
        assertSecretAbsent(r);
        // sweep reads configs the same way
        Cli.Result s = Cli.run("sweep", file.toString(), "--grid", "trainer.seed=1,2", "--out", tmp.resolve("runs").toString());
        Cli.assertBadInput(s, tmp.resolve("runs"), "xxe.xml", "DOCTYPE");
        assertSecretAbsent(s);
    }

    /** An external DTD (and a parameter entity) is not loaded either. */
    @Test
    void externalDtdIsNeverLoaded() throws Exception {
        Path secret = write("secret.txt", SECRET);
        Path dtd = write("evil.dtd", "<!ENTITY % file SYSTEM \"" + secret.toUri() + "\">\n<!ENTITY % all \"<!ENTITY send SYSTEM 'file:///nonexistent/%file;'>\">\n%all;\n");
        String config = moons().replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE config SYSTEM \"" + dtd.toUri() + "\">");
        Cli.Result r = run(write("dtd.xml", config));
        Cli.assertBadInput(r, tmp.resolve("runs"), "dtd.xml", "DOCTYPE");
        assertSecretAbsent(r);
    }

    @Test
    void includesAndSerializedObjectsAreRefused() throws Exception {
        Path other = write("other.xml", moons());
        Cli.Result r = run(write("include.xml", moons().replace("<config>", "<config>\n  <file name=\"x\" value=\"" + other + "\"/>")));
        Cli.assertBadInput(r, tmp.resolve("runs"), "include.xml", "line", "<file>");
        Cli.Result s = run(write("ser.xml", moons().replace("<config>",
                "<config>\n  <serialized name=\"x\" type=\"java.lang.String\" location=\"" + other + "\"/>")));
        Cli.assertBadInput(s, tmp.resolve("runs"), "ser.xml", "<serialized>");
    }

    @Test
    void componentNamingItselfIsOneLine() throws Exception {
        String config = moons().replace("<property name=\"optimizer\" value=\"optimizer\"/>", "<property name=\"optimizer\" value=\"trainer\"/>");
        // trainer.optimizer = trainer
        Cli.Result r = run(write("self.xml", config));
        Cli.assertBadInput(r, tmp.resolve("runs"), "self.xml", "cycle", "trainer → trainer");
    }

    @Test
    void twoComponentCycleIsOneLine() throws Exception {
        // experiment → trainer → (optimizer's schedule) … build A→B→A: the optimizer's schedule is the trainer,
        // whose optimizer is the optimizer
        String config = moons().replace("<property name=\"momentum\" value=\"0.9\"/>",
                "<property name=\"momentum\" value=\"0.9\"/><property name=\"schedule\" value=\"trainer\"/>");
        Cli.Result r = run(write("ab.xml", config));
        Cli.assertBadInput(r, tmp.resolve("runs"), "ab.xml", "cycle", "trainer → optimizer → trainer");
        // the same through --set
        Cli.Result viaSet = run(Cli.config("moons-l2-keras.xml"), "trainer.optimizer=experiment");
        Cli.assertBadInput(viaSet, tmp.resolve("runs"), "cycle", "experiment → trainer → experiment");
    }

    @Test
    void nestedComponentIsOneLineNamingBoth() throws Exception {
        String config = moons().replace("<property name=\"momentum\" value=\"0.9\"/>",
                "<property name=\"momentum\" value=\"0.9\"/>\n    <component name=\"inner\" type=\"org.occam.core.optim.ConstantSchedule\"/>");
        Cli.Result r = run(write("nested.xml", config));
        Cli.assertBadInput(r, tmp.resolve("runs"), "nested.xml", "line", "'inner'", "nested inside component 'optimizer'");
    }

    @Test
    void nonFiniteNumbersAreRefusedByName() throws Exception {
        Cli.Result r = run(Cli.config("moons-l2-keras.xml"), "optimizer.learningRate=Infinity");
        Cli.assertBadInput(r, tmp.resolve("runs"), "component 'optimizer' (Sgd), property 'learningRate'", "Infinity");
        Cli.Result nan = run(Cli.config("moons-l2-keras.xml"), "l2.lambda=NaN");
        Cli.assertBadInput(nan, tmp.resolve("runs"), "component 'l2' (L2), property 'lambda'", "NaN");
        Cli.Result grid = Cli.run("sweep", Cli.config("moons-l2-keras.xml").toString(), "--grid", "split.validationFraction=0.2,NaN",
                "--set", "trainer.epochs=1", "--out", tmp.resolve("runs").toString());
        Cli.assertBadInput(grid, tmp.resolve("runs"), "component 'split'", "property 'validationFraction'", "NaN");
    }
}
