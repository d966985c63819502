package org.occam.experiments;

/**
 * Work that only prepares the process for a later step — loading and initializing classes,
 * native libraries, font and image machinery — run on a background daemon thread so that it
 * overlaps work the main thread is doing (reading the config, training) on the otherwise idle
 * second core.
 * <p>
 * A warm-up writes nothing and computes nothing a result depends on: the step it prepares does
 * all of its own work anyway, only faster once the classes are ready. What the warm-up threw is
 * kept ({@link #await()} returns it), so the step it prepares can report the very error it would
 * have met itself first (a class whose initializer failed fails differently the second time).
 * Every path of the command that started one {@linkplain #await() waits} for it before the
 * process ends, so nothing is left half done.
 */
public final class Warmup {
    private final Thread thread;
    private volatile Throwable failure;

    private Warmup(String name, Runnable work) {
        this.thread = new Thread(() -> {
            try {
                work.run();
            } catch (Throwable t) {
                failure = t;
            }
        }, name);
        thread.setDaemon(true);
    }

    /**
     * Starts a warm-up.
     * @param name the thread's name
     * @param work what to do; what it throws is kept for {@link #await()}
     * @return the running warm-up
     */
    public static Warmup start(String name, Runnable work) {
        return startAhead(name, enabled() ? work : () -> { });
    }

    /**
     * Starts background work that computes part of a result ahead of time (for example a report's
     * chart, drawn while the main thread evaluates and records the run): unlike {@link #start}, it
     * runs also with {@code -Doccam.warmups=false}, since the step that uses it waits for its result.
     * The work keeps its own result and error (a {@link java.util.concurrent.FutureTask}, say); what
     * escapes it anyway is kept for {@link #await()}.
     * @param name the thread's name
     * @param work what to do
     * @return the running work
     */
    public static Warmup startAhead(String name, Runnable work) {
        Warmup w = new Warmup(name, work);
        w.thread.start();
        return w;
    }

    /**
     * @return false when the JVM runs with {@code -Doccam.warmups=false}: warm-ups then do nothing
     *         (for measuring what they save; every step still does all of its own work)
     */
    public static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty("occam.warmups"));
    }

    /**
     * Waits until the warm-up is done (an interrupt is kept for the caller and does not cut the
     * wait short: the warm-up never runs on behind the command).
     * @return what the warm-up threw, or null
     */
    public Throwable await() {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return failure;
    }

    /**
     * @param w a warm-up, or null
     * @return what it threw (after waiting for it), or null
     */
    public static Throwable await(Warmup w) {
        return w == null ? null : w.await();
    }
}
