package org.occam.core.train;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.occam.core.math.Gemm;
import org.occam.core.math.ThreadPolicy;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Activation;
import org.occam.core.nn.Initializer;
import org.occam.core.nn.Network;
import org.occam.core.nn.SoftmaxCrossEntropy;
import org.occam.core.optim.Sgd;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Same seed ⇒ bit-identical parameters whether the kernels use one thread or two (DESIGN §7). */
public class KernelThreadsTrainingTest {

    @AfterEach
    void reset() {
        ThreadPolicy.setThreads(1);
        ThreadPolicy.setParallelThreshold(1L << 20);
        ThreadPolicy.setBackOff(true);
    }

    private static List<Matrix> train(int threads) {
        ThreadPolicy.setThreads(threads);
        ThreadPolicy.setParallelThreshold(0);
        ThreadPolicy.setBackOff(false);               // split every product, however small, even where it does not pay
        SplittableRandom data = new SplittableRandom(99);
        int n = 300;
        int features = 13;
        Matrix x = new Matrix(n, features);
        Matrix y = new Matrix(n, 3);
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int f = 0; f < features; f++) {
                double v = data.nextGaussian();
                x.set(i, f, v);
                s += v * (f % 3 - 1);
            }
            y.set(i, s > 0.5 ? 0 : s < -0.5 ? 1 : 2, 1.0);
        }
        SplittableRandom rng = new SplittableRandom(2024);
        Network net = MlpBuilder.build(features, new int[]{37, 21}, Activation.RELU, 3, Initializer.HE_UNIFORM,
                List.of(), rng.split());
        TrainingPlan plan = new TrainingPlan(3, 32, true, false, new Sgd(0.05, 0.9, false),
                List.of(), List.of(), List.of(), List.of(), List.of());
        new TrainingLoop(net, new SoftmaxCrossEntropy(), plan, EpochEvaluator.none(), x, y, null, null, rng.split()).run();
        return net.snapshot();
    }

    @Test
    public void oneAndTwoKernelThreadsGiveTheSameBits() {
        List<Matrix> one = train(1);
        List<Matrix> two = train(2);
        assertEquals(one.size(), two.size());
        for (int i = 0; i < one.size(); i++) {
            assertArrayEquals(one.get(i).data(), two.get(i).data(), "parameter " + i);
        }
    }
}
