/**
 * The training loop and what surrounds it: the MLP builder, the shared trainer base class that
 * makes an Occam network a Tribuo {@code Trainer}, and divergence detection.
 */
package org.occam.core.train;
