package org.occam.core.math;

import jdk.incubator.vector.DoubleVector;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The vector backend's lane reduction has one order, {@code (((+0.0 + v_0) + v_1) + …) + v_{L-1}}, whether its
 * kernel runs interpreted, C1- or C2-compiled. {@code DoubleVector.reduceLanes(ADD)} leaves the order to the
 * implementation: on JDK 25 its C2 intrinsic adds the lanes pairwise while its Java code adds them in turn, so a
 * training's last bits changed with the moment the JIT compiled the narrow output layer's kernel (found on
 * Temurin 25: two runs of one config differed at 1e-15). The lanes below are chosen so that any other order gives
 * another sum: 1e16 absorbs the 1 after it, then cancels, so only the last 1 survives.
 */
public class LaneSumOrderTest extends VectorBackendTests {

    private static final int L = DoubleVector.SPECIES_PREFERRED.length();

    /** 1e16, 1, −1e16, 1, then zeros: in lane order the sum is 1; pairwise it is 2, from the back it is 0. */
    private static double[] orderSensitiveLanes() {
        double[] v = new double[L];
        v[0] = 1e16;
        v[1] = 1;
        v[2] = -1e16;
        v[3] = 1;
        return v;
    }

    @Test
    public void lanesAreAddedInTurnFromPositiveZero() {
        DoubleVector v = DoubleVector.fromArray(DoubleVector.SPECIES_PREFERRED, orderSensitiveLanes(), 0);
        double[] negativeZeros = new double[L];
        Arrays.fill(negativeZeros, -0.0);
        DoubleVector z = DoubleVector.fromArray(DoubleVector.SPECIES_PREFERRED, negativeZeros, 0);
        for (int i = 0; i < 50_000; i++) {          // interpreted, then compiled: the same sums
            assertEquals(1.0, VectorGemmBackend.laneSum(v), "call " + i);
            assertEquals(0L, Double.doubleToRawLongBits(VectorGemmBackend.laneSum(z)), "+0.0 + (−0.0) is +0.0; call " + i);
        }
    }

    /**
     * A·Bᵀ with fewer columns than a vector goes through the dot-product kernel (four rows and two columns at a
     * time, then single rows and columns): every element is the lane sum of A's row times B's row of ones, before
     * and after the JIT compiles the kernel.
     */
    @Test
    public void dotProductsReduceTheirLanesInTurn() {
        GemmBackend backend = new VectorGemmBackend();
        int m = 5;
        int n = 3;
        int k = L;
        double[] a = new double[m * k];
        for (int i = 0; i < m; i++) {
            System.arraycopy(orderSensitiveLanes(), 0, a, i * k, k);
        }
        double[] b = new double[n * k];
        Arrays.fill(b, 1.0);
        double[] c = new double[m * n];
        double[] expected = new double[m * n];
        Arrays.fill(expected, 1.0);
        for (int call = 0; call < 20_000; call++) {
            Arrays.fill(c, Double.NaN);
            backend.gemm(false, true, m, n, k, 1.0, a, 0, k, b, 0, k, 0.0, c, 0, n);
            if (!Arrays.equals(expected, c)) {
                assertEquals(Arrays.toString(expected), Arrays.toString(c), "call " + call);
            }
        }
    }
}
