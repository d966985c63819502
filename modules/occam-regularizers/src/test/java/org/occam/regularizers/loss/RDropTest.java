package org.occam.regularizers.loss;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.core.history.TrainingHistory;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Activation;
import org.occam.core.nn.Initializer;
import org.occam.core.nn.Network;
import org.occam.core.nn.Parameter;
import org.occam.core.nn.RegressionLoss;
import org.occam.core.nn.SoftmaxCrossEntropy;
import org.occam.core.optim.Sgd;
import org.occam.core.spi.LayerPlugin;
import org.occam.core.spi.LossHook;
import org.occam.core.train.EpochEvaluator;
import org.occam.core.train.Hooks;
import org.occam.core.train.MlpBuilder;
import org.occam.core.train.TrainingLoop;
import org.occam.core.train.TrainingPlan;
import org.occam.regularizers.layer.Dropout;
import org.occam.regularizers.testing.PluginChecks;
import org.occam.regularizers.testing.TinyTraining;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RDropTest {

    /** An independent closed form: α·mean_r ½(KL(p‖q) + KL(q‖p)) from softmax probabilities. */
    private static double reference(Matrix logits, double alpha) {
        int b = logits.rows() / 2;
        double total = 0;
        for (int r = 0; r < b; r++) {
            double[] p = softmax(logits, r);
            double[] q = softmax(logits, r + b);
            for (int j = 0; j < p.length; j++) {
                total += 0.5 * (p[j] * Math.log(p[j] / q[j]) + q[j] * Math.log(q[j] / p[j]));
            }
        }
        return alpha * total / b;
    }

    private static double[] softmax(Matrix m, int row) {
        double[] e = new double[m.cols()];
        double s = 0;
        for (int j = 0; j < e.length; j++) {
            e[j] = Math.exp(m.get(row, j));
            s += e[j];
        }
        for (int j = 0; j < e.length; j++) {
            e[j] /= s;
        }
        return e;
    }

    private static Matrix randomLogits(int rows, int cols, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Matrix m = new Matrix(rows, cols);
        for (int i = 0; i < m.size(); i++) {
            m.data()[i] = 2 * rng.nextGaussian();
        }
        return m;
    }

    @Test
    void kernelMatchesTheClosedFormAndItsGradientMatchesFiniteDifferences() {
        Matrix z = randomLogits(6, 4, 3);
        double alpha = 0.7;
        Matrix grad = new Matrix(6, 4);
        double term = RDrop.symmetricKl(z, alpha, grad);
        assertEquals(reference(z, alpha), term, 1e-12);
        double h = 1e-6;
        for (int i = 0; i < z.size(); i++) {
            double saved = z.data()[i];
            z.data()[i] = saved + h;
            double up = RDrop.symmetricKl(z, alpha, new Matrix(6, 4));
            z.data()[i] = saved - h;
            double down = RDrop.symmetricKl(z, alpha, new Matrix(6, 4));
            z.data()[i] = saved;
            double numeric = (up - down) / (2 * h);
            double err = Math.abs(numeric - grad.data()[i]) / Math.max(1e-3, Math.abs(numeric) + Math.abs(grad.data()[i]));
            assertTrue(err < 1e-6, "logit " + i + ": analytic " + grad.data()[i] + ", numeric " + numeric);
        }
    }

    @Test
    void identicalPassesGiveNoTermAndNoGradient() {
        Matrix one = randomLogits(3, 5, 8);
        Matrix z = new Matrix(6, 5);
        System.arraycopy(one.data(), 0, z.data(), 0, one.size());
        System.arraycopy(one.data(), 0, z.data(), one.size(), one.size());
        Matrix grad = new Matrix(6, 5);
        assertEquals(0.0, RDrop.symmetricKl(z, 3.0, grad), 1e-15);
        assertEquals(0.0, grad.maxAbs(), 1e-15);
    }

    private static TrainingHistory train(Network net, TinyTraining.Data d, List<LossHook> hooks, org.occam.core.nn.Loss loss) {
        TrainingPlan plan = new TrainingPlan(5, 16, true, false, new Sgd(0.05, 0.9, false), Hooks.none().withLossHooks(hooks));
        return new TrainingLoop(net, loss, plan, EpochEvaluator.none(), d.x(), d.y(), null, null, new SplittableRandom(4)).run();
    }

    private static Network net(List<LayerPlugin> plugins) {
        return MlpBuilder.build(4, new int[]{12, 12}, Activation.RELU, 2, Initializer.HE_UNIFORM, plugins, new SplittableRandom(9));
    }

    @Test
    void withoutStochasticLayersRDropIsPlainTraining() {
        TinyTraining.Data d = TinyTraining.blobs(64, 4, 2);
        Network plain = net(List.of());
        Network rdrop = net(List.of());
        train(plain, d, List.of(), new SoftmaxCrossEntropy());
        TrainingHistory h = train(rdrop, d, List.of(new RDrop(2.0)), new SoftmaxCrossEntropy());
        assertEquals(0.0, h.last().penaltyLosses().get("RDrop"), 1e-14);
        for (int i = 0; i < plain.parameters().size(); i++) {
            Parameter a = plain.parameters().get(i);
            Parameter b = rdrop.parameters().get(i);
            for (int k = 0; k < a.value().size(); k++) {
                // the mean over [x; x] sums each row's gradient twice: equal up to rounding
                assertEquals(a.value().data()[k], b.value().data()[k], 1e-12, a.name());
            }
        }
    }

    @Test
    void withDropoutTheKlTermIsReportedApartAndTrainingConverges() {
        TinyTraining.Data d = TinyTraining.blobs(64, 4, 2);
        TrainingHistory h = train(net(List.of(new Dropout(0.3))), d, List.of(new RDrop(1.0)), new SoftmaxCrossEntropy());
        double kl = h.epochs().get(0).penaltyLosses().get("RDrop");
        assertTrue(kl > 0, "two dropout passes disagree: " + h.epochs().get(0));
        assertEquals(h.last().dataLoss() + h.last().penaltyLosses().get("RDrop"), h.last().totalLoss(), 1e-12);
        assertTrue(h.last().dataLoss() < h.epochs().get(0).dataLoss());
    }

    @Test
    void aRegressionHeadIsRejected() {
        TinyTraining.Data d = TinyTraining.blobs(32, 4, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> train(net(List.of()), d,
                List.of(new RDrop(1.0)), new RegressionLoss(RegressionLoss.Kind.SQUARED, 1.0)));
        assertTrue(e.getMessage().contains("RDrop"), e.getMessage());
    }

    @Test
    void configurationAndProvenance(@TempDir Path dir) throws IOException {
        RDrop r = new RDrop(0.5);
        PluginChecks.assertXmlMatches(dir, r, "<property name=\"alpha\" value=\"0.5\"/>");
        PluginChecks.assertRoundTrips(dir, r);
        assertEquals(1.0, PluginChecks.exampleConfigComponent("moons-rdrop.xml", "rdrop", RDrop.class).alpha());
    }

    @Test
    void badSettingsNameTheProperty() {
        for (double bad : new double[]{-0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertEquals("alpha", PluginChecks.failingProperty(() -> new RDrop(bad)));
        }
    }
}
