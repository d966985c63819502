package org.occam.report;

import org.occam.core.history.LayerStats;
import org.occam.core.math.Matrix;
import org.occam.experiments.WeightStatistics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The distribution of one weight matrix's entries: count, min, quartiles (linear interpolation
 * between order statistics, as numpy's default), max, mean, standard deviation, ‖W‖₂ (Frobenius),
 * ‖W‖₁ and sparsity (fraction of |w| &lt; {@value LayerStats#ZERO_THRESHOLD}). Everything but the
 * quartiles is {@link WeightStatistics}, the computation {@code run.json}'s final weights use.
 * @param tensor the tensor name, e.g. {@code hidden1.weight}
 * @param values the entries, sorted
 * @param min smallest entry
 * @param q1 first quartile
 * @param median median
 * @param q3 third quartile
 * @param max largest entry
 * @param mean mean
 * @param std population standard deviation
 * @param l2 Frobenius norm
 * @param l1 sum of absolute values
 * @param sparsity fraction of entries with |w| below the zero threshold
 */
public record WeightSummary(String tensor, double[] values, double min, double q1, double median, double q3,
                            double max, double mean, double std, double l2, double l1, double sparsity) {

    /**
     * @param tensor the name
     * @param m the matrix
     * @return its summary
     */
    public static WeightSummary of(String tensor, Matrix m) {
        // The statistics run.json records too, from the one implementation; only the quartiles are the report's own.
        WeightStatistics s = WeightStatistics.of(tensor, m.data());
        double[] v = m.data().clone();
        Arrays.sort(v);
        return new WeightSummary(tensor, v, s.min(), quantile(v, 0.25), quantile(v, 0.5), quantile(v, 0.75),
                s.max(), s.mean(), s.std(), s.frobeniusNorm(), s.l1Norm(), s.sparsity());
    }

    /**
     * The weight matrices of a model's parameters (names ending in {@code .weight}), in network order.
     * @param parameters tensor name → value, as {@code AbstractMLPModel.parameterValues()}
     * @return one summary per weight matrix
     */
    public static List<WeightSummary> weights(Map<String, Matrix> parameters) {
        List<WeightSummary> out = new ArrayList<>();
        for (Map.Entry<String, Matrix> e : parameters.entrySet()) {
            if (e.getKey().endsWith(".weight")) {
                out.add(of(e.getKey(), e.getValue()));
            }
        }
        return out;
    }

    /**
     * The pooled norm and sparsity of several weight matrices.
     * @param summaries the matrices
     * @return {@code l2} (√Σ over all entries of w²) and {@code sparsity} (over all entries)
     */
    public static Map<String, Double> pooled(List<WeightSummary> summaries) {
        double sq = 0;
        double zeros = 0;
        double n = 0;
        for (WeightSummary s : summaries) {
            sq += s.l2() * s.l2();
            zeros += s.sparsity() * s.values().length;
            n += s.values().length;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("l2", Math.sqrt(sq));
        out.put("sparsity", n == 0 ? Double.NaN : zeros / n);
        return out;
    }

    /** @return the layer name ({@code hidden1} of {@code hidden1.weight}) */
    public String layer() {
        int dot = tensor.lastIndexOf('.');
        return dot < 0 ? tensor : tensor.substring(0, dot);
    }

    /** @return max − min */
    public double range() {
        return max - min;
    }

    /**
     * @param sorted sorted values
     * @param p probability in [0, 1]
     * @return the p-quantile, linear interpolation between closest ranks
     */
    static double quantile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
