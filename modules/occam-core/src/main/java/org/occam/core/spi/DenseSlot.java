package org.occam.core.spi;

/**
 * One of the network's dense layers, as offered to {@link LayerPlugin#replaceDense}.
 * @param name the layer's name ({@code hidden<i>} or {@code output})
 * @param inputWidth its input width
 * @param outputWidth its output width
 * @param outputLayer true for the output layer
 */
public record DenseSlot(String name, int inputWidth, int outputWidth, boolean outputLayer) {}
