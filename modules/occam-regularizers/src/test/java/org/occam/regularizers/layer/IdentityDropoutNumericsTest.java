package org.occam.regularizers.layer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.occam.core.math.Matrix;
import org.occam.core.math.ThreadPolicy;
import org.occam.core.nn.Activation;
import org.occam.core.nn.Initializer;
import org.occam.core.nn.Mode;
import org.occam.core.nn.Network;
import org.occam.core.nn.SoftmaxCrossEntropy;
import org.occam.core.optim.Sgd;
import org.occam.core.spi.LayerPlugin;
import org.occam.core.train.EpochEvaluator;
import org.occam.core.train.MlpBuilder;
import org.occam.core.train.TrainingLoop;
import org.occam.core.train.TrainingPlan;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Dropout with p = 0 is an exact identity (every unit kept, scaled by 1/1), and adding it to a
 * network changes no bit of training: the gradient's sum over rows does not depend on whether the
 * minibatch runs whole (a network with a dropout layer) or data-parallel (a plain MLP on two threads).
 */
public class IdentityDropoutNumericsTest {

    @AfterEach
    void reset() {
        ThreadPolicy.setThreads(1);
        ThreadPolicy.setBackOff(true);
    }

    @Test
    public void dropoutWithPZeroIsTheIdentityBothWays() {
        SplittableRandom r = new SplittableRandom(5);
        DropoutLayer layer = new DropoutLayer("d", 7, 0.0, new SplittableRandom(1));
        Matrix x = new Matrix(9, 7);
        Matrix g = new Matrix(9, 7);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = r.nextGaussian() * Math.pow(10, r.nextInt(-300, 300));
            g.data()[i] = r.nextGaussian();
        }
        assertArrayEquals(x.data(), layer.forward(x, Mode.TRAIN).data());
        assertArrayEquals(g.data(), layer.backward(g, true).data());
    }

    private static List<Matrix> train(int threads, List<LayerPlugin> plugins) {
        ThreadPolicy.setThreads(threads);
        ThreadPolicy.setBackOff(false);
        SplittableRandom data = new SplittableRandom(12);
        int n = 230;
        Matrix x = new Matrix(n, 6);
        Matrix y = new Matrix(n, 2);
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int f = 0; f < 6; f++) {
                double v = data.nextGaussian();
                x.set(i, f, v);
                s += f % 2 == 0 ? v : -v;
            }
            y.set(i, s > 0 ? 0 : 1, 1.0);
        }
        SplittableRandom rng = new SplittableRandom(77);
        Network net = MlpBuilder.build(6, new int[]{40, 24}, Activation.RELU, 2, Initializer.HE_UNIFORM, plugins, rng.split());
        assertEquals(plugins.isEmpty() ? 5 : 7, net.layers().size());
        TrainingPlan plan = new TrainingPlan(3, 64, true, false, new Sgd(0.05, 0.9, true),
                List.of(), List.of(), List.of(), List.of(), List.of());
        new TrainingLoop(net, new SoftmaxCrossEntropy(), plan, EpochEvaluator.none(), x, y, null, null, rng.split()).run();
        return net.snapshot();
    }

    @Test
    public void addingDropoutWithPZeroChangesNoBit() {
        List<Matrix> plain = train(1, List.of());
        List<Matrix> plainTwo = train(2, List.of());
        List<Matrix> dropout = train(1, List.of(new Dropout(0.0)));
        List<Matrix> dropoutTwo = train(2, List.of(new Dropout(0.0)));
        assertEquals(plain.size(), dropout.size());
        for (int i = 0; i < plain.size(); i++) {
            assertArrayEquals(plain.get(i).data(), plainTwo.get(i).data(), "two threads, tensor " + i);
            assertArrayEquals(plain.get(i).data(), dropout.get(i).data(), "Dropout(p = 0), tensor " + i);
            assertArrayEquals(plain.get(i).data(), dropoutTwo.get(i).data(), "Dropout(p = 0), two threads, tensor " + i);
        }
    }
}
