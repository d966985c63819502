/**
 * Weight penalties (hook 3, and hook 6 for proximal and decoupled updates): {@link
 * org.occam.regularizers.penalty.L1}, {@link org.occam.regularizers.penalty.L2}, {@link
 * org.occam.regularizers.penalty.ElasticNet}, {@link org.occam.regularizers.penalty.DecoupledWeightDecay}.
 * Each states its λ convention and scope; the arithmetic is in {@link
 * org.occam.regularizers.penalty.PenaltyKernels}.
 */
package org.occam.regularizers.penalty;
