package org.occam.core.train;

/**
 * Optional wall-clock accounting of the training step's phases, for benchmarks: with the system
 * property {@code occam.phaseTimes=true} (read once, when this class loads) the training loop adds
 * {@link System#nanoTime()} differences to the phases below; without it (the default) the checks
 * are on a {@code static final} false and the JIT removes them, so ordinary runs are not perturbed.
 * The counters are process-wide and not synchronized (the loop's own thread writes them).
 */
public final class PhaseTimes {
    /** The phases of a step, in the order they run. */
    public enum Phase {
        /** Shuffle, row gathers and batch transforms. */
        BATCH,
        /** The forward pass. */
        FORWARD,
        /** Data loss and its gradient. */
        LOSS,
        /** Penalties' loss terms and gradients. */
        PENALTY,
        /** The backward pass (weight, bias and input gradients). */
        BACKWARD,
        /** Gradient transforms, the optimizer update, after-step updates and constraints. */
        UPDATE,
        /** Epoch ends: evaluation, history, stopping rules. */
        EPOCH_END
    }

    /** Whether phases are timed (system property {@code occam.phaseTimes}). */
    public static final boolean ENABLED = Boolean.getBoolean("occam.phaseTimes");

    private static final long[] NANOS = new long[Phase.values().length];

    private PhaseTimes() {}

    /**
     * Adds the time since {@code since} to a phase.
     * @param phase the phase that just ended
     * @param since its start, from {@link System#nanoTime()}
     * @return the current time, the next phase's start
     */
    static long lap(Phase phase, long since) {
        long now = System.nanoTime();
        NANOS[phase.ordinal()] += now - since;
        return now;
    }

    /** Sets every counter to zero. */
    public static void reset() {
        java.util.Arrays.fill(NANOS, 0L);
    }

    /**
     * @param phase a phase
     * @return its nanoseconds since the last {@link #reset()}
     */
    public static long nanos(Phase phase) {
        return NANOS[phase.ordinal()];
    }
}
