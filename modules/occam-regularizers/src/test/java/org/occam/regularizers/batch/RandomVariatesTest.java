package org.occam.regularizers.batch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomVariatesTest {
    private static final int DRAWS = 200_000;

    @ParameterizedTest
    @ValueSource(doubles = {0.1, 0.5, 1.0, 2.5, 10.0})
    void gammaHasMeanAndVarianceShape(double shape) {
        SplittableRandom rng = new SplittableRandom(31);
        double[] g = new double[DRAWS];
        for (int i = 0; i < DRAWS; i++) {
            g[i] = RandomVariates.gamma(shape, rng);
            assertTrue(g[i] >= 0);
        }
        double[] mv = BatchFixtures.meanAndVariance(g);
        // Gamma(a, 1): mean a, variance a, fourth central moment 3a² + 6a
        double sdMean = Math.sqrt(shape / DRAWS);
        double sdVariance = Math.sqrt((3 * shape * shape + 6 * shape - shape * shape) / DRAWS);
        assertEquals(shape, mv[0], 4 * sdMean, "mean");
        assertEquals(shape, mv[1], 4 * sdVariance, "variance");
    }

    @Test
    void betaWithDifferentShapesHasMeanAOverAPlusB() {
        SplittableRandom rng = new SplittableRandom(2);
        double a = 2;
        double b = 5;
        double[] v = new double[DRAWS];
        for (int i = 0; i < DRAWS; i++) {
            v[i] = RandomVariates.beta(a, b, rng);
        }
        double[] mv = BatchFixtures.meanAndVariance(v);
        double variance = a * b / ((a + b) * (a + b) * (a + b + 1));
        assertEquals(a / (a + b), mv[0], 4 * Math.sqrt(variance / DRAWS));
        assertEquals(variance, mv[1], 0.02 * variance);
    }

    @Test
    void tinyShapesStillGiveFiniteBetaVariates() {
        // Γ(0.005) variates are mostly below the smallest double; the log-space ratio stays defined
        SplittableRandom rng = new SplittableRandom(9);
        int ones = 0;
        for (int i = 0; i < 10_000; i++) {
            double v = RandomVariates.beta(0.005, 0.005, rng);
            assertTrue(v >= 0 && v <= 1, "β = " + v);
            ones += v > 0.5 ? 1 : 0;
        }
        assertEquals(5000, ones, 4 * Math.sqrt(2500));
    }

    @Test
    void permutationsAreUniform() {
        SplittableRandom rng = new SplittableRandom(4);
        int n = 5;
        int[][] counts = new int[n][n];
        int draws = 50_000;
        for (int t = 0; t < draws; t++) {
            int[] p = RandomVariates.permutation(n, rng);
            int[] sorted = p.clone();
            Arrays.sort(sorted);
            assertArrayEquals(new int[]{0, 1, 2, 3, 4}, sorted);
            for (int i = 0; i < n; i++) {
                counts[i][p[i]]++;
            }
        }
        double sd = Math.sqrt(draws * 0.2 * 0.8);
        for (int[] row : counts) {
            for (int c : row) {
                assertEquals(draws / 5.0, c, 4 * sd);
            }
        }
    }

    @Test
    void invalidShapesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> RandomVariates.gamma(0, new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class, () -> RandomVariates.gamma(Double.NaN, new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class, () -> RandomVariates.gamma(Double.POSITIVE_INFINITY, new SplittableRandom(1)));
    }
}
