package org.occam.experiments.record;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.experiments.ExperimentConfig;
import org.occam.experiments.ExperimentRunner;
import org.occam.experiments.RunResult;
import org.occam.experiments.Warmup;
import org.occam.experiments.data.BaseDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The record's warm-up (run while the run trains) succeeds, and a record written while it runs is
 * the record written without it: the same history.csv, model file and provenance, and run.json
 * apart from its run id and time.
 */
class RecordWarmupTest {
    @TempDir
    Path tmp;

    @Test
    void aRecordWrittenWhileTheWarmupRunsIsTheSameRecord() throws IOException {
        ExperimentConfig.Loaded loaded = ExperimentConfig.load(BaseDir.resolve("configs/moons-l2-keras.xml"), List.of("trainer.epochs=3"));
        RunResult result = ExperimentRunner.execute(loaded.experiment(), null, null);
        RunRecorder.Written plain = RunRecorder.write(result, loaded.configText(), tmp.resolve("a").resolve("r1"), "r1", List.of());
        for (int i = 0; i < 3; i++) {
            Warmup w = RunRecorder.warmUp();
            RunRecorder.Written warm = RunRecorder.write(result, loaded.configText(), tmp.resolve("b" + i).resolve("r1"), "r1", List.of());
            assertNull(w.await(), "the warm-up failed");
            assertEquals(plain.provenanceJson(), warm.provenanceJson());
            for (String f : List.of(RunRecorder.HISTORY_CSV, RunRecorder.MODEL_FILE, RunRecorder.CONFIG_FILE)) {
                assertArrayEquals(Files.readAllBytes(plain.directory().resolve(f)), Files.readAllBytes(warm.directory().resolve(f)), f);
            }
            assertEquals(withoutTime(Files.readString(plain.directory().resolve(RunRecorder.RUN_JSON))),
                    withoutTime(Files.readString(warm.directory().resolve(RunRecorder.RUN_JSON))));
        }
    }

    private static String withoutTime(String runJson) {
        return runJson.replaceAll("\"created\" : \"[^\"]*\"", "\"created\" : \"-\"")
                .replaceAll("\"recordPath\" : \"[^\"]*\"", "\"recordPath\" : \"-\"");
    }
}
