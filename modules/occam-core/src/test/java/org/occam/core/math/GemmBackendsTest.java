package org.occam.core.math;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@link Gemm} front: named products, shape checks, backend selection and its fallback. */
public class GemmBackendsTest {

    @Test
    public void namedProducts() {
        Matrix a = Matrix.of(new double[]{1, 2, 3}, new double[]{4, 5, 6});          // 2×3
        Matrix b = Matrix.of(new double[]{1, 0}, new double[]{0, 1}, new double[]{1, 1}); // 3×2
        Matrix c = new Matrix(2, 2);
        Gemm.times(a, b, c, false);
        assertArrayEquals(new double[]{4, 5, 10, 11}, c.data());
        Gemm.times(a, b, c, true);
        assertArrayEquals(new double[]{8, 10, 20, 22}, c.data());
        Matrix d = new Matrix(2, 2);
        Gemm.timesTranspose(a, a, d, false);                                            // A·Aᵀ
        assertArrayEquals(new double[]{14, 32, 32, 77}, d.data());
        Matrix e = new Matrix(3, 3);
        Gemm.transposeTimes(a, a, e, false);                                            // Aᵀ·A
        assertArrayEquals(new double[]{17, 22, 27, 22, 29, 36, 27, 36, 45}, e.data());
    }

    @Test
    public void shapeMismatchesAreRejected() {
        Matrix a = new Matrix(2, 3);
        assertThrows(IllegalArgumentException.class, () -> Gemm.times(a, new Matrix(2, 2), new Matrix(2, 2), false));
        assertThrows(IllegalArgumentException.class, () -> Gemm.times(a, new Matrix(3, 2), new Matrix(2, 3), false));
        assertThrows(IllegalArgumentException.class, () -> Gemm.timesTranspose(a, new Matrix(4, 2), new Matrix(2, 4), false));
        assertThrows(IllegalArgumentException.class, () -> Gemm.transposeTimes(a, new Matrix(3, 3), new Matrix(3, 3), false));
    }

    @Test
    public void selectionPicksVectorOnlyWhenAvailable() {
        assertInstanceOf(JavaGemmBackend.class, Gemm.selectBackend("auto", false));
        assertInstanceOf(JavaGemmBackend.class, Gemm.selectBackend(null, false));
        assertInstanceOf(JavaGemmBackend.class, Gemm.selectBackend("java", true));
        assertInstanceOf(JavaGemmBackend.class, Gemm.selectBackend(" JAVA ", false));
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> Gemm.selectBackend("vector", false));
        assertTrue(missing.getMessage().contains("--add-modules jdk.incubator.vector"), missing.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Gemm.selectBackend("blas", true));
        assertTrue(unknown.getMessage().contains("'blas'"), unknown.getMessage());
        if (Gemm.vectorAvailable()) {
            assertEquals("vector", Gemm.selectBackend("auto", true).name());
            assertEquals("vector", Gemm.selectBackend("vector", true).name());
        }
    }

    @Test
    public void threadSettingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> Gemm.setThreads(0));
        assertThrows(IllegalArgumentException.class, () -> Gemm.setParallelThreshold(-1));
        assertEquals(1, Gemm.threads());
    }

    @Test
    public void threadsBackOffWhenSplittingDoesNotPayAndResetWithTheThreadCount() {
        Gemm.setThreads(2);
        try {
            feedProbe(1_000, 900);                      // split slower than alone
            assertTrue(Gemm.threadsBackedOff());
            Gemm.setThreads(2);
            assertFalse(Gemm.threadsBackedOff());
            feedProbe(600, 1_000);                      // split 1.7× faster: keep splitting
            assertFalse(Gemm.threadsBackedOff());
        } finally {
            Gemm.setThreads(1);
        }
    }

    /** Warm-up, then the probe window, products alternately split and alone (2·m·n·k = 1000). */
    private static void feedProbe(long splitNanos, long aloneNanos) {
        for (int i = 0; i < GemmThreads.WARMUP; i++) {
            GemmThreads.probe(false, 1, 1_000);
            assertFalse(Gemm.threadsBackedOff());
        }
        for (int i = 0; i < GemmThreads.WINDOW; i++) {
            boolean alone = i % 2 == 1;
            GemmThreads.probe(alone, alone ? aloneNanos : splitNanos, 1_000);
        }
    }

    /** A JVM started without --add-modules jdk.incubator.vector falls back to the java backend and computes right. */
    @Test
    public void aJvmWithoutTheVectorModuleFallsBackToJava() throws IOException, InterruptedException {
        assertEquals("java 1 ok", probe(List.of()));
        assertEquals("java 2 ok", probe(List.of("-Doccam.threads=2")));
        String forced = probe(List.of("-Doccam.gemm=vector"));
        assertTrue(forced.contains("--add-modules jdk.incubator.vector"), forced);
    }

    private static String probe(List<String> flags) throws IOException, InterruptedException {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-Xmx64m", "-cp", System.getProperty("java.class.path")));
        cmd.addAll(flags);
        cmd.add(FallbackProbe.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe JVM did not finish");
        return out;
    }
}
