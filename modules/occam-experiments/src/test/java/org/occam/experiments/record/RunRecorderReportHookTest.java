package org.occam.experiments.record;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.experiments.ExperimentConfig;
import org.occam.experiments.ExperimentRunner;
import org.occam.experiments.RunResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Report hooks write into the hidden run directory before the move; a failing hook loses nothing. */
class RunRecorderReportHookTest {
    @TempDir
    Path dir;

    @Test
    void hooksWriteBeforeTheMoveAndFailuresDoNotLoseTheRun() throws Exception {
        Path config = org.occam.experiments.data.BaseDir.resolve("configs/iris.xml");
        RunResult result = ExperimentRunner.execute(ExperimentConfig.load(config, List.of("trainer.epochs=2")).experiment(), null);
        List<Path> seen = new ArrayList<>();
        ReportHook writes = new ReportHook() {
            @Override
            public void writeRunReport(Path runDirectory, RunResult r) throws IOException {
                seen.add(runDirectory);
                assertTrue(Files.isRegularFile(runDirectory.resolve(RunRecorder.RUN_JSON)), "record files come first");
                assertTrue(Files.isRegularFile(runDirectory.resolve(RunRecorder.MODEL_FILE)));
                Files.writeString(runDirectory.resolve("report.md"), "# report");
            }

            @Override
            public void writeSweepReport(Path sweepDirectory) {
            }
        };
        ReportHook fails = new ReportHook() {
            @Override
            public void writeRunReport(Path runDirectory, RunResult r) throws IOException {
                throw new IOException("disk says no");
            }

            @Override
            public void writeSweepReport(Path sweepDirectory) {
            }
        };
        Path target = dir.resolve("iris").resolve("run-1");
        RunRecorder.Written w = RunRecorder.write(result, "<config/>", target, "run-1", List.of(fails, writes));
        assertEquals(target, w.directory());
        assertEquals(1, seen.size());
        assertTrue(seen.get(0).getFileName().toString().startsWith(RunRecorder.INCOMPLETE_PREFIX), seen.toString());
        assertFalse(Files.exists(seen.get(0)), "the hidden directory was moved into place");
        assertEquals("# report", Files.readString(target.resolve("report.md")));
        assertTrue(RunRecords.isRecord(target));
        assertEquals(w.summary(), RunRecords.summary(target));
    }
}
