package org.occam.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.experiments.data.BaseDir;
import org.occam.experiments.sweep.SweepResults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sweep report of {@code occam sweep --no-select} says nothing was chosen and shows train and test metrics. */
class NoSelectSweepReportTest {
    @TempDir
    Path tmp;

    @Test
    void theReportSaysNoSelection() throws Exception {
        Path runs = tmp.resolve("runs");
        ReportFixtures.check(ReportFixtures.occam("sweep", BaseDir.resolve("configs/moons-l2-keras.xml").toString(), "--grid", "l2.lambda=0,0.1",
                "--set", "split.validationFraction=0", "--set", "trainer.epochs=1", "--set", "trainer.hiddenLayerSizes=4",
                "--no-select", "--threads", "1", "--out", runs.toString(), "--quiet"), "sweep --no-select");
        Path sweep;
        try (Stream<Path> s = Files.list(runs.resolve("moons-l2-keras"))) {
            sweep = s.filter(p -> p.getFileName().toString().startsWith("sweep-")).findFirst().orElseThrow();
        }
        String md = Files.readString(sweep.resolve(Page.MARKDOWN));
        assertTrue(md.contains("No selection") && md.contains(SweepResults.NO_SELECTION), md);
        assertFalse(md.contains("Chosen:") || md.contains("The choice uses validation data only"), md);
        assertFalse(md.contains("could not be drawn") || md.contains("failed"), md);
    }
}
