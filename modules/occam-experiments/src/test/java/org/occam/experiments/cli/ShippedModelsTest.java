package org.occam.experiments.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model a shipped config writes can be used by {@code predict} and {@code reproduce}, also the
 * Tribuo linear SGD model {@code configs/breast-cancer-tribuo-linear-l2.xml} (Tribuo's
 * LinearSGDTrainer with Occam's PenalizedOptimiser) writes: the model-file allowlist admits it
 * (it was refused), and reproduce compares its weights (it used to say "NOT reproduced" for every
 * such run). Both found by the CLI fuzzer.
 */
class ShippedModelsTest {
    @Test
    void tribuoLinearModelOfAShippedConfigPredictsAndReproduces(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("runs");
        Cli.Result run = Cli.ok("run", Cli.config("breast-cancer-tribuo-linear-l2.xml").toString(), "--set", "trainer.epochs=1",
                "--out", out.toString(), "--quiet");
        Path record = Cli.recordDir(run);
        Path csv = Cli.repoRoot().resolve("datasets/breast_cancer.csv");
        Cli.Result predict = Cli.ok("predict", record.resolve("model.tribuo").toString(), csv.toString());
        assertEquals(569 + 1, predict.outLines().size(), predict::toString);
        Cli.Result reproduce = Cli.run("reproduce", record.toString());
        assertEquals(0, reproduce.code(), reproduce::toString);
        assertTrue(reproduce.err().isBlank(), reproduce::toString);
    }
}
