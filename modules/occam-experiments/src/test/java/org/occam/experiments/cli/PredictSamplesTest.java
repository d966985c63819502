package org.occam.experiments.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code predict --samples T} on a model without a stochastic layer is bad input (exit 2, one line
 * saying why), not an internal error; on a model with dropout it samples. (The CLI fuzzer found
 * {@code --samples=１} — a full-width digit, which Java reads as 1 — ending in an internal error.)
 */
class PredictSamplesTest {
    @Test
    void samplesOfADeterministicModelIsBadInput(@TempDir Path dir) throws Exception {
        Path record = Cli.recordDir(Cli.ok("run", Cli.config("iris.xml").toString(), "--set", "trainer.epochs=1",
                "--out", dir.resolve("runs").toString(), "--quiet"));
        Path model = record.resolve("model.tribuo");
        Cli.Result r = Cli.run("predict", model.toString(), Cli.repoRoot().resolve("datasets/iris.csv").toString(), "--samples", "3");
        Cli.assertBadInput(r, null, model.toString(), "--samples 3", "no", "stochastic layer");
    }

    @Test
    void samplesOfADropoutModelSample(@TempDir Path dir) throws Exception {
        Path record = Cli.recordDir(Cli.ok("run", Cli.config("moons-dropout.xml").toString(), "--set", "trainer.epochs=1",
                "--out", dir.resolve("runs").toString(), "--quiet"));
        Cli.Result r = Cli.ok("predict", record.resolve("model.tribuo").toString(),
                Cli.repoRoot().resolve("datasets/moons_n200.csv").toString(), "--samples", "3");
        assertEquals(200 + 1, r.outLines().size(), r::toString);
    }
}
