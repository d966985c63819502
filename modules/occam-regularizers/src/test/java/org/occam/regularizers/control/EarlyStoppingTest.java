package org.occam.regularizers.control;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.core.history.EpochRecord;
import org.occam.core.history.TrainingHistory;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Activation;
import org.occam.core.nn.Initializer;
import org.occam.core.nn.Network;
import org.occam.core.nn.RegressionLoss;
import org.occam.core.optim.Sgd;
import org.occam.core.spi.StoppingRule;
import org.occam.core.train.EpochEvaluator;
import org.occam.core.train.MlpBuilder;
import org.occam.core.train.TrainingLoop;
import org.occam.core.train.TrainingPlan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class EarlyStoppingTest {

    private static EpochRecord record(int epoch, double validationLoss, double accuracy) {
        return new EpochRecord(epoch, 1.0, Map.of(), 1.0, validationLoss, Map.of(), Map.of("accuracy", accuracy),
                List.of(), 0.1, 0);
    }

    private static Network tinyNetwork() {
        return MlpBuilder.build(1, new int[]{3}, Activation.TANH, 1, Initializer.GLOROT_UNIFORM, List.of(), new SplittableRandom(1));
    }

    /** Feeds a sequence of validation losses; returns the 1-based epoch at which the rule stops, or -1. */
    private static int stopEpoch(EarlyStopping rule, double... losses) {
        StoppingRule.StoppingMonitor m = rule.start();
        Network net = tinyNetwork();
        for (int i = 0; i < losses.length; i++) {
            if (m.afterEpoch(record(i + 1, losses[i], 0), net).isPresent()) {
                return i + 1;
            }
        }
        return -1;
    }

    @Test
    public void patienceCountsEpochsWithoutImprovementAsKerasDoes() {
        // best at epoch 2; epochs 3 and 4 do not improve: with patience 2 Keras stops at epoch 4
        assertEquals(4, stopEpoch(new EarlyStopping("validation_loss", EarlyStopping.Direction.MIN, 2, 0, 1, 0.2, false),
                1.0, 0.9, 0.95, 0.96, 0.97));
        assertEquals(3, stopEpoch(new EarlyStopping("validation_loss", EarlyStopping.Direction.MIN, 0, 0, 1, 0.2, false),
                1.0, 0.9, 0.95));
        // an improvement resets the count
        assertEquals(-1, stopEpoch(new EarlyStopping("validation_loss", EarlyStopping.Direction.MIN, 2, 0, 1, 0.2, false),
                1.0, 1.1, 0.8, 0.9));
    }

    @Test
    public void minDeltaIgnoresTinyImprovements() {
        // 0.995 and 0.99 improve on 1.0 by less than 0.02: they do not count
        assertEquals(3, stopEpoch(new EarlyStopping("validation_loss", EarlyStopping.Direction.MIN, 2, 0.02, 1, 0.2, false),
                1.0, 0.995, 0.99));
        assertEquals(-1, stopEpoch(new EarlyStopping("validation_loss", EarlyStopping.Direction.MIN, 2, 0.0, 1, 0.2, false),
                1.0, 0.995, 0.99));
    }

    @Test
    public void startEpochDelaysStopping() {
        assertEquals(5, stopEpoch(new EarlyStopping("validation_loss", EarlyStopping.Direction.MIN, 1, 0, 5, 0.2, false),
                1.0, 2.0, 3.0, 4.0, 5.0));
    }

    @Test
    public void maxModeForAccuracy() {
        StoppingRule.StoppingMonitor m = new EarlyStopping("validation_accuracy", EarlyStopping.Direction.MAX, 1, 0, 1, 0.2, false).start();
        Network net = tinyNetwork();
        assertFalse(m.afterEpoch(record(1, 1, 0.5), net).isPresent());
        assertFalse(m.afterEpoch(record(2, 1, 0.7), net).isPresent());
        Optional<String> stop = m.afterEpoch(record(3, 1, 0.6), net);
        assertTrue(stop.isPresent());
        assertTrue(stop.get().contains("validation_accuracy") && stop.get().contains("epoch 2"), stop.get());
    }

    @Test
    public void restoresTheBestEpochsWeightsBitForBit() {
        // noisy 1-D regression with a validation set: the loop stops early and must end with exactly
        // the weights a run of bestEpoch epochs (same seed, same data, no stopping rule) ends with
        SplittableRandom data = new SplittableRandom(3);
        Matrix x = new Matrix(40, 1), y = new Matrix(40, 1), vx = new Matrix(20, 1), vy = new Matrix(20, 1);
        for (int i = 0; i < 40; i++) {
            x.set(i, 0, data.nextDouble(-2, 2));
            y.set(i, 0, Math.sin(x.get(i, 0)) + data.nextGaussian());
        }
        for (int i = 0; i < 20; i++) {
            vx.set(i, 0, data.nextDouble(-2, 2));
            vy.set(i, 0, Math.sin(vx.get(i, 0)));
        }
        EarlyStopping es = new EarlyStopping("validation_loss", EarlyStopping.Direction.MIN, 5, 0, 1, 0.0, true);
        Network a = MlpBuilder.build(1, new int[]{64, 64}, Activation.TANH, 1, Initializer.GLOROT_UNIFORM, List.of(), new SplittableRandom(9));
        TrainingHistory h = new TrainingLoop(a, new RegressionLoss(RegressionLoss.Kind.SQUARED, 1), plan(500, es), EpochEvaluator.none(),
                x, y, vx, vy, new SplittableRandom(11)).run();
        assertTrue(h.stopReason().contains("early stopping") && h.stopReason().contains("restored the weights of epoch"), h.stopReason());
        int best = Integer.parseInt(h.stopReason().replaceAll(".*restored the weights of epoch (\\d+).*", "$1"));
        assertTrue(h.epochsRun() == best + 5 && best < 495, "ran " + h.epochsRun() + ", best " + best);
        double bestLoss = h.epochs().stream().mapToDouble(EpochRecord::validationLoss).min().orElseThrow();
        assertEquals(bestLoss, h.epochs().get(best - 1).validationLoss(), 0.0);

        Network b = MlpBuilder.build(1, new int[]{64, 64}, Activation.TANH, 1, Initializer.GLOROT_UNIFORM, List.of(), new SplittableRandom(9));
        new TrainingLoop(b, new RegressionLoss(RegressionLoss.Kind.SQUARED, 1), plan(best, null), EpochEvaluator.none(),
                x, y, vx, vy, new SplittableRandom(11)).run();
        for (int i = 0; i < a.parameters().size(); i++) {
            assertEquals(b.parameters().get(i).value(), a.parameters().get(i).value(), a.parameters().get(i).name());
        }
    }

    private static TrainingPlan plan(int epochs, StoppingRule rule) {
        return new TrainingPlan(epochs, 8, true, false, new Sgd(0.05, 0.9, false), List.of(), List.of(), List.of(), List.of(),
                rule == null ? List.of() : List.of(rule));
    }

    @Test
    public void validationMonitorWithoutValidationDataSaysSo() {
        StoppingRule.StoppingMonitor m = new EarlyStopping("validation_loss", EarlyStopping.Direction.MIN, 1, 0, 1, 0.0, true).start();
        PropertyException e = assertThrows(PropertyException.class, () -> m.afterEpoch(record(1, Double.NaN, 0), tinyNetwork()));
        assertTrue(e.getMessage().contains("validationFraction"), e.getMessage());
        StoppingRule.StoppingMonitor m2 = new EarlyStopping("validation_f1", EarlyStopping.Direction.MAX, 1, 0, 1, 0.2, true).start();
        PropertyException e2 = assertThrows(PropertyException.class, () -> m2.afterEpoch(record(1, 1, 0), tinyNetwork()));
        assertTrue(e2.getMessage().contains("monitor") && e2.getMessage().contains("accuracy"), e2.getMessage());
    }

    @Test
    public void validationFractionOnlyForValidationMonitors() {
        assertEquals(0.3, new EarlyStopping("validation_loss", EarlyStopping.Direction.MIN, 1, 0, 1, 0.3, true).validationFraction(), 0);
        assertEquals(0.0, new EarlyStopping("train_loss", EarlyStopping.Direction.MIN, 1, 0, 1, 0.3, true).validationFraction(), 0);
    }

    @Test
    public void badSettingsNameTheProperty() {
        assertProperty("patience", () -> new EarlyStopping("validation_loss", EarlyStopping.Direction.MIN, -1, 0, 1, 0.2, true));
        assertProperty("minDelta", () -> new EarlyStopping("validation_loss", EarlyStopping.Direction.MIN, 1, -0.1, 1, 0.2, true));
        assertProperty("minDelta", () -> new EarlyStopping("validation_loss", EarlyStopping.Direction.MIN, 1, Double.NaN, 1, 0.2, true));
        assertProperty("startEpoch", () -> new EarlyStopping("validation_loss", EarlyStopping.Direction.MIN, 1, 0, 0, 0.2, true));
        assertProperty("validationFraction", () -> new EarlyStopping("validation_loss", EarlyStopping.Direction.MIN, 1, 0, 1, 1.0, true));
        assertProperty("validationFraction", () -> new EarlyStopping("validation_loss", EarlyStopping.Direction.MIN, 1, 0, 1, -0.1, true));
        assertProperty("monitor", () -> new EarlyStopping("val_loss", EarlyStopping.Direction.MIN, 1, 0, 1, 0.2, true));
        assertProperty("mode", () -> new EarlyStopping("validation_accuracy", EarlyStopping.Direction.MIN, 1, 0, 1, 0.2, true));
        assertProperty("mode", () -> new EarlyStopping("validation_loss", EarlyStopping.Direction.MAX, 1, 0, 1, 0.2, true));
    }

    private static void assertProperty(String property, Runnable r) {
        PropertyException e = assertThrows(PropertyException.class, r::run);
        assertEquals(property, e.getProperty(), e.getMessage());
    }

    @Test
    public void configRoundTripAndProvenance(@TempDir Path dir) throws Exception {
        Path xml = dir.resolve("es.xml");
        Files.writeString(xml, "<config><component name=\"es\" type=\"org.occam.regularizers.control.EarlyStopping\">"
                + "<property name=\"monitor\" value=\"validation_accuracy\"/><property name=\"mode\" value=\"MAX\"/>"
                + "<property name=\"patience\" value=\"7\"/><property name=\"minDelta\" value=\"0.001\"/>"
                + "<property name=\"startEpoch\" value=\"3\"/><property name=\"validationFraction\" value=\"0.25\"/>"
                + "<property name=\"restoreBestWeights\" value=\"false\"/></component></config>");
        EarlyStopping loaded = (EarlyStopping) new ConfigurationManager(xml.toString()).lookup("es");
        EarlyStopping built = new EarlyStopping("validation_accuracy", EarlyStopping.Direction.MAX, 7, 0.001, 3, 0.25, false);
        assertEquals(built.getProvenance(), loaded.getProvenance());
        assertEquals(built.toString(), loaded.toString());
        var marshalled = com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil.marshalProvenance(built.getProvenance());
        assertEquals(built.getProvenance(), com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil.unmarshalProvenance(marshalled));
    }
}
