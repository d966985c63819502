package org.occam.experiments;

import org.occam.core.history.LayerStats;
import org.occam.core.math.Matrix;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The statistics of one weight tensor's entries w₁ … w_N, the one implementation behind the
 * final-weights section of {@code run.json} and the run report's weight tables:
 * <pre>
 * min, max           smallest and largest entry
 * mean               Σw / N
 * std                √(Σ(w − mean)² / N)    population standard deviation (divides by N)
 * frobeniusNorm      ‖W‖_F = √Σw²           the "‖W‖₂" of the report: the Frobenius norm, not the spectral norm
 * l1Norm             Σ|w|
 * sparsity           #{|w| &lt; 1e-6} / N   the share of entries below {@link #ZERO_THRESHOLD}, the
 *                                           threshold the training history uses too
 * </pre>
 * For an empty tensor the count and the norms are 0 and the rest NaN.
 * @param tensor the tensor name, e.g. {@code hidden1.weight}
 * @param count N, the number of entries
 * @param min smallest entry
 * @param max largest entry
 * @param mean mean
 * @param std population standard deviation
 * @param frobeniusNorm √Σw²
 * @param l1Norm Σ|w|
 * @param sparsity fraction of entries with |w| &lt; {@link #ZERO_THRESHOLD}
 */
public record WeightStatistics(String tensor, int count, double min, double max, double mean, double std,
                               double frobeniusNorm, double l1Norm, double sparsity) {
    /** |w| below this counts as zero for {@link #sparsity}: {@value}, as in {@link LayerStats}. */
    public static final double ZERO_THRESHOLD = LayerStats.ZERO_THRESHOLD;

    /**
     * @param tensor the name
     * @param values the entries (not changed)
     * @return their statistics
     */
    public static WeightStatistics of(String tensor, double[] values) {
        int n = values.length;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        double sq = 0;
        double abs = 0;
        int zeros = 0;
        for (double x : values) {
            min = Math.min(min, x);
            max = Math.max(max, x);
            sum += x;
            sq += x * x;
            abs += Math.abs(x);
            if (Math.abs(x) < ZERO_THRESHOLD) {
                zeros++;
            }
        }
        if (n == 0) {
            return new WeightStatistics(tensor, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0, Double.NaN);
        }
        double mean = sum / n;
        double dev = 0;
        for (double x : values) {
            dev += (x - mean) * (x - mean);
        }
        return new WeightStatistics(tensor, n, min, max, mean, Math.sqrt(dev / n), Math.sqrt(sq), abs, (double) zeros / n);
    }

    /**
     * The weight matrices among a model's parameters (names ending in {@code .weight}; biases and
     * normalization parameters left out), in network order.
     * @param parameters tensor name → value, as {@code AbstractMLPModel.parameterValues()}
     * @return one entry per weight matrix
     */
    public static List<WeightStatistics> ofWeights(Map<String, Matrix> parameters) {
        List<WeightStatistics> out = new ArrayList<>();
        for (Map.Entry<String, Matrix> e : parameters.entrySet()) {
            if (e.getKey().endsWith(".weight")) {
                out.add(of(e.getKey(), e.getValue().data()));
            }
        }
        return out;
    }
}
