package org.occam.experiments.data;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** make_moons: scikit-learn's formula, balanced labels, seeded determinism, the noise. */
class MoonsDataTest {
    private static final double EPS = 1e-12;

    @Test
    void withoutNoiseEveryPointLiesOnItsHalfCircle() {
        for (double[] r : new MoonsData(201, 0.0, 4).generate()) {
            if (r[2] == 0) {
                assertEquals(1.0, Math.hypot(r[0], r[1]), EPS, "outer: the unit circle");
                assertTrue(r[1] >= -EPS, "outer: upper half");
            } else {
                assertEquals(1.0, r[2], 0.0);
                assertEquals(1.0, Math.hypot(r[0] - 1, r[1] - 0.5), EPS, "inner: the unit circle around (1, ½)");
                assertTrue(r[1] <= 0.5 + EPS, "inner: lower half");
            }
        }
    }

    @Test
    void pointsAreScikitLearnsLinspaceForOddCounts() {
        // sklearn: n_samples_out = n // 2 = 3 (label 0), n_samples_in = n − n // 2 = 4 (label 1)
        double s = Math.sqrt(3) / 2;
        List<double[]> expected = new ArrayList<>(List.of(
                new double[]{1, 0, 0}, new double[]{0, 1, 0}, new double[]{-1, 0, 0},
                new double[]{0, 0.5, 1}, new double[]{0.5, 0.5 - s, 1}, new double[]{1.5, 0.5 - s, 1}, new double[]{2, 0.5, 1}));
        List<double[]> actual = new ArrayList<>(Arrays.asList(new MoonsData(7, 0.0, 1).generate()));
        Comparator<double[]> order = Comparator.<double[]>comparingDouble(r -> r[2]).thenComparingDouble(r -> Math.round(r[0] * 1e9))
                .thenComparingDouble(r -> Math.round(r[1] * 1e9));
        expected.sort(order);
        actual.sort(order);
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), 1e-12, "point " + i);
        }
    }

    @Test
    void labelsAreBalanced() {
        for (int n : new int[]{2, 10, 11, 200, 1001}) {
            long ones = Arrays.stream(new MoonsData(n, 0.3, 2).generate()).filter(r -> r[2] == 1).count();
            assertEquals(n - n / 2, ones, "n = " + n);
        }
    }

    @Test
    void sameSeedSamePointsOtherSeedOtherPoints() {
        double[][] a = new MoonsData(100, 0.3, 42).generate();
        double[][] b = new MoonsData(100, 0.3, 42).generate();
        double[][] c = new MoonsData(100, 0.3, 43).generate();
        assertTrue(Arrays.deepEquals(a, b));
        assertFalse(Arrays.deepEquals(a, c));
    }

    @Test
    void rowsAreShuffled() {
        double[][] rows = new MoonsData(100, 0.0, 5).generate();
        long firstHalfOnes = Arrays.stream(rows, 0, 50).filter(r -> r[2] == 1).count();
        assertTrue(firstHalfOnes > 10 && firstHalfOnes < 40, "labels mixed: " + firstHalfOnes);
    }

    @Test
    void noiseIsGaussianWithTheGivenStandardDeviation() {
        // same seed: the same shuffle, then noise on top of the clean points
        double[][] clean = new MoonsData(4000, 0.0, 8).generate();
        double[][] noisy = new MoonsData(4000, 0.2, 8).generate();
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < clean.length; i++) {
            assertEquals(clean[i][2], noisy[i][2], 0.0);
            for (int d = 0; d < 2; d++) {
                double e = noisy[i][d] - clean[i][d];
                sum += e;
                sumSq += e * e;
            }
        }
        int n = 2 * clean.length;
        assertEquals(0.0, sum / n, 0.01);
        assertEquals(0.2, Math.sqrt(sumSq / n), 0.01);
    }

    @Test
    void loadGivesATribuoDatasetWithTwoFeaturesAndAChecksumOfTheSettings() {
        LoadedData d = new MoonsData(30, 0.1, 3).load();
        MutableDataset<?> ds = d.dataset();
        assertEquals(30, ds.size());
        assertEquals(Task.CLASSIFICATION, d.task());
        assertEquals("moons_generated_n30", d.name());
        assertEquals(64, d.sha256().length());
        assertEquals(d.sha256(), new MoonsData(30, 0.1, 3).load().sha256());
        assertNotEquals(d.sha256(), new MoonsData(30, 0.1, 4).load().sha256());
        double[][] rows = new MoonsData(30, 0.1, 3).generate();
        int i = 0;
        for (Example<?> e : ds) {
            List<String> names = new ArrayList<>();
            for (Feature f : e) {
                names.add(f.getName());
            }
            assertEquals(List.of("x1", "x2"), names);
            assertEquals(rows[i][0], e.lookup("x1").getValue(), 0.0);
            assertEquals(rows[i][1], e.lookup("x2").getValue(), 0.0);
            assertEquals(Integer.toString((int) rows[i][2]), ((Label) e.getOutput()).getLabel());
            i++;
        }
    }

    @Test
    void invalidPropertiesAreRejected() {
        assertEquals("samples", assertThrows(PropertyException.class, () -> new MoonsData(1, 0.1, 1)).getProperty());
        for (double bad : new double[]{-0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertEquals("noise", assertThrows(PropertyException.class, () -> new MoonsData(10, bad, 1)).getProperty(), "noise " + bad);
        }
    }

    @Test
    void configRoundTrip() {
        MoonsData m = DataConfigs.roundTrip(new MoonsData(50, 0.25, 9));
        assertTrue(Arrays.deepEquals(new MoonsData(50, 0.25, 9).generate(), m.generate()));
    }
}
