/**
 * Dense minibatch math: the row-major {@link org.occam.core.math.Matrix} and the single
 * product kernel {@link org.occam.core.math.Gemm} with its swappable backend.
 */
package org.occam.core.math;
