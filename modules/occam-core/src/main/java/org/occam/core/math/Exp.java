package org.occam.core.math;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.logging.Logger;

/**
 * {@code Math.exp} with the same bits, as plain Java the JIT inlines into the caller's loop. On x86_64,
 * HotSpot computes {@code Math.exp} in a hand-written stub (Intel's LIBM algorithm): with k the integer
 * nearest to x·64/ln 2, n = ⌊k/64⌋ and j = k mod 64,
 * <pre>
 * r = (x − k·c_hi) − k·c_lo                                   (c_hi + c_lo ≈ ln 2 / 64)
 * p = (r³·(C3 + C4·r) + ((r + T_lo[j]) + r⁵·(C5 + C6·r))) + r²·C2
 * e^x = p·T + T,  T = 2^n · T_hi[j]                           (T_hi[j]·(1 + T_lo[j]) ≈ 2^{j/64})
 * </pre>
 * each operation rounded in this order (no fused multiply-add). This class repeats that sequence for the
 * stub's main range (2^−54 ≤ |x| &lt; 1024 and −894 ≤ n ≤ 1022: about −619.7 ≤ x ≤ 709.1, 2^−54 ≤ |x|)
 * and calls {@code Math.exp} for everything else (±0, tiny |x|, NaN, ±∞, results near underflow or
 * overflow), so its result is {@code Math.exp}'s there by construction. Called from a loop, it avoids the
 * stub's call (which spills the loop's registers) and lets independent exponentials overlap: 640 of them
 * in a loop take ~2.4 instead of ~3.6 µs here (AMD EPYC Milan), the softmax cross-entropy of a 64×10
 * batch ~11.0 instead of ~12.9 µs. (A Vector API version needs the table's values per lane: JDK 17's
 * C2 does not intrinsify the gather on AVX2, and lane inserts made it slower than this: 2.8 µs.)
 * <p>
 * Used only where the equality was checked: on x86_64, after a self-check at class initialization that
 * compares both on 4 096 random values; anywhere else (another CPU, or a JVM whose {@code Math.exp} is
 * not the stub, such as {@code -XX:-UseLibmIntrinsic}: the self-check finds it), {@link #exp} is
 * {@code Math.exp}. {@code ExpTest} compares the two on 10^7 values across the main range and at its edges.
 */
public final class Exp {
    private static final Logger logger = Logger.getLogger(Exp.class.getName());

    /** 64 / ln 2. */
    private static final double INV_STEP = Double.longBitsToDouble(0x40571547652b82feL);
    /** 1.5·2^52: x·64/ln 2 plus this rounds to an integer k, held in the low bits. */
    private static final double SHIFTER = Double.longBitsToDouble(0x4338000000000000L);
    /** ln 2 / 64, high part (low 17 bits zero, so k·STEP_HI is exact). */
    private static final double STEP_HI = Double.longBitsToDouble(0x3f862e42fefa0000L);
    /** ln 2 / 64 − STEP_HI. */
    private static final double STEP_LO = Double.longBitsToDouble(0x3d1cf79abc9e3b3aL);
    private static final double C2 = Double.longBitsToDouble(0x3fdffffffffffffeL);
    private static final double C3 = Double.longBitsToDouble(0x3fc5555555548ba1L);
    private static final double C4 = Double.longBitsToDouble(0x3fa55555555b9e25L);
    private static final double C5 = Double.longBitsToDouble(0x3f811115c090cf0fL);
    private static final double C6 = Double.longBitsToDouble(0x3f56c15ce3289860L);

    /** Mantissa bits of 2^{j/64} truncated to a double (ExpTest derives them). */
    private static final long[] T_HI = {
        0x0000000000000L, 0x02c9a3e778060L, 0x059b0d3158574L, 0x0874518759bc8L, 0x0b5586cf9890fL,
        0x0e3ec32d3d1a2L, 0x11301d0125b50L, 0x1429aaea92ddfL, 0x172b83c7d517aL, 0x1a35beb6fcb75L,
        0x1d4873168b9aaL, 0x2063b88628cd6L, 0x2387a6e756238L, 0x26b4565e27cddL, 0x29e9df51fdee1L,
        0x2d285a6e4030bL, 0x306fe0a31b715L, 0x33c08b26416ffL, 0x371a7373aa9caL, 0x3a7db34e59ff6L,
        0x3dea64c123422L, 0x4160a21f72e29L, 0x44e086061892dL, 0x486a2b5c13cd0L, 0x4bfdad5362a27L,
        0x4f9b2769d2ca6L, 0x5342b569d4f81L, 0x56f4736b527daL, 0x5ab07dd485429L, 0x5e76f15ad2148L,
        0x6247eb03a5584L, 0x6623882552224L, 0x6a09e667f3bccL, 0x6dfb23c651a2eL, 0x71f75e8ec5f73L,
        0x75feb564267c8L, 0x7a11473eb0186L, 0x7e2f336cf4e62L, 0x82589994cce12L, 0x868d99b4492ecL,
        0x8ace5422aa0dbL, 0x8f1ae99157736L, 0x93737b0cdc5e4L, 0x97d829fde4e4fL, 0x9c49182a3f090L,
        0xa0c667b5de564L, 0xa5503b23e255cL, 0xa9e6b5579fdbfL, 0xae89f995ad3adL, 0xb33a2b84f15faL,
        0xb7f76f2fb5e46L, 0xbcc1e904bc1d2L, 0xc199bdd85529cL, 0xc67f12e57d14bL, 0xcb720dcef9069L,
        0xd072d4a07897bL, 0xd5818dcfba487L, 0xda9e603db3285L, 0xdfc97337b9b5eL,
        0xe502ee78b3ff6L, 0xea4afa2a490d9L, 0xefa1bee615a27L, 0xf50765b6e4540L, 0xfa7c1819e90d8L,
    };

    /** (2^{j/64} − T_hi[j]) / T_hi[j] as the stub's table has it (within an ulp of the rounded value). */
    private static final double[] T_LO = doubles(
        0x0000000000000000L, 0x3cad7bbf0e03754dL, 0x3c8cd2523567f613L, 0x3c60f74e61e6c861L, 0x3c979aa65d837b6cL,
        0x3c3ebe3d702f9cd1L, 0x3ca3516e1e63bcd8L, 0x3ca4c55426f0387bL, 0x3ca9515362523fb6L, 0x3c8b898c3f1353bfL,
        0x3c9aecf73e3a2f5fL, 0x3c8a6f4144a6c38dL, 0x3c968efde3a8a894L, 0x3c80472b981fe7f2L, 0x3c82f7e16d09ab31L,
        0x3c8b3782720c0ab3L, 0x3c834d754db0abb6L, 0x3c8fdd395dd3f84aL, 0x3ca12f8ccc187d29L, 0x3ca7d229738b5e8bL,
        0x3c859f48a72a4c6dL, 0x3ca8b846259d9205L, 0x3c4363ed60c2ac12L, 0x3c6ecce1daa10379L, 0x3c7690cebb7aafb0L,
        0x3ca083cc9b282a09L, 0x3ca509b0c1aae707L, 0x3c93350518fdd78eL, 0x3c9063e1e21c5409L, 0x3c9432e62b64c035L,
        0x3ca0128499f08c0aL, 0x3c99f0870073dc06L, 0x3c998d4d0da05571L, 0x3ca52bb986ce4786L, 0x3ca32092206f0dabL,
        0x3ca061228e17a7a6L, 0x3ca244ac461e9f86L, 0x3c65ebe1abd66c55L, 0x3c96fe9fbbff67d0L, 0x3c951f1414c801dfL,
        0x3c8db72fc1f0eab4L, 0x3c7bf68359f35f44L, 0x3ca360ba9c06283cL, 0x3c95e8d120f962aaL, 0x3c71affc2b91ce27L,
        0x3c9b6d34589a2ebdL, 0x3c95277c9ab89880L, 0x3c8469846e735ab3L, 0x3c8c1a7792cb3387L, 0x3ca22466dc2d1d96L,
        0x3ca1112eb19505aeL, 0x3c74ffd70a5fddcdL, 0x3c736eae30af0cb3L, 0x3c84e08fd10959acL, 0x3c676b2c6c921968L,
        0x3c93700936df99b3L, 0x3c74a385a63d07a7L, 0x3c8e5a50d5c192acL, 0x3c98bb731c4a9792L, 0x3c74b604603a88d3L,
        0x3c916f2792094926L, 0x3c8ec3bc41aa2008L, 0x3c8a64a931d185eeL, 0x3c77893b4d91cd9dL);

    /** Whether {@link #exp} computes here (true) or calls {@code Math.exp} (false). */
    private static final boolean INLINE = select();

    private Exp() {}

    private static double[] doubles(long... bits) {
        double[] d = new double[bits.length];
        for (int i = 0; i < bits.length; i++) {
            d[i] = Double.longBitsToDouble(bits[i]);
        }
        return d;
    }

    /**
     * e^x with the bits of {@code Math.exp(x)}.
     * @param x any double
     * @return {@code Math.exp(x)}
     */
    public static double exp(double x) {
        return INLINE ? libm(x) : Math.exp(x);
    }

    /** The stub's main path where it applies, else {@code Math.exp}. */
    static double libm(double x) {
        long bits = Double.doubleToRawLongBits(x);
        int top = (int) (bits >>> 48) & 0x7fff;
        if (top < 0x3c90 || top > 0x408f) {          // |x| < 2^-54, |x| ≥ 1024, NaN, ±∞
            return Math.exp(x);
        }
        double t = x * INV_STEP + SHIFTER;
        int k = (int) Double.doubleToRawLongBits(t);
        int n = k >> 6;
        if (n < -894 || n > 1022) {                    // the stub's path for results near under- or overflow
            return Math.exp(x);
        }
        return mainPath(x, t - SHIFTER, n, k & 63);
    }

    /** The stub's main path, for x with k = kd = 64·n + j. */
    static double mainPath(double x, double kd, int n, int j) {
        double r = (x - kd * STEP_HI) - kd * STEP_LO;
        double r2 = r * r;
        double r3 = r * r2;
        double r5 = r3 * r2;
        double a = (r + T_LO[j]) + r5 * (C5 + C6 * r);
        double b = r3 * (C3 + C4 * r);
        double p = (b + a) + r2 * C2;
        double scale = Double.longBitsToDouble(((long) (n + 1023) << 52) | T_HI[j]);
        return p * scale + scale;
    }

    /** @return whether {@link #exp} computes inline (checked equal to Math.exp) rather than calling it */
    public static boolean inline() {
        return INLINE;
    }

    /** Mantissa bits of the table's T_hi[j] (for the test). */
    static long tableHi(int j) {
        return T_HI[j];
    }

    /** The table's T_lo[j] (for the test). */
    static double tableLo(int j) {
        return T_LO[j];
    }

    private static boolean select() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!arch.equals("amd64") && !arch.equals("x86_64")) {
            logger.fine(() -> "exp: Math.exp on " + arch);
            return false;
        }
        SplittableRandom random = new SplittableRandom(15);
        for (int i = 0; i < 4096; i++) {
            double x = i < 2048 ? -620 * random.nextDouble() : 1400 * random.nextDouble() - 700;
            if (Double.doubleToRawLongBits(libm(x)) != Double.doubleToRawLongBits(Math.exp(x))) {
                logger.info(() -> "exp: Math.exp is not the LIBM stub here, using Math.exp");
                return false;
            }
        }
        return true;
    }
}
