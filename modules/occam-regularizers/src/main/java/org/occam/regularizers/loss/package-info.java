/**
 * Loss hooks (hooks 2–4 as one, {@link org.occam.core.spi.LossHook}): techniques that need several
 * forward passes or their own objective, such as {@link org.occam.regularizers.loss.RDrop}.
 */
package org.occam.regularizers.loss;
