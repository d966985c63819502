/**
 * Constraints (hook 7 of the training loop, {@link org.occam.core.spi.Constraint}): projections of
 * the weights onto a feasible set after every optimizer step.
 * <ul>
 *   <li>{@link org.occam.regularizers.constraint.MaxNorm}: each unit's incoming weight vector (a row
 *       of W [out × in]) to norm ≤ c;</li>
 *   <li>{@link org.occam.regularizers.constraint.UnitNorm}: each row to norm 1;</li>
 *   <li>{@link org.occam.regularizers.constraint.NonNegative}: w ← max(w, 0).</li>
 * </ul>
 * Their scope is chosen like a penalty's, with {@link org.occam.core.spi.ParameterScope}: by default
 * the weights of the hidden layers only (never biases, not the output layer), widened with
 * {@code includeOutputLayer} or named with {@code layers}. They keep no state and draw no random numbers.
 */
package org.occam.regularizers.constraint;
