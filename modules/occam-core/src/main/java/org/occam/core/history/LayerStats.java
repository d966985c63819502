package org.occam.core.history;

/**
 * Weight statistics of one dense layer's weight matrix at the end of an epoch.
 * @param layer the layer's name
 * @param l1 ‖W‖₁ = Σ|w|
 * @param l2 ‖W‖₂ = √Σw² (Frobenius)
 * @param maxAbs max |w|
 * @param sparsity fraction of weights with |w| &lt; 1e-6
 * @param deadUnitFraction fraction of the layer's rectifier units that output 0 on every example of
 *                         the epoch's last training batch (NaN when the layer has no rectifier)
 */
public record LayerStats(String layer, double l1, double l2, double maxAbs, double sparsity, double deadUnitFraction) {
    /** Threshold under which a weight counts as zero for {@link #sparsity}. */
    public static final double ZERO_THRESHOLD = 1e-6;
}
