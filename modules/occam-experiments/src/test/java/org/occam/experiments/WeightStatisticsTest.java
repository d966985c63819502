package org.occam.experiments;

import org.junit.jupiter.api.Test;
import org.occam.core.math.Matrix;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The weight statistics of run.json and the run report, against a hand-made tensor. */
class WeightStatisticsTest {
    @Test
    void aHandMadeTensor() {
        // W = [[3, 0, -4], [1e-7, 2, -1]]: N = 6, Σw = 0.0000001, Σw² = 9 + 16 + 1e-14 + 4 + 1 = 30 + 1e-14,
        // Σ|w| = 10.0000001, zeros (|w| < 1e-6): 0 and 1e-7 → 2 of 6.
        double[] w = {3, 0, -4, 1e-7, 2, -1};
        WeightStatistics s = WeightStatistics.of("hidden1.weight", w);
        assertEquals("hidden1.weight", s.tensor());
        assertEquals(6, s.count());
        assertEquals(-4, s.min(), 0.0);
        assertEquals(3, s.max(), 0.0);
        double mean = 1e-7 / 6;
        assertEquals(mean, s.mean(), 1e-15, "(Σw rounds: 3 + 0 − 4 + 1e-7 + 2 − 1 in double)");
        // population variance: Σ(w − mean)²/N = (Σw² − N·mean²)/N
        double var = (30 + 1e-14 - 6 * mean * mean) / 6;
        assertEquals(Math.sqrt(var), s.std(), 1e-12);
        assertEquals(Math.sqrt(30), s.frobeniusNorm(), 1e-12, "Frobenius norm, √Σw²");
        assertEquals(10.0000001, s.l1Norm(), 1e-12);
        assertEquals(2.0 / 6, s.sparsity(), 0.0);
        assertEquals(1e-6, WeightStatistics.ZERO_THRESHOLD, 0.0);
        assertEquals(List.of(3.0, 0.0, -4.0, 1e-7, 2.0, -1.0), java.util.Arrays.stream(w).boxed().toList(), "input untouched");
    }

    @Test
    void aConstantTensorHasNoSpreadAndAnEmptyOneHasNoValues() {
        WeightStatistics c = WeightStatistics.of("t", new double[]{0.5, 0.5, 0.5, 0.5});
        assertEquals(0.0, c.std(), 0.0);
        assertEquals(1.0, c.frobeniusNorm(), 0.0);
        assertEquals(0.0, c.sparsity(), 0.0);
        WeightStatistics e = WeightStatistics.of("e", new double[0]);
        assertEquals(0, e.count());
        assertTrue(Double.isNaN(e.mean()) && Double.isNaN(e.min()) && Double.isNaN(e.sparsity()));
        assertEquals(0.0, e.frobeniusNorm(), 0.0);
    }

    @Test
    void onlyWeightMatricesInNetworkOrder() {
        Map<String, Matrix> p = new LinkedHashMap<>();
        p.put("hidden1.weight", Matrix.of(new double[]{3, 0}));
        p.put("hidden1.bias", Matrix.of(new double[]{100}));
        p.put("output.weight", Matrix.of(new double[]{4, 0}));
        List<WeightStatistics> w = WeightStatistics.ofWeights(p);
        assertEquals(List.of("hidden1.weight", "output.weight"), w.stream().map(WeightStatistics::tensor).toList());
        assertEquals(4.0, w.get(1).frobeniusNorm(), 0.0);
    }
}
