package org.occam.core.math;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What every test of the vector backend's kernels shares: it runs only where the Vector API module is
 * present, and it leaves the thread policy as it found it (one thread, the default split threshold, back-off on).
 */
abstract class VectorBackendTests {

    @BeforeAll
    static void vectorModule() {
        assumeTrue(Gemm.vectorAvailable(), "the Vector API module is not available");
    }

    @AfterEach
    void resetThreadPolicy() {
        ThreadPolicy.setThreads(1);
        ThreadPolicy.setParallelThreshold(1L << 20);
        ThreadPolicy.setBackOff(true);
    }

    /** n standard Gaussian values, about one in eight +0 or −0 (the signed zeros a kernel's chain must keep). */
    static double[] gaussianWithZeros(int n, SplittableRandom r) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            int z = r.nextInt(16);
            d[i] = z == 0 ? 0.0 : z == 1 ? -0.0 : r.nextGaussian();
        }
        return d;
    }

    /** n standard Gaussian values. */
    static double[] random(int n, SplittableRandom r) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = r.nextGaussian();
        }
        return d;
    }
}
