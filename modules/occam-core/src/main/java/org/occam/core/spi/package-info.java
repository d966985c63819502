/**
 * The plugin SPI: one interface per hook of the training loop. Each step of a minibatch runs the
 * hooks in this fixed order:
 * <ol>
 *   <li>{@link org.occam.core.spi.BatchTransform}s, in list order (input noise, mixup, label smoothing, ...);</li>
 *   <li>forward pass in TRAIN mode through the network, including the layers that
 *       {@link org.occam.core.spi.LayerPlugin}s inserted and with the weights perturbed by the
 *       {@link org.occam.core.spi.WeightPerturbation}s, then the data loss;</li>
 *   <li>{@link org.occam.core.spi.Penalty} loss terms and gradient terms, each reported apart,
 *       always on the unperturbed weights;</li>
 *   <li>backward pass (adds the data-loss gradient; weight perturbations are then undone and their
 *       gradients mapped back — when there are any, the penalty terms are added after this);</li>
 *   <li>{@link org.occam.core.spi.GradientTransform}s (clipping), in list order;</li>
 *   <li>{@link org.occam.core.spi.Optimizer} step, then each penalty's
 *       {@link org.occam.core.spi.Penalty#afterStep} where it {@link org.occam.core.spi.Penalty#actsAfterStep acts}
 *       (proximal L1, decoupled weight decay);</li>
 *   <li>{@link org.occam.core.spi.Constraint} projections (max-norm, ...);</li>
 * </ol>
 * and at the end of each epoch:
 * <ol start="8">
 *   <li>evaluation of train (and validation) data, a history record, then each
 *       {@link org.occam.core.spi.StoppingRule}'s monitor is asked whether to stop.</li>
 * </ol>
 * A {@link org.occam.core.spi.LossHook} (at most one) replaces steps 2–4 by its own forward and
 * backward passes and objective (R-Drop). Every loss term besides the data loss — penalties, layers'
 * own terms, the loss hook's terms — is reported apart in the history, weighted by the real
 * minibatch size. The hooks that touch parameters are {@link org.occam.core.spi.ScopedHook}s: their
 * {@link org.occam.core.spi.ParameterScope} is resolved once per run.
 * <p>
 * Every plugin is an immutable OLCUT {@code Configurable} with
 * {@code ConfiguredObjectProvenance}; per-run state lives in objects created per run
 * ({@link org.occam.core.spi.Optimizer.OptimizerRun}, {@link org.occam.core.spi.StoppingRule.StoppingMonitor},
 * the {@link org.occam.core.nn.Layer}s), so one trainer can train twice or on two threads.
 * Randomness reaches plugins only as {@link java.util.SplittableRandom}s split off the trainer seed.
 */
package org.occam.core.spi;
