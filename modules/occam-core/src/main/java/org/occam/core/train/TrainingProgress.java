package org.occam.core.train;

import org.occam.core.history.EpochRecord;

import java.util.function.Consumer;

/**
 * An optional per-thread listener told about every finished epoch, for progress bars. It is not
 * configuration: it never enters provenance and cannot change what is trained.
 */
public final class TrainingProgress {
    private static final ThreadLocal<Consumer<EpochRecord>> LISTENER = new ThreadLocal<>();

    private TrainingProgress() {}

    /**
     * Runs {@code action} with {@code listener} receiving the epochs trained on this thread.
     * @param listener the listener
     * @param action the work (usually a {@code train} call)
     * @param <R> the result type
     * @return the action's result
     */
    public static <R> R withListener(Consumer<EpochRecord> listener, java.util.function.Supplier<R> action) {
        Consumer<EpochRecord> previous = LISTENER.get();
        LISTENER.set(listener);
        try {
            return action.get();
        } finally {
            if (previous == null) {
                LISTENER.remove();
            } else {
                LISTENER.set(previous);
            }
        }
    }

    static void epochFinished(EpochRecord record) {
        Consumer<EpochRecord> l = LISTENER.get();
        if (l != null) {
            l.accept(record);
        }
    }
}
