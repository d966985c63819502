package org.occam.experiments.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.experiments.Experiment;
import org.occam.experiments.data.DataException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loading configs for {@code occam run}: {@code --set} overrides, and one line on stderr naming the
 * file, line, component or property for every broken config (through the real command line: exit
 * code 2, nothing recorded).
 */
class ConfigLoadingTest {
    @TempDir
    Path tmp;

    private Path out() {
        return tmp.resolve("runs");
    }

    private String shipped() throws IOException {
        return Files.readString(Cli.config("moons-l2-keras.xml"), StandardCharsets.UTF_8);
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text, StandardCharsets.UTF_8);
    }

    private Cli.Result run(Path config, String... more) {
        String[] args = new String[4 + more.length];
        args[0] = "run";
        args[1] = config.toString();
        args[2] = "--out";
        args[3] = out().toString();
        System.arraycopy(more, 0, args, 4, more.length);
        return Cli.run(args);
    }

    @Test
    void overridesReachTheComponents() {
        ConfigLoading.Loaded loaded = ConfigLoading.load(Cli.config("moons-l2-keras.xml"),
                List.of("trainer.epochs=7", "l2.lambda=0.5", "trainer.hiddenLayerSizes=3,5", "experiment.name=renamed"));
        Experiment e = loaded.experiment();
        assertEquals("renamed", e.name());
        org.occam.classification.MLPClassificationTrainer t = (org.occam.classification.MLPClassificationTrainer) e.trainer();
        assertEquals(7, t.epochs());
        assertEquals(List.of(3, 5), java.util.Arrays.stream(t.hiddenLayerSizes()).boxed().toList());
        assertEquals(0.5, ((org.occam.regularizers.penalty.L2) t.penalties().get(0)).lambda(), 0.0);
        // the recorded config text is the file's, overrides are in the provenance
        assertTrue(loaded.configText().contains("<property name=\"epochs\" value=\"200\"/>"));
    }

    @Test
    void anEmptyListOverrideRemovesThePenalties() {
        Experiment e = ConfigLoading.load(Cli.config("moons-l2-keras.xml"), List.of("trainer.penalties=")).experiment();
        assertTrue(((org.occam.core.train.AbstractMLPTrainer<?>) e.trainer()).penalties().isEmpty());
    }

    @Test
    void missingConfigFile() throws IOException {
        Path missing = tmp.resolve("nowhere.xml");
        Cli.assertBadInput(run(missing), out(), "nowhere.xml", "no such config file");
    }

    @Test
    void malformedXmlNamesTheLine() throws IOException {
        // line 4 opens <property ...> without closing it; the parser notices at line 5's </component>
        Path config = write("malformed.xml", """
                <config>
                  <component name="experiment" type="org.occam.experiments.Experiment">
                    <property name="name" value="x"/>
                    <property name="data" value="data">
                  </component>
                </config>
                """);
        Cli.Result r = run(config);
        Cli.assertBadInput(r, out(), "malformed.xml", "line 5", "malformed XML", "\"property\"");
    }

    @Test
    void truncatedXmlNamesTheLine() throws IOException {
        String text = shipped();
        Path config = write("truncated.xml", text.substring(0, text.indexOf("<component name=\"optimizer\"")));
        long lines = text.substring(0, text.indexOf("<component name=\"optimizer\"")).lines().count();
        Cli.assertBadInput(run(config), out(), "truncated.xml", "line " + lines);
    }

    @Test
    void notXmlAtAll() throws IOException {
        Cli.assertBadInput(run(write("text.xml", "run moons please\n")), out(), "text.xml", "line 1");
    }

    @Test
    void unknownClassNamesComponentAndClass() throws IOException {
        Path config = write("unknown-class.xml", shipped().replace("org.occam.regularizers.penalty.L2", "org.occam.regularizers.penalty.L3"));
        Cli.assertBadInput(run(config), out(), "unknown-class.xml", "l2", "org.occam.regularizers.penalty.L3", "not found");
    }

    @Test
    void missingMandatoryPropertyNamesComponentAndProperty() throws IOException {
        Path config = write("no-path.xml", shipped().replace("<property name=\"path\" value=\"datasets/moons_n1000.csv\"/>", ""));
        Cli.assertBadInput(run(config), out(), "no-path.xml", "data", "path", "mandatory");
    }

    @Test
    void unknownPropertyInTheFileNamesComponentAndProperty() throws IOException {
        Path config = write("typo.xml", shipped().replace("name=\"epochs\"", "name=\"epoch\""));
        Cli.assertBadInput(run(config), out(), "typo.xml", "trainer", "epoch");
    }

    @Test
    void setOnUnknownPropertyNamesIt() throws IOException {
        Cli.Result r = run(Cli.config("moons-l2-keras.xml"), "--set", "trainer.epochz=3");
        Cli.assertBadInput(r, out(), "--set trainer.epochz=3", "trainer", "epochz");
    }

    @Test
    void setOnUnknownComponentNamesItAndListsTheComponents() throws IOException {
        Cli.Result r = run(Cli.config("moons-l2-keras.xml"), "--set", "trainr.epochs=3");
        Cli.assertBadInput(r, out(), "--set trainr.epochs=3", "moons-l2-keras.xml", "no component 'trainr'", "trainer");
    }

    @Test
    void setWithoutComponentOrValueIsExplained() throws IOException {
        Cli.assertBadInput(run(Cli.config("moons-l2-keras.xml"), "--set", "epochs=3"), out(), "--set epochs=3", "component.property=value");
        Cli.assertBadInput(run(Cli.config("moons-l2-keras.xml"), "--set", "trainer.epochs"), out(), "--set trainer.epochs", "component.property=value");
    }

    @Test
    void setWithAValueOfTheWrongTypeNamesProperty() throws IOException {
        Cli.Result r = run(Cli.config("moons-l2-keras.xml"), "--set", "trainer.epochs=many");
        Cli.assertBadInput(r, out(), "moons-l2-keras.xml", "trainer", "epochs", "many");
    }

    @Test
    void invalidValueRejectedByTheComponentNamesProperty() throws IOException {
        Cli.Result r = run(Cli.config("moons-l2-keras.xml"), "--set", "l2.lambda=-1");
        Cli.assertBadInput(r, out(), "moons-l2-keras.xml", "lambda", "-1");
    }

    @Test
    void configWithoutAnExperimentComponent() throws IOException {
        Path config = write("no-experiment.xml", shipped().replace("<component name=\"experiment\"", "<component name=\"exp\""));
        Cli.assertBadInput(run(config), out(), "no-experiment.xml", "no component named 'experiment'");
    }

    @Test
    void experimentComponentOfTheWrongClass() throws IOException {
        Path config = write("wrong-class.xml", """
                <config>
                  <component name="experiment" type="org.occam.core.optim.Sgd">
                    <property name="learningRate" value="0.1"/>
                  </component>
                </config>
                """);
        Cli.assertBadInput(run(config), out(), "wrong-class.xml", "org.occam.core.optim.Sgd", Experiment.class.getName());
    }

    @Test
    void messagesFromTheLoaderAreSingleLine() {
        DataException e = assertThrows(DataException.class, () -> ConfigLoading.load(tmp.resolve("x.xml"), List.of()));
        assertFalse(e.getMessage().contains("\n"));
    }
}
