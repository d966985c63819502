package org.occam.experiments.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.experiments.data.BaseDir;
import org.occam.experiments.record.BuildInfo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One home for config data paths, runs/ and the store ({@code --home}); run.json says whether the build was dirty. */
class HomeTest {
    @TempDir
    Path tmp;

    private Path homeWithMoons() throws Exception {
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("datasets/splits"));
        Files.copy(Cli.repoRoot().resolve("datasets/moons_n1000.csv"), home.resolve("datasets/moons_n1000.csv"));
        Files.copy(Cli.repoRoot().resolve("datasets/splits/moons_n1000_test_idx.txt"), home.resolve("datasets/splits/moons_n1000_test_idx.txt"));
        return home;
    }

    @Test
    void dataRunsAndStoreAllLiveUnderTheHome() throws Exception {
        Path home = homeWithMoons();
        // the config names its data relatively: looked up under the home, not the repository
        Path bare = tmp.resolve("bare");
        Cli.Result missing = Cli.run("run", Cli.config("moons-l2-keras.xml").toString(), "--home", bare.toString(), "--set", "trainer.epochs=1");
        assertEquals(2, missing.code(), missing::toString);
        assertTrue(missing.err().contains(bare.resolve("datasets").toString()), missing::toString);
        assertFalse(Files.exists(bare.resolve("runs/moons-l2-keras")), missing::toString);
        Cli.Result r = Cli.ok("run", Cli.config("moons-l2-keras.xml").toString(), "--home", home.toString(),
                "--set", "trainer.epochs=1", "--quiet");
        Path record = Path.of(r.out().strip());
        assertTrue(record.startsWith(home.resolve("runs")), r::toString);
        assertTrue(Files.isRegularFile(home.resolve("runs/occam.db")), r::toString);

        Cli.Result runs = Cli.ok("runs", "--home=" + home);
        assertTrue(runs.out().contains("1 run(s)"), runs::toString);
        assertTrue(runs.out().contains(record.getFileName().toString()), runs::toString);
    }

    @Test
    void runsInAnEmptyHomeIsBadInputAndCreatesNothing() {
        Path empty = tmp.resolve("empty");
        Cli.Result r = Cli.run("runs", "--home", empty.toString());
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains(empty.resolve("runs").resolve("occam.db").toString()), r::toString);
        assertFalse(Files.exists(empty), r::toString);
    }

    @Test
    void theHomeRuleIsHomeThenEnvironmentThenProjectDirectory() {
        String project = System.getProperty(BaseDir.PROPERTY);
        assertNotNull(project, "the build sets occam.baseDir as the launcher does");
        if (System.getenv(BaseDir.HOME_ENV) == null) {
            assertEquals(Path.of(project).toAbsolutePath(), BaseDir.home());
        }
        System.setProperty(BaseDir.HOME_PROPERTY, tmp.toString());
        try {
            assertEquals(tmp.toAbsolutePath(), BaseDir.home());
            assertEquals(tmp.toAbsolutePath().resolve("runs"), BaseDir.runs());
            assertEquals(tmp.toAbsolutePath().resolve("datasets/x.csv"), BaseDir.resolve("datasets/x.csv"));
            assertEquals(Path.of("/abs/x.csv"), BaseDir.resolve("/abs/x.csv"));
        } finally {
            System.clearProperty(BaseDir.HOME_PROPERTY);
        }
    }

    @Test
    void runJsonRecordsWhetherTheBuildHadUncommittedChanges() throws Exception {
        Cli.Result r = Cli.ok("run", Cli.config("moons-l2-keras.xml").toString(), "--out", tmp.resolve("runs").toString(),
                "--set", "trainer.epochs=1", "--quiet");
        JsonNode occam = new ObjectMapper().readTree(Path.of(r.out().strip()).resolve("run.json").toFile()).path("occam");
        assertTrue(occam.has("gitDirty"), occam::toString);
        // built from this git checkout: known, and what the build extracted
        assertNotNull(BuildInfo.dirty(), "git.dirty was not baked into the build");
        assertEquals(BuildInfo.dirty(), occam.get("gitDirty").asBoolean(), occam::toString);
        assertTrue(occam.get("gitDirty").isBoolean(), occam::toString);
    }
}
