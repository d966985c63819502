package org.occam.core.math;

/**
 * Run in a child JVM by {@link GemmTest}: prints the backend's name, the thread count and whether
 * a product came out right, or the message of the error Gemm's initialization threw.
 */
public final class FallbackProbe {
    private FallbackProbe() {}

    /**
     * @param args unused
     */
    public static void main(String[] args) {
        try {
            Matrix a = Matrix.of(new double[]{1, 2}, new double[]{3, 4});
            Matrix c = new Matrix(2, 2);
            Gemm.times(a, a, c, false);
            boolean ok = java.util.Arrays.equals(c.data(), new double[]{7, 10, 15, 22});
            System.out.println(Gemm.backend().name() + " " + ThreadPolicy.threads() + " " + (ok ? "ok" : "wrong"));
        } catch (Throwable e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            System.out.println(root.getMessage());
        }
    }
}
