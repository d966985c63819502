package org.occam.experiments;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one penalty applied per training step, named: the formula that turns its λ into the
 * coefficient c, the value of c on a full minibatch of b rows, and the value on the epoch's last
 * minibatch, which has r = n − (⌈n/b⌉ − 1)·b rows (r = n mod b when that is not 0, else b).
 * <p>
 * For a λ convention, c multiplies the penalty's Σw² (L2) or Σ|w| (L1) in the loss added to the
 * minibatch mean data loss:
 * <pre>
 * DATASET  c = λ/(2·n)     KERAS  c = λ     SKLEARN  c = λ/(2·b)     PYTORCH  c = λ/2
 * </pre>
 * Occam's training loop builds each step's context from the rows of that step's batch, so under
 * SKLEARN the last, shorter batch gets c = λ/(2·r); a Tribuo trainer with Occam's
 * {@code PenalizedOptimiser} passes b for every batch, so there the last batch gets λ/(2·b) too.
 * {@link #lastBatchRule} says which applied. Decoupled weight decay has no convention: it shrinks
 * w ← (1 − η·λ)·w at each step, outside the loss, and its "coefficient" is λ per unit learning
 * rate η.
 * <p>
 * Records written before this layout held only the map λ field → c on a full batch (a JSON object
 * of numbers); {@link #fromJson} reads that shape into {@link #coefficients} and leaves the rest
 * null.
 * @param formula how c is computed from λ (e.g. {@code c = λ/(2·b)}); null in old records
 * @param coefficients λ field ({@code lambda}; {@code l1Lambda} and {@code l2Lambda} of an elastic
 *                     net) → c on a full minibatch of b rows
 * @param lastBatchSize r, the rows of each epoch's last minibatch; null in old records
 * @param lastBatchCoefficients λ field → c the training loop applied on that last minibatch
 * @param lastBatchRule what the training loop does on the last minibatch, in words
 */
@JsonPropertyOrder({"formula", "coefficients", "lastBatchSize", "lastBatchCoefficients", "lastBatchRule"})
public record EffectiveCoefficient(String formula, Map<String, Double> coefficients, Integer lastBatchSize,
                                   Map<String, Double> lastBatchCoefficients, String lastBatchRule) {

    /**
     * Reads either layout: the current object, or the old map λ field → number.
     * @param node the JSON value
     * @return the coefficient description
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static EffectiveCoefficient fromJson(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("effectiveCoefficient: expected an object, found " + node.getNodeType());
        }
        if (!node.has("formula") && !node.has("coefficients")) {
            // The layout before this record: {"lambda": c, ...}, c on a full batch.
            return new EffectiveCoefficient(null, numbers(node), null, null, null);
        }
        JsonNode size = node.get("lastBatchSize");
        return new EffectiveCoefficient(text(node.get("formula")), numbers(node.get("coefficients")),
                size == null || size.isNull() ? null : size.asInt(), numbers(node.get("lastBatchCoefficients")),
                text(node.get("lastBatchRule")));
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static Map<String, Double> numbers(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNumber()) {
                out.put(e.getKey(), e.getValue().doubleValue());
            }
        }
        return out;
    }
}
