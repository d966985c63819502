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
        List<Path> finalDirectories = new ArrayList<>();
        ReportHook namesItsDirectory = new ReportHook() {
            @Override
            public void writeRunReport(Path runDirectory, RunResult r) {
                throw new AssertionError("the hook is told the final directory");
            }

            @Override
            public void writeRunReport(Path runDirectory, Path finalDirectory, RunResult r) {
                finalDirectories.add(finalDirectory);
            }

            @Override
            public void writeSweepReport(Path sweepDirectory) {
            }
        };
        Path target = dir.resolve("iris").resolve("run-1");
        List<java.util.logging.LogRecord> logged = new ArrayList<>();
        java.util.logging.Handler collect = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                logged.add(r);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(RunRecorder.class.getName());
        logger.addHandler(collect);
        RunRecorder.Written w;
        try {
            w = RunRecorder.write(result, "<config/>", target, "run-1", List.of(fails, writes, namesItsDirectory));
        } finally {
            logger.removeHandler(collect);
        }
        // The failing hook: one WARNING line naming the way back, no stack trace.
        assertEquals(1, logged.size(), logged.toString());
        assertEquals(java.util.logging.Level.WARNING, logged.get(0).getLevel());
        assertEquals(null, logged.get(0).getThrown());
        assertTrue(logged.get(0).getMessage().contains("disk says no") && logged.get(0).getMessage().contains("occam report " + target),
                logged.get(0).getMessage());
        assertEquals(List.of(target), finalDirectories);
        assertEquals(target, w.directory());
        assertEquals(1, seen.size());
        assertTrue(seen.get(0).getFileName().toString().startsWith(RunRecorder.INCOMPLETE_PREFIX), seen.toString());
        assertFalse(Files.exists(seen.get(0)), "the hidden directory was moved into place");
        assertEquals("# report", Files.readString(target.resolve("report.md")));
        assertTrue(RunRecords.isRecord(target));
        assertEquals(w.summary(), RunRecords.summary(target));
    }
}
