package org.occam.core.train;

import org.occam.core.history.LayerStats;
import org.occam.core.math.Matrix;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The epoch end's one-pass weight statistics against the separate passes they replace, bit for bit. */
class WeightStatsTest {

    private static double[] separatePasses(Matrix w) {
        int zeros = 0;
        for (double v : w.data()) {
            if (Math.abs(v) < LayerStats.ZERO_THRESHOLD) {
                zeros++;
            }
        }
        return new double[]{w.l1Norm(), w.squaredL2Norm(), w.maxAbs(), zeros};
    }

    private static void assertSameBits(Matrix w) {
        double[] expected = separatePasses(w);
        double[] actual = new double[4];
        TrainingLoop.weightStats(w.data(), actual);
        for (int i = 0; i < 4; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
                    "statistic " + i + ": " + expected[i] + " vs " + actual[i]);
        }
    }

    @Test
    void sameBitsAsSeparatePassesOnRaggedSizesWithTinyAndWideValues() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int n : new int[]{0, 1, 3, 7, 129, 2560, 16387}) {
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                double scale = Math.pow(10, rng.nextInt(-9, 4));    // sums whose order matters, and values under the zero threshold
                d[i] = (rng.nextBoolean() ? -1 : 1) * scale * rng.nextDouble();
            }
            assertSameBits(new Matrix(1, n, d));
        }
    }

    @Test
    void nonFiniteWeightsGiveANonFiniteMaximumAsTheFinitenessCheckAssumes() {
        for (double bad : new double[]{Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            double[] d = {0.5, -2.0, bad, 1e-8, 3.0};
            assertSameBits(new Matrix(1, d.length, d));
            double[] s = new double[4];
            TrainingLoop.weightStats(d, s);
            assertTrue(!Double.isFinite(s[2]), "max |w| with " + bad);
        }
        double[] s = new double[4];
        TrainingLoop.weightStats(new double[]{Double.NaN, 1.0}, s);    // NaN first: Math.max keeps it
        assertTrue(Double.isNaN(s[2]));
    }
}
