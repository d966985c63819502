package org.occam.bench;

import org.occam.core.math.Gemm;
import org.occam.core.math.ThreadPolicy;
import org.occam.core.math.GemmBackend;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One GEMM per invocation, for each backend, kernel thread count, product (A·B, A·Bᵀ, Aᵀ·B) and
 * shape {@code m×n×k} of C and the inner dimension. GFLOP/s = 2·m·n·k / (µs per op) / 1000.
 * The shapes are those of an MLP step at batch 64 (64×128×128, 128×128×64) and a larger layer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBenchmark {
    @Param({"vector", "java"})
    public String backend;

    @Param({"1", "2"})
    public int threads;

    @Param({"A·B", "A·Bt", "At·B"})
    public String op;

    @Param({"64x128x128", "128x128x64", "64x2x128", "256x784x128"})
    public String shape;

    private GemmBackend kernel;
    private boolean ta;
    private boolean tb;
    private int m;
    private int n;
    private int k;
    private double[] a;
    private double[] b;
    private double[] c;

    /** Builds the operands. */
    @Setup
    public void setUp() {
        kernel = Gemm.selectBackend(backend, Gemm.vectorAvailable());
        ThreadPolicy.setThreads(threads);
        ThreadPolicy.setBackOff(false);      // measure the split itself, even where it does not pay
        String[] s = shape.split("x");
        m = Integer.parseInt(s[0]);
        n = Integer.parseInt(s[1]);
        k = Integer.parseInt(s[2]);
        ta = op.startsWith("At");
        tb = op.endsWith("Bt");
        SplittableRandom rng = new SplittableRandom(1);
        a = rng.doubles((long) m * k, -1, 1).toArray();
        b = rng.doubles((long) k * n, -1, 1).toArray();
        c = new double[m * n];
    }

    /** Back to one kernel thread. */
    @TearDown
    public void tearDown() {
        ThreadPolicy.setThreads(1);
        ThreadPolicy.setBackOff(true);
    }

    /** @return C, so the product is not dead code */
    @Benchmark
    public double[] gemm() {
        kernel.gemm(ta, tb, m, n, k, 1.0, a, ta ? m : k, b, tb ? k : n, 0.0, c, n);
        return c;
    }
}
