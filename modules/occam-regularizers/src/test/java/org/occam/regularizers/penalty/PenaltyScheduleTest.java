package org.occam.regularizers.penalty;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.core.history.EpochRecord;
import org.occam.core.nn.Parameter;
import org.occam.core.spi.LambdaConvention;
import org.occam.core.spi.PenaltyContext;
import org.occam.core.spi.TrainingClock;
import org.occam.regularizers.testing.Parameters;
import org.occam.regularizers.testing.PluginChecks;
import org.occam.regularizers.testing.TinyTraining;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PenaltyScheduleTest {

    private static PenaltyContext at(int epoch) {
        return new PenaltyContext(100, 10, new TrainingClock(epoch, epoch * 10L, 0, 10, 50));
    }

    @Test
    void factorRampsLinearlyAfterTheDelay() {
        // s₀ = 0.2, D = 2, R = 4: 0.2 0.2 | 0.2 0.4 0.6 0.8 | 1 1 ...
        double[] expected = {0.2, 0.2, 0.2, 0.4, 0.6, 0.8, 1, 1, 1};
        for (int e = 0; e < expected.length; e++) {
            assertEquals(expected[e], PenaltySchedule.factor(e, 0.2, 2, 4), 1e-15, "epoch " + e);
        }
        assertEquals(1.0, PenaltySchedule.factor(1000, 0.2, 2, 4));
        // defaults s₀ = 0, D = 0, R = 10: s = e/10 for e < 10
        PenaltySchedule defaults = new PenaltySchedule(new L2(0.1, LambdaConvention.KERAS), 0.0, 0, 10);
        for (int e = 0; e <= 12; e++) {
            assertEquals(Math.min(1.0, e / 10.0), defaults.factor(at(e)), 1e-15, "epoch " + e);
        }
        assertEquals(0.0, defaults.factor(at(0)));
        // no ramp: s₀ until D, then 1
        assertEquals(0.5, PenaltySchedule.factor(2, 0.5, 3, 0));
        assertEquals(1.0, PenaltySchedule.factor(3, 0.5, 3, 0));
    }

    @Test
    void wrappedL2LossAndGradientAreScaledByTheFactor() {
        double lambda = 0.3;
        L2 l2 = new L2(lambda, LambdaConvention.KERAS);
        PenaltySchedule schedule = new PenaltySchedule(l2, 0.0, 1, 4);
        for (int e = 0; e <= 6; e++) {
            double s = Math.min(1.0, Math.max(0, e - 1) / 4.0);
            List<Parameter> ps = Parameters.network();
            Parameter w = ps.get(0);
            double[] g0 = {0.5, -0.25, 1, 2, -3, 0.125};
            System.arraycopy(g0, 0, w.gradient().data(), 0, g0.length);
            double sumSquares = 0;
            for (double v : w.value().data()) {
                sumSquares += v * v;
            }
            // KERAS: loss λ·Σw², gradient 2λ·w, both times s
            assertEquals(s * lambda * sumSquares, schedule.loss(w, at(e)), 1e-12, "loss at epoch " + e);
            schedule.addGradient(w, at(e));
            for (int i = 0; i < g0.length; i++) {
                assertEquals(g0[i] + s * 2 * lambda * w.value().data()[i], w.gradient().data()[i], 1e-15, "epoch " + e + " [" + i + "]");
            }
            if (s == 0) {
                assertArrayEquals(g0, w.gradient().data(), "s = 0 must leave the gradient bit-for-bit");
            }
            if (s == 1) {
                Parameter bare = Parameters.network().get(0);
                System.arraycopy(g0, 0, bare.gradient().data(), 0, g0.length);
                l2.addGradient(bare, at(e));
                assertArrayEquals(bare.gradient().data(), w.gradient().data(), "a finished ramp must be the bare penalty");
                assertEquals(l2.loss(bare, at(e)), schedule.loss(w, at(e)));
            }
        }
    }

    @Test
    void afterStepUpdatesUseTheScaledLearningRate() {
        double lambda = 0.2;
        double eta = 0.5;
        PenaltySchedule decay = new PenaltySchedule(new DecoupledWeightDecay(lambda), 0.0, 0, 4);
        for (int e = 0; e <= 5; e++) {
            double s = Math.min(1.0, e / 4.0);
            Parameter w = Parameters.network().get(0);
            double[] w0 = w.value().data().clone();
            decay.addGradient(w, at(e));
            assertArrayEquals(new double[6], w.gradient().data(), "decoupled decay has no gradient term");
            decay.afterStep(w, eta, at(e));
            for (int i = 0; i < w0.length; i++) {
                assertEquals((1 - eta * s * lambda) * w0[i], w.value().data()[i], 1e-15);
            }
        }
        // proximal L1: threshold η·s·c with c = λ (KERAS)
        PenaltySchedule prox = new PenaltySchedule(new L1(0.4, LambdaConvention.KERAS, L1.Update.PROXIMAL), 0.0, 0, 2);
        Parameter w = Parameters.network().get(0); // 3, −4, 0.1, 0.2, −0.5, 2
        prox.afterStep(w, 1.0, at(1)); // s = 0.5: threshold 0.2
        assertArrayEquals(new double[]{2.8, -3.8, 0, 0, -0.3, 1.8}, w.value().data(), 1e-15);
    }

    @Test
    void scopeIsTheWrappedPenaltysScope() {
        L2 wide = new L2(0.1, LambdaConvention.KERAS, true, true, List.of());
        PenaltySchedule s = new PenaltySchedule(wide, 0.0, 0, 3);
        List<Parameter> ps = Parameters.network();
        assertEquals(wide.scope().select("x", ps), s.scope().select("x", ps));
        assertEquals(6, s.scope().select("x", ps).size());
        PenaltySchedule narrow = new PenaltySchedule(new L2(0.1, LambdaConvention.KERAS), 0.0, 0, 3);
        assertEquals(List.of(ps.get(0), ps.get(2)), narrow.scope().select("x", ps));
    }

    @Test
    void trainingReportsAZeroPenaltyDuringTheDelayThenTheRampedOne() {
        PenaltySchedule warmup = new PenaltySchedule(new L2(5.0, LambdaConvention.DATASET), 0.0, 2, 3);
        TinyTraining.Result r = TinyTraining.train(TinyTraining.blobs(128, 4, 11), new int[]{16}, 12,
                TinyTraining.Plugins.withPenalties(warmup), 7);
        TinyTraining.assertLossFiniteAndDecreasing(r.history());
        List<EpochRecord> epochs = r.history().epochs();
        assertEquals(0.0, epochs.get(0).penaltyLosses().get("PenaltySchedule"));
        assertEquals(0.0, epochs.get(2).penaltyLosses().get("PenaltySchedule"), "epoch index 2 starts the ramp at s₀ = 0");
        for (int e = 3; e < epochs.size(); e++) {
            assertTrue(epochs.get(e).penaltyLosses().get("PenaltySchedule") > 0, "epoch " + e);
        }
        assertEquals(Map.of("PenaltySchedule", List.of("hidden1.weight")), r.history().penalizedTensors());
    }

    private static final String XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <config>
              <component name="l2" type="org.occam.regularizers.penalty.L2">
                <property name="lambda" value="0.5"/>
                <property name="convention" value="KERAS"/>
              </component>
              <component name="warmup" type="org.occam.regularizers.penalty.PenaltySchedule">
                <property name="penalty" value="l2"/>
                <property name="startFactor" value="0.1"/>
                <property name="delayEpochs" value="3"/>
                <property name="rampEpochs" value="7"/>
              </component>
            </config>
            """;

    @Test
    void configurationAndProvenance(@TempDir Path dir) throws IOException {
        PenaltySchedule s = new PenaltySchedule(new L2(0.5, LambdaConvention.KERAS), 0.1, 3, 7);
        Path file = dir.resolve("warmup.xml");
        Files.writeString(file, XML);
        ConfigurationManager cm = new ConfigurationManager(file.toString());
        PenaltySchedule loaded = (PenaltySchedule) cm.lookup("warmup");
        assertEquals(s.getProvenance(), loaded.getProvenance());
        assertEquals(s.toString(), loaded.toString());
        cm.close();
        PluginChecks.assertRoundTrips(dir, s);
        assertFalse(s.getProvenance().equals(new PenaltySchedule(new L2(0.6, LambdaConvention.KERAS), 0.1, 3, 7).getProvenance()),
                "the wrapped penalty's λ must be in the provenance");
        PenaltySchedule shipped = PluginChecks.exampleConfigComponent("moons-l2-warmup.xml", "warmup", PenaltySchedule.class);
        assertTrue(shipped.penalty() instanceof L2);
    }

    @Test
    void badSettingsNameTheProperty() {
        L2 l2 = new L2(0.1, LambdaConvention.KERAS);
        for (double bad : new double[]{-0.1, 1.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertEquals("startFactor", PluginChecks.failingProperty(() -> new PenaltySchedule(l2, bad, 0, 5)));
        }
        assertEquals("delayEpochs", PluginChecks.failingProperty(() -> new PenaltySchedule(l2, 0.0, -1, 5)));
        assertEquals("rampEpochs", PluginChecks.failingProperty(() -> new PenaltySchedule(l2, 0.0, 0, -1)));
        assertEquals("penalty", PluginChecks.failingProperty(() -> new PenaltySchedule(null, 0.0, 0, 5)));
    }
}
