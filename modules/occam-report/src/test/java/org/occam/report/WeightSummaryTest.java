package org.occam.report;

import org.junit.jupiter.api.Test;
import org.occam.core.math.Matrix;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WeightSummaryTest {
    @Test
    void quartilesInterpolateLikeNumpy() {
        // numpy.percentile([0, 1, 2, 3, 10], [25, 50, 75]) = [1, 2, 3]; of [1, 2, 3, 4]: [1.75, 2.5, 3.25]
        WeightSummary s = WeightSummary.of("l.weight", Matrix.of(new double[]{3, 0, 10}, new double[]{2, 1, 0}));
        assertEquals(0, s.min());
        assertEquals(10, s.max());
        assertEquals(0.25, s.q1(), 1e-12);
        assertEquals(1.5, s.median(), 1e-12);
        assertEquals(2.75, s.q3(), 1e-12);
        assertEquals(2.0 / 6, s.sparsity(), 1e-12);
        assertEquals(Math.sqrt(9 + 100 + 4 + 1), s.l2(), 1e-12);
        assertEquals(16, s.l1(), 1e-12);
        assertEquals(16.0 / 6, s.mean(), 1e-12);
        assertEquals("l", s.layer());
        WeightSummary t = WeightSummary.of("t", Matrix.of(new double[]{1, 2, 3, 4}));
        assertEquals(1.75, t.q1(), 1e-12);
        assertEquals(2.5, t.median(), 1e-12);
        assertEquals(3.25, t.q3(), 1e-12);
        assertEquals(Math.sqrt(1.25), t.std(), 1e-12);
    }

    @Test
    void onlyWeightMatricesArePooled() {
        Map<String, Matrix> p = new LinkedHashMap<>();
        p.put("hidden1.weight", Matrix.of(new double[]{3, 0}));
        p.put("hidden1.bias", Matrix.of(new double[]{100}));
        p.put("output.weight", Matrix.of(new double[]{4, 0}));
        List<WeightSummary> w = WeightSummary.weights(p);
        assertEquals(List.of("hidden1.weight", "output.weight"), w.stream().map(WeightSummary::tensor).toList());
        assertEquals(5.0, WeightSummary.pooled(w).get("l2"), 1e-12);
        assertEquals(0.5, WeightSummary.pooled(w).get("sparsity"), 1e-12);
    }
}
