package org.occam.core.train;

/**
 * The version of Occam's training arithmetic: the same configuration, data and seed give the same
 * bits under one numerics version, and (in general) different bits under another. Run records
 * carry it, so that reproducing a run recorded under another version says so instead of reporting
 * a mismatch of every tensor.
 * <ul>
 * <li>1 — every run recorded before the version was recorded (no {@code numericsVersion} in
 *     {@code run.json}): plain MLPs' minibatches of 16 rows or more summed their gradients in two
 *     halves.</li>
 * <li>2 — gradients are summed over rows in fixed blocks of {@link org.occam.core.nn.Dense#REDUCTION_BLOCK}
 *     rows, block after block, whatever the thread count or the execution strategy; GEMM
 *     accumulation adds a sum formed from zero.</li>
 * </ul>
 */
public final class Numerics {
    /** The numerics version of this build. */
    public static final int VERSION = 2;
    /** The version assumed for a record that names none. */
    public static final int UNRECORDED = 1;

    private Numerics() {}
}
