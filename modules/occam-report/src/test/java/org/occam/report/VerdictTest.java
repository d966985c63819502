package org.occam.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.IntToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerdictTest {
    @TempDir
    Path dir;

    /** A run.json with train / validation accuracy and a balanced two-class training set. */
    private static JsonNode record(double trainAcc, double validAcc) throws Exception {
        String json = String.format(Locale.ROOT, """
                {"summary":{"task":"CLASSIFICATION"},
                 "metrics":{"train":{"accuracy":%f,"perClass":{"0":{"support":50},"1":{"support":50}}},
                            "validation":{"accuracy":%f}}}""", trainAcc, validAcc);
        return new ObjectMapper().readTree(json);
    }

    private HistoryTable history(int epochs, IntToDoubleFunction validationLoss, double trainAcc, double validAcc) throws Exception {
        StringBuilder sb = new StringBuilder("epoch,data_loss,validation_loss,train_accuracy,validation_accuracy\n");
        for (int e = 1; e <= epochs; e++) {
            sb.append(String.format(Locale.ROOT, "%d,0.1,%f,%f,%f%n", e, validationLoss.applyAsDouble(e), trainAcc, validAcc));
        }
        Path f = dir.resolve("h" + System.nanoTime() + ".csv");
        Files.writeString(f, sb.toString());
        return HistoryTable.read(f);
    }

    @Test
    void largeGapIsOverfitting() throws Exception {
        Verdict v = Verdict.of(record(1.0, 0.90), history(100, e -> 0.3, 1.0, 0.9));
        assertEquals(Verdict.Kind.OVERFITTING, v.kind());
        assertEquals(0.10, v.gap(), 1e-9);
        assertEquals(0.10, v.gapAtBest(), 1e-9);
    }

    @Test
    void minimumFollowedByARiseWithAModestGapIsOverfitting() throws Exception {
        // V-shaped validation loss: minimum 0.2 at epoch 40, back to 0.35 at epoch 100.
        Verdict v = Verdict.of(record(0.95, 0.92), history(100, e -> 0.2 + 0.0025 * Math.abs(e - 40), 0.95, 0.92));
        assertEquals(Verdict.Kind.OVERFITTING, v.kind(), v.reasons().toString());
        assertEquals(40, v.bestEpoch());
        assertTrue(v.rise() > 0.5, "rise " + v.rise());
        assertTrue(v.reasons().get(0).contains("followed by a rise"), v.reasons().toString());
    }

    @Test
    void riseWithoutAGapIsOnlyCalibrationAndStaysFine() throws Exception {
        Verdict v = Verdict.of(record(0.92, 0.915), history(100, e -> 0.2 + 0.0025 * Math.abs(e - 40), 0.92, 0.915));
        assertEquals(Verdict.Kind.FINE, v.kind(), v.reasons().toString());
    }

    @Test
    void poorTrainingFitIsUnderfitting() throws Exception {
        // 60% accuracy on a balanced set removes only 20% of the majority guess's 50% error.
        Verdict v = Verdict.of(record(0.60, 0.58), history(50, e -> 0.69, 0.6, 0.58));
        assertEquals(Verdict.Kind.UNDERFITTING, v.kind());
        assertEquals(0.2, v.fit(), 1e-9);
    }

    @Test
    void stillImprovingAtTheEndIsUnderfitting() throws Exception {
        Verdict v = Verdict.of(record(0.90, 0.89), history(100, e -> 1.0 / e, 0.9, 0.89));
        assertEquals(Verdict.Kind.UNDERFITTING, v.kind(), v.reasons().toString());
        assertTrue(v.reasons().get(0).startsWith("still improving"), v.reasons().toString());
    }

    @Test
    void flatCurveAndSmallGapIsFine() throws Exception {
        Verdict v = Verdict.of(record(0.91, 0.89), history(100, e -> 0.3 + (e % 2 == 0 ? 0.01 : -0.01), 0.91, 0.89));
        assertEquals(Verdict.Kind.FINE, v.kind(), v.reasons().toString());
    }

    @Test
    void withoutValidationTheGapIsAgainstTest() throws Exception {
        JsonNode r = new ObjectMapper().readTree("""
                {"summary":{"task":"CLASSIFICATION"},
                 "metrics":{"train":{"accuracy":1.0,"perClass":{"0":{"support":5},"1":{"support":5}}},"test":{"accuracy":0.8}}}""");
        Verdict v = Verdict.of(r, HistoryTable.read(dir.resolve("absent.csv")));
        assertEquals("test", v.gapAgainst());
        assertEquals(Verdict.Kind.OVERFITTING, v.kind());
        assertEquals(0, v.bestEpoch());
    }

    @Test
    void regressionUsesTrainingR2AndTheRelativeMseGap() throws Exception {
        JsonNode r = new ObjectMapper().readTree("""
                {"summary":{"task":"REGRESSION"},
                 "metrics":{"train":{"mse":0.5,"r2":0.9},"validation":{"mse":1.0,"r2":0.6}}}""");
        Verdict v = Verdict.of(r, HistoryTable.read(dir.resolve("absent.csv")));
        assertEquals(0.5, v.gap(), 1e-12);
        assertEquals(Verdict.Kind.OVERFITTING, v.kind());
        JsonNode poor = new ObjectMapper().readTree("""
                {"summary":{"task":"REGRESSION"},
                 "metrics":{"train":{"mse":0.8,"r2":0.2},"validation":{"mse":0.85,"r2":0.15}}}""");
        assertEquals(Verdict.Kind.UNDERFITTING, Verdict.of(poor, HistoryTable.read(dir.resolve("absent.csv"))).kind());
    }
}
