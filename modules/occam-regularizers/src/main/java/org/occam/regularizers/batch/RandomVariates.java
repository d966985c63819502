package org.occam.regularizers.batch;

import java.util.SplittableRandom;

/**
 * The random draws the batch transforms need beyond uniforms and normals, as pure static functions
 * of a {@link SplittableRandom}: Gamma and Beta variates and uniform random permutations.
 * <p>
 * Gamma variates use Marsaglia and Tsang's squeeze method for shape a ≥ 1 and, for a &lt; 1, the
 * boost Γ(a) = Γ(a + 1)·U^(1/a), kept in log space so that very small shapes (many variates
 * below the smallest double) still give a well-defined Beta variate
 * B = X / (X + Y) = 1 / (1 + exp(log Y − log X)), X ~ Γ(a), Y ~ Γ(b).
 * <pre>
 * Marsaglia &amp; Tsang, "A Simple Method for Generating Gamma Variables",
 *   ACM Transactions on Mathematical Software 26(3), 2000.
 * </pre>
 */
public final class RandomVariates {
    private RandomVariates() {}

    /**
     * A Gamma(shape, 1) variate.
     * @param shape a &gt; 0, finite
     * @param rng the source of randomness
     * @return the variate (may underflow to 0 for very small shapes)
     */
    public static double gamma(double shape, SplittableRandom rng) {
        return Math.exp(logGamma(shape, rng));
    }

    /**
     * The logarithm of a Gamma(shape, 1) variate.
     * @param shape a &gt; 0, finite
     * @param rng the source of randomness
     * @return log X, X ~ Gamma(shape, 1)
     */
    public static double logGamma(double shape, SplittableRandom rng) {
        if (!(shape > 0) || Double.isInfinite(shape)) {
            throw new IllegalArgumentException("Gamma shape must be finite and > 0, found " + shape);
        }
        if (shape >= 1) {
            return Math.log(marsagliaTsang(shape, rng));
        }
        // boost: Γ(a) = Γ(a + 1)·U^(1/a); 1 − nextDouble() lies in (0, 1], so the log is finite
        double u = 1.0 - rng.nextDouble();
        return Math.log(marsagliaTsang(shape + 1, rng)) + Math.log(u) / shape;
    }

    /** Marsaglia–Tsang for shape ≥ 1. */
    private static double marsagliaTsang(double shape, SplittableRandom rng) {
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9.0 * d);
        while (true) {
            double x = rng.nextGaussian();
            double t = 1.0 + c * x;
            if (t <= 0) {
                continue;
            }
            double v = t * t * t;
            double u = rng.nextDouble();
            double x2 = x * x;
            if (u < 1.0 - 0.0331 * x2 * x2) {
                return d * v;
            }
            if (Math.log(u) < 0.5 * x2 + d * (1.0 - v + Math.log(v))) {
                return d * v;
            }
        }
    }

    /**
     * A Beta(a, b) variate, X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b) (X drawn first).
     * @param a first shape, &gt; 0
     * @param b second shape, &gt; 0
     * @param rng the source of randomness
     * @return the variate, in [0, 1]
     */
    public static double beta(double a, double b, SplittableRandom rng) {
        double logX = logGamma(a, rng);
        double logY = logGamma(b, rng);
        return 1.0 / (1.0 + Math.exp(logY - logX));
    }

    /**
     * A uniformly random permutation of 0 … n − 1 (Fisher–Yates).
     * @param n the length, ≥ 0
     * @param rng the source of randomness
     * @return the permutation
     */
    public static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
