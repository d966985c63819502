package org.occam.bench;

import org.occam.core.math.Gemm;
import org.occam.core.math.ThreadPolicy;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Activation;
import org.occam.core.nn.Initializer;
import org.occam.core.nn.Mode;
import org.occam.core.nn.Network;
import org.occam.core.nn.SoftmaxCrossEntropy;
import org.occam.core.optim.Sgd;
import org.occam.core.spi.Optimizer;
import org.occam.core.spi.TrainingClock;
import org.occam.core.train.MlpBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;

import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One minibatch step of the benchmark network — zero gradients, forward in TRAIN mode, softmax
 * cross-entropy, backward, SGD-momentum update — the work around the products included. Shapes:
 * {@code in→128→128→out} at batch 64 (20→…→2 is the 50k workload, 64→…→10 digits).
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class TrainStepBenchmark {
    @Param({"vector", "java"})
    public String backend;

    @Param({"1", "2"})
    public int threads;

    @Param({"20x2", "64x10"})
    public String io;

    private Network network;
    private Matrix x;
    private Matrix y;
    private Matrix grad;
    private Optimizer.OptimizerRun optimizer;
    private final SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
    private final TrainingClock clock = new TrainingClock(0, 0, 0, 1, 1);

    /** Builds the network and one batch. */
    @Setup
    public void setUp() {
        Gemm.setBackend(Gemm.selectBackend(backend, Gemm.vectorAvailable()));
        ThreadPolicy.setThreads(threads);
        ThreadPolicy.setBackOff(false);      // measure the split itself, even where it does not pay
        String[] s = io.split("x");
        int in = Integer.parseInt(s[0]);
        int out = Integer.parseInt(s[1]);
        SplittableRandom rng = new SplittableRandom(3);
        network = MlpBuilder.build(in, new int[]{128, 128}, Activation.RELU, out, Initializer.GLOROT_UNIFORM,
                List.of(), rng.split());
        x = new Matrix(64, in, rng.doubles(64L * in, -1, 1).toArray());
        y = new Matrix(64, out);
        for (int r = 0; r < 64; r++) {
            y.set(r, rng.nextInt(out), 1.0);
        }
        grad = new Matrix(64, out);
        optimizer = new Sgd(0.001, 0.9, false).start(network.parameters());
    }

    /** Back to the default backend and one thread. */
    @TearDown
    public void tearDown() {
        Gemm.setBackend(Gemm.selectBackend("auto", Gemm.vectorAvailable()));
        ThreadPolicy.setThreads(1);
        ThreadPolicy.setBackOff(true);
    }

    /** @return the loss, so the step is not dead code */
    @Benchmark
    public double step() {
        network.zeroGradients();
        Matrix logits = network.forward(x, Mode.TRAIN);
        double l = loss.lossAndGradient(logits, y, grad);
        network.backward(grad);
        optimizer.step(clock);
        return l;
    }
}
