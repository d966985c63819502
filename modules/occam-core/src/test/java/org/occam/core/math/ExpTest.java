package org.occam.core.math;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link Exp} has the bits of {@code Math.exp}: 10^7 random values over the whole main range (and past
 * it), every special value, and the edges where the inline path hands over to {@code Math.exp}; its
 * table is 2^{j/64} (derived here with BigDecimal).
 */
public class ExpTest {
    /** ln 2 / 64 to well past double precision. */
    private static final double STEP = 0.693147180559945309417232121458176568 / 64;

    private static boolean x86() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return arch.equals("amd64") || arch.equals("x86_64");
    }

    private static void assertSame(double x) {
        long want = Double.doubleToRawLongBits(Math.exp(x));
        assertEquals(want, Double.doubleToRawLongBits(Exp.libm(x)), () -> "x=" + x + " (" + Double.toHexString(x) + ")");
        assertEquals(want, Double.doubleToRawLongBits(Exp.exp(x)), () -> "x=" + x);
    }

    /** The 2·ulps consecutive doubles from ulps below the centre. */
    private static void assertSameAround(double centre, int ulps) {
        double x = centre;
        for (int i = 0; i < ulps; i++) {
            x = Math.nextDown(x);
        }
        for (int i = 0; i < 2 * ulps; i++) {
            assertSame(x);
            x = Math.nextUp(x);
        }
    }

    /** On x86_64 the self-check at class initialization finds Math.exp to be the LIBM stub. */
    @Test
    public void inlineOnX86() {
        assumeTrue(x86());
        assertTrue(Exp.inline());
    }

    /** T_hi[j] is 2^{j/64} truncated to 52 mantissa bits; (1 + T_lo[j])·T_hi[j] is 2^{j/64} to ~2^−106. */
    @Test
    public void tableIsTwoToTheJOver64() {
        MathContext mc = new MathContext(60, RoundingMode.HALF_EVEN);
        BigDecimal root = BigDecimal.valueOf(2);
        for (int i = 0; i < 6; i++) {
            root = root.sqrt(mc);                                              // 2^{1/64}
        }
        BigDecimal power = BigDecimal.ONE;
        BigDecimal ulp = BigDecimal.ONE.divide(BigDecimal.valueOf(2).pow(52));
        for (int j = 0; j < 64; j++) {
            BigDecimal scaled = power.subtract(BigDecimal.ONE).divide(ulp, mc);
            long mantissa = scaled.setScale(0, RoundingMode.FLOOR).longValueExact();
            assertEquals(mantissa, Exp.tableHi(j), "T_hi[" + j + "]");
            BigDecimal hi = BigDecimal.ONE.add(ulp.multiply(BigDecimal.valueOf(mantissa)));
            double relative = power.subtract(hi).divide(hi, mc).doubleValue();
            double lo = Exp.tableLo(j);
            assertTrue(Math.abs(lo - relative) <= Math.ulp(relative), "T_lo[" + j + "] " + lo + " vs " + relative);
            power = power.multiply(root, mc);
        }
    }

    /**
     * 10^7 random values: uniform on [−750, 750] (every path), on [−620, 0] (the softmax's range) and
     * with a random sign, binary exponent in [−60, 10] and random mantissa (tiny to past 1024).
     */
    @Test
    public void randomValuesHaveTheBitsOfMathExp() {
        assumeTrue(x86());
        SplittableRandom random = new SplittableRandom(20261203);
        long mismatches = 0;
        String first = null;
        for (int i = 0; i < 10_000_000; i++) {
            double x;
            switch (i % 3) {
                case 0:
                    x = random.nextDouble(-750, 750);
                    break;
                case 1:
                    x = -620 * random.nextDouble();
                    break;
                default:
                    long exponent = 1023 + random.nextInt(-60, 11);
                    long bits = (random.nextBoolean() ? 1L << 63 : 0) | exponent << 52 | random.nextLong() >>> 12;
                    x = Double.longBitsToDouble(bits);
            }
            if (Double.doubleToRawLongBits(Exp.libm(x)) != Double.doubleToRawLongBits(Math.exp(x))) {
                mismatches++;
                if (first == null) {
                    first = Double.toHexString(x);
                }
            }
        }
        assertEquals(0, mismatches, "first at " + first);
    }

    /** NaNs, infinities, signed zeros, subnormals, the extremes and the thresholds of under- and overflow. */
    @Test
    public void specialValues() {
        assumeTrue(x86());
        double[] values = {Double.NaN, Double.longBitsToDouble(0x7ff0000000000001L), Double.longBitsToDouble(0xfff8000000000123L),
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE,
                Double.MIN_NORMAL, -Double.MIN_NORMAL, 0x1p-1070, -0x1p-1030, Double.MAX_VALUE, -Double.MAX_VALUE,
                1.0, -1.0, 0.5, -0.5, STEP, -STEP, 709.782712893383973096, 709.79, -745.133219101941108420,
                -745.14, -708.3964185322641, -708.4, -720, -740, -744.44, 700, 709, 1000, -1000, 1023.99, -1023.99};
        for (double x : values) {
            assertSame(x);
        }
    }

    /**
     * 4 000 consecutive doubles around each place where the inline path starts or stops: |x| = 2^−54,
     * |x| = 1024, and the reduction's n = −894 and n = 1022 (k = 64·n + j crossing −57 216 and 65 471).
     */
    @Test
    public void edgesOfTheInlineRange() {
        assumeTrue(x86());
        double[] centres = {0x1p-54, -0x1p-54, 1024, -1024, -57216.5 * STEP, 65471.5 * STEP, -57215.5 * STEP, 65472.5 * STEP};
        for (double centre : centres) {
            assertSameAround(centre, 2000);
        }
    }

    /**
     * Around every half-way point of the reduction ((m + ½)·ln 2/64, where x·64/ln 2 rounds to even),
     * for each table slot j and both signs: 200 consecutive doubles each.
     */
    @Test
    public void halfWayPointsOfTheReduction() {
        assumeTrue(x86());
        for (int m = -57216; m <= 65471; m += 61) {
            assertSameAround((m + 0.5) * STEP, 100);
        }
    }
}
