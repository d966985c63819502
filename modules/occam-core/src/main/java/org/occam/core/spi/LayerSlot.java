package org.occam.core.spi;

/**
 * A place in a multilayer perceptron where a {@link LayerPlugin} may insert a layer.
 * @param hiddenLayer the name of the hidden dense layer this slot follows, e.g. {@code hidden2}
 * @param hiddenIndex 1-based index of that hidden layer
 * @param hiddenCount the number of hidden layers
 * @param width the row width at this slot
 * @param position before or after the hidden layer's activation
 */
public record LayerSlot(String hiddenLayer, int hiddenIndex, int hiddenCount, int width, Position position) {
    /** Where in a hidden block the slot is. */
    public enum Position {
        /** Between the dense product and the activation (where batch normalization usually goes). */
        BEFORE_ACTIVATION,
        /** After the activation (where dropout usually goes). */
        AFTER_ACTIVATION,
        /**
         * At the end of a residual block's branch, before the skip connection adds the block's
         * input (only in residual networks; where stochastic depth goes).
         */
        RESIDUAL_BRANCH_END
    }
}
