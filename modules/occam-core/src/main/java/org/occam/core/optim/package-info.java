/**
 * Occam's own optimizers (SGD with momentum / Nesterov, a correct Adam, AdamW with decoupled
 * decay, RMSProp, AdaGrad) and learning-rate schedules. Configured objects are immutable; moments
 * live in the per-run {@link org.occam.core.spi.Optimizer.OptimizerRun}.
 */
package org.occam.core.optim;
