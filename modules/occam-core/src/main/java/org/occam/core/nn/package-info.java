/**
 * Neural-network building blocks: the {@link org.occam.core.nn.Layer} contract, dense and
 * activation layers, initializers, losses and the sequential {@link org.occam.core.nn.Network}.
 */
package org.occam.core.nn;
