package org.occam.core.optim;

import org.junit.jupiter.api.Test;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Parameter;
import org.occam.core.spi.Optimizer;
import org.occam.core.spi.TrainingClock;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Optimizer.OptimizerRun#stepAndSumSquares} against {@link Optimizer.OptimizerRun#step}
 * followed by a plain loop {@code s += w·w} over the new values: the same weights and state, and the
 * sums bit for bit, for every optimizer (SGD's own fused loop in its three forms, the others the
 * default), over several steps and tensor sizes around the vector widths.
 */
class StepAndSumSquaresTest {
    private static final int[] SIZES = {0, 1, 3, 4, 5, 17, 130};

    private static List<Optimizer> optimizers() {
        return List.of(new Sgd(0.05), new Sgd(0.05, 0.9, false), new Sgd(0.05, 0.9, true),
                new Sgd(0.05, 0.5, false, new StepSchedule(2, 0.5)), new Adam(0.01), new AdamW(0.01, 0.1),
                new RmsProp(0.01, 0.9, 1e-7), new AdaGrad(0.1, 0.1, 1e-7));
    }

    private static List<Parameter> tensors(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Parameter> out = new ArrayList<>();
        for (int n : SIZES) {
            Matrix m = new Matrix(1, n);
            for (int i = 0; i < n; i++) {
                // values across magnitudes, some exact zeros and negative zeros
                m.data()[i] = i % 7 == 3 ? (i % 2 == 0 ? 0.0 : -0.0) : rng.nextDouble(-2, 2) * Math.pow(10, rng.nextInt(-5, 3));
            }
            out.add(new Parameter("l" + n, "weight", Parameter.Role.WEIGHT, false, m));
        }
        return out;
    }

    private static void setGradients(List<Parameter> ps, SplittableRandom rng) {
        for (Parameter p : ps) {
            double[] g = p.gradient().data();
            for (int i = 0; i < g.length; i++) {
                g[i] = rng.nextDouble(-1, 1);
            }
        }
    }

    private static double plainSum(double[] w) {
        double s = 0;
        for (double v : w) {
            s += v * v;
        }
        return s;
    }

    @Test
    void sameWeightsAndSumsAsStepThenAPlainLoop() {
        for (Optimizer o : optimizers()) {
            List<Parameter> a = tensors(3);
            List<Parameter> b = tensors(3);
            Optimizer.OptimizerRun runA = o.start(a);
            Optimizer.OptimizerRun runB = o.start(b);
            assertTrue(runB.sumsSquaresInStep(), o.toString());
            SplittableRandom ga = new SplittableRandom(9);
            SplittableRandom gb = new SplittableRandom(9);
            boolean[] wanted = new boolean[a.size()];
            for (int i = 0; i < wanted.length; i += 2) {
                wanted[i] = true;                                  // every other tensor: the rest stepped alone
            }
            for (int step = 0; step < 5; step++) {
                TrainingClock clock = new TrainingClock(step / 2, step, step % 2, 2, 3);
                setGradients(a, ga);
                setGradients(b, gb);
                double etaA = runA.step(clock);
                double[] sums = new double[b.size()];
                java.util.Arrays.fill(sums, Double.NaN);
                double etaB = runB.stepAndSumSquares(clock, wanted, sums);
                assertEquals(etaA, etaB, o.toString());
                for (int i = 0; i < a.size(); i++) {
                    String where = o + ", step " + step + ", tensor " + a.get(i);
                    assertArrayEquals(a.get(i).value().data(), b.get(i).value().data(), where);
                    if (wanted[i]) {
                        assertEquals(Double.doubleToRawLongBits(plainSum(a.get(i).value().data())),
                                Double.doubleToRawLongBits(sums[i]), where);
                    } else {
                        assertTrue(Double.isNaN(sums[i]), where + ": a sum not asked for was written");
                    }
                }
            }
        }
    }

    @Test
    void theSumIsInIndexOrderNotPairwise() {
        // 1 + 2⁻⁵⁴ + 2⁻⁵⁴ + … in order is 1 (each tiny term rounds away); the four tiny terms summed first give 1 + 2⁻⁵²
        double tiny = Math.scalb(1.0, -27);
        Parameter p = new Parameter("l", "weight", Parameter.Role.WEIGHT, false, Matrix.of(new double[]{1.0, tiny, tiny, tiny, tiny}));
        double[] sums = new double[1];
        new Sgd(1e-300).start(List.of(p)).stepAndSumSquares(new TrainingClock(0, 0, 0, 1, 1), new boolean[]{true}, sums);
        assertEquals(1.0, sums[0]);
    }

    @Test
    void aRunWithoutSumsSaysSoAndRefuses() {
        Optimizer.OptimizerRun plain = clock -> 0.1;
        assertFalse(plain.sumsSquaresInStep());
        assertThrows(UnsupportedOperationException.class,
                () -> plain.stepAndSumSquares(new TrainingClock(0, 0, 0, 1, 1), new boolean[0], new double[0]));
    }
}
