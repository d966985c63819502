/**
 * Weight penalties (hook 3, and hook 6 for proximal and decoupled updates): {@link
 * org.occam.regularizers.penalty.L1}, {@link org.occam.regularizers.penalty.L2}, {@link
 * org.occam.regularizers.penalty.ElasticNet}, {@link org.occam.regularizers.penalty.DecoupledWeightDecay}, and
 * {@link org.occam.regularizers.penalty.PenaltySchedule}, which ramps any of them in over the first epochs (λ warm-up).
 * Each states its λ convention and scope; the arithmetic is in {@link
 * org.occam.regularizers.penalty.PenaltyKernels}.
 */
package org.occam.regularizers.penalty;
