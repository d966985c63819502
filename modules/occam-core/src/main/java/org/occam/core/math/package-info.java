/**
 * Dense minibatch math: the row-major {@link org.occam.core.math.Matrix}, the single product kernel
 * class {@link org.occam.core.math.Gemm} with its swappable backends — the Vector API
 * {@link org.occam.core.math.VectorGemmBackend} (needs {@code --add-modules jdk.incubator.vector})
 * and the portable {@link org.occam.core.math.JavaGemmBackend} — the vectorized element-wise
 * kernels of {@link org.occam.core.math.Elementwise}, and {@link org.occam.core.math.Exp}, Math.exp's
 * bits without its call. With {@code occam.threads} &gt; 1, products
 * may be split between worker threads and {@link org.occam.core.math.ThreadPolicy#runBoth} runs two
 * independent tasks (the training loop's data-parallel minibatch) at once; whether a second thread
 * is used is {@link org.occam.core.math.ThreadPolicy}'s one decision. Results are bit-identical for
 * any thread count.
 */
package org.occam.core.math;
