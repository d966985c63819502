package org.occam.experiments;

import java.io.PrintStream;
import java.util.Locale;

/**
 * With {@code -Doccam.timing} (e.g. {@code OCCAM_JAVA_OPTS=-Doccam.timing ./occam run ...}), {@code occam run}
 * prints one stderr line per phase it finishes: wall milliseconds since the JVM started, the calling
 * thread's CPU milliseconds and the whole process's, so the critical path (the main thread) can be
 * told from what other threads (warm-ups, the JIT compilers) do beside it. Without the property
 * nothing is measured or printed. (A new JVM option also means a new class-data archive: the first
 * run with it writes one.)
 */
public final class PhaseTiming {
    private static final boolean ON = System.getProperty("occam.timing") != null;

    private PhaseTiming() {}

    /** @return whether {@code -Doccam.timing} is set */
    public static boolean enabled() {
        return ON;
    }

    /**
     * Prints the line for a finished phase when timing is on.
     * @param phase what just finished
     */
    public static void mark(String phase) {
        if (ON) {
            print(System.err, phase);
        }
    }

    /** Prints the line (package-private for the test). */
    static void print(PrintStream out, String phase) {
        var runtime = java.lang.management.ManagementFactory.getRuntimeMXBean();
        long threadCpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long processCpu = java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
        out.println(String.format(Locale.ROOT, "occam timing: %-22s wall %6d ms  %s cpu %6d ms  process cpu %6d ms",
                phase, System.currentTimeMillis() - runtime.getStartTime(), Thread.currentThread().getName(),
                threadCpu / 1_000_000, processCpu / 1_000_000));
    }
}
