package org.occam.regularizers.layer;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.junit.jupiter.api.Test;
import org.occam.core.history.TrainingHistory;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Activation;
import org.occam.core.nn.Initializer;
import org.occam.core.nn.Mode;
import org.occam.core.nn.Network;
import org.occam.core.nn.SoftmaxCrossEntropy;
import org.occam.core.optim.Adam;
import org.occam.core.train.EpochEvaluator;
import org.occam.core.train.MlpBuilder;
import org.occam.core.train.TrainingLoop;
import org.occam.core.train.TrainingPlan;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class VariationalDropoutTest {
    private static final SoftmaxCrossEntropy LOSS = new SoftmaxCrossEntropy();

    @Test
    public void klApproximationMatchesTheFormula() {
        double la = Math.log(0.25);
        double a = 0.25;
        assertEquals(-(0.5 * la + 1.16145124 * a - 1.50204118 * a * a + 0.58629921 * a * a * a), VariationalDropout.klTerm(la), 1e-15);
    }

    /** With ε fixed (same seed), ∂(data loss + KL/n)/∂logα matches central differences. */
    @Test
    public void logAlphaGradientMatchesFiniteDifferences() {
        SplittableRandom r = new SplittableRandom(3);
        Matrix x = new Matrix(4, 3);
        Matrix y = new Matrix(4, 3);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) {
                x.set(i, j, r.nextGaussian());
            }
            y.set(i, i % 3, 1);
        }
        double[] la = {-0.5, -1.2, -2.0};
        VariationalDropout.NoiseLayer l = new VariationalDropout.NoiseLayer("v", new Matrix(1, 3, la.clone()), 1.0, new SplittableRandom(9));
        Matrix out = l.forward(x, Mode.TRAIN);
        Matrix g = new Matrix(4, 3);
        LOSS.lossAndGradient(out, y, g);
        Matrix gin = l.backward(g, true);
        l.addAuxiliaryGradient(10, 4);
        double h = 1e-6;
        for (int j = 0; j < 3; j++) {
            double[] plus = la.clone();
            plus[j] += h;
            double[] minus = la.clone();
            minus[j] -= h;
            double numeric = (objective(plus, x, y) - objective(minus, x, y)) / (2 * h);
            double analytic = l.parameters().get(0).gradient().data()[j];
            assertEquals(numeric, analytic, 1e-6 * Math.max(1, Math.abs(numeric)), "logAlpha[" + j + "]");
        }
        // input gradient = g ⊙ (1 + √α ε): check one entry by differences on the input
        double[] xd = x.data();
        double keep = xd[4];
        xd[4] = keep + h;
        double p = objective(la, x, y);
        xd[4] = keep - h;
        double m = objective(la, x, y);
        xd[4] = keep;
        assertEquals((p - m) / (2 * h), gin.data()[4], 1e-6);
    }

    private static double objective(double[] la, Matrix x, Matrix y) {
        VariationalDropout.NoiseLayer l = new VariationalDropout.NoiseLayer("v", new Matrix(1, 3, la.clone()), 1.0, new SplittableRandom(9));
        return LOSS.lossAndGradient(l.forward(x, Mode.TRAIN), y, null) + l.auxiliaryLoss(10, 4);
    }

    @Test
    public void noiseHasMeanOneAndVarianceAlpha() {
        double p = 0.2;
        VariationalDropout.NoiseLayer l = (VariationalDropout.NoiseLayer) new VariationalDropout(p, 1).createLayer(
                new org.occam.core.spi.LayerSlot("hidden1", 1, 1, 1, org.occam.core.spi.LayerSlot.Position.AFTER_ACTIVATION), "v",
                new SplittableRandom(1)).orElseThrow();
        int n = 400_000;
        Matrix ones = new Matrix(n, 1);
        java.util.Arrays.fill(ones.data(), 1.0);
        Matrix y = l.forward(ones, Mode.TRAIN);
        double mean = 0, sq = 0;
        for (double v : y.data()) {
            mean += v;
            sq += v * v;
        }
        mean /= n;
        double var = sq / n - mean * mean;
        double alpha = p / (1 - p);
        assertEquals(1.0, mean, 4 * Math.sqrt(alpha / n));
        assertEquals(alpha, var, 4 * alpha * Math.sqrt(2.0 / n));
        assertSame(ones, l.forward(ones, Mode.INFER));
    }

    @Test
    public void trainsReportsKlAndSamples() {
        SplittableRandom r = new SplittableRandom(2);
        Matrix x = new Matrix(60, 2);
        Matrix y = new Matrix(60, 2);
        for (int i = 0; i < 60; i++) {
            x.set(i, 0, r.nextGaussian());
            x.set(i, 1, r.nextGaussian());
            y.set(i, x.get(i, 0) > 0 ? 1 : 0, 1);
        }
        Network net = MlpBuilder.build(2, new int[]{16}, Activation.RELU, 2, Initializer.HE_UNIFORM,
                List.of(new VariationalDropout(0.2, 1.0)), new SplittableRandom(5));
        TrainingHistory h = new TrainingLoop(net, LOSS, new TrainingPlan(30, 10, true, false, new Adam(0.01), List.of(), List.of(), List.of(),
                List.of(), List.of()), EpochEvaluator.none(), x, y, null, null, new SplittableRandom(6)).run();
        assertTrue(h.last().penaltyLosses().containsKey("hidden1.variationaldropout"), h.last().penaltyLosses().toString());
        assertTrue(h.last().dataLoss() < h.epochs().get(0).dataLoss());
        Network copy = Network.fromProto(net.toProto());
        assertArrayEquals(net.forward(x, Mode.INFER).data(), copy.forward(x, Mode.INFER).data(), 0.0);
        assertArrayEquals(copy.sample(x, new SplittableRandom(1)).data(), copy.sample(x, new SplittableRandom(1)).data(), 0.0);
    }

    @Test
    public void badSettings() {
        for (double p : new double[]{0, 0.6, Double.NaN}) {
            assertEquals("initialDropProbability", assertThrows(PropertyException.class, () -> new VariationalDropout(p, 1)).getProperty());
        }
        assertEquals("klWeight", assertThrows(PropertyException.class, () -> new VariationalDropout(0.2, -1)).getProperty());
    }
}
