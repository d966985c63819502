package org.occam.core.nn;

import org.junit.jupiter.api.Test;
import org.occam.core.math.Matrix;
import org.occam.core.testing.GradientCheck;
import org.occam.core.testing.TestMatrices;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class SoftmaxCrossEntropyTest {
    private final SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();

    @Test
    public void oneHotValueIsLogSumExpMinusTargetLogit() {
        Matrix z = Matrix.of(new double[]{1, 2, 3});
        Matrix t = Matrix.of(new double[]{0, 0, 1});
        double expected = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 3; // ≈ 0.40760596
        Matrix g = new Matrix(1, 3);
        assertEquals(expected, loss.lossAndGradient(z, t, g), 1e-15);
        double s = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertArrayEquals(new double[]{Math.exp(1) / s, Math.exp(2) / s, Math.exp(3) / s - 1}, g.data(), 1e-15);
    }

    @Test
    public void batchValueIsTheMeanOverRows() {
        Matrix z = Matrix.of(new double[]{1, 2, 3}, new double[]{0, 0, 0});
        Matrix t = Matrix.of(new double[]{1, 0, 0}, new double[]{0, 1, 0});
        double row0 = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 1;
        double row1 = Math.log(3);
        Matrix g = new Matrix(2, 3);
        assertEquals((row0 + row1) / 2, loss.lossAndGradient(z, t, g), 1e-15);
        // gradient of the mean: (softmax − t) / 2; the uniform row is (1/3 − t)/2
        assertArrayEquals(new double[]{1.0 / 6, -1.0 / 3, 1.0 / 6}, new double[]{g.get(1, 0), g.get(1, 1), g.get(1, 2)}, 1e-15);
    }

    @Test
    public void softTargetValue() {
        // ℓ = −Σ t_k log p_k with p = softmax([0, ln 2, ln 5]) = [1/8, 2/8, 5/8]
        Matrix z = Matrix.of(new double[]{0, Math.log(2), Math.log(5)});
        Matrix t = Matrix.of(new double[]{0.2, 0.3, 0.5});
        double expected = -(0.2 * Math.log(1.0 / 8) + 0.3 * Math.log(2.0 / 8) + 0.5 * Math.log(5.0 / 8));
        Matrix g = new Matrix(1, 3);
        assertEquals(expected, loss.lossAndGradient(z, t, g), 1e-15);
        assertArrayEquals(new double[]{1.0 / 8 - 0.2, 2.0 / 8 - 0.3, 5.0 / 8 - 0.5}, g.data(), 1e-15);
    }

    @Test
    public void largeLogitsAreStable() {
        Matrix z = Matrix.of(new double[]{1000, 0, -1000}, new double[]{-1000, -1001, -1002});
        Matrix t = Matrix.of(new double[]{0, 1, 0}, new double[]{1, 0, 0});
        Matrix g = new Matrix(2, 3);
        double value = loss.lossAndGradient(z, t, g);
        double row1 = Math.log(1 + Math.exp(-1) + Math.exp(-2)); // shift-invariant: logits [0, −1, −2]
        assertEquals((1000 + row1) / 2, value, 1e-12);
        assertTrue(g.allFinite());
        assertArrayEquals(new double[]{0.5, -0.5, 0.0}, new double[]{g.get(0, 0), g.get(0, 1), g.get(0, 2)}, 1e-15);
    }

    @Test
    public void lossIsNonNegativeAndArgumentsUntouched() {
        SplittableRandom rng = new SplittableRandom(41);
        Matrix z = TestMatrices.uniform(6, 4, -3, 3, rng);
        Matrix t = TestMatrices.softTargets(6, 4, rng);
        Matrix zBefore = z.copy();
        Matrix tBefore = t.copy();
        assertTrue(loss.lossAndGradient(z, t, new Matrix(6, 4)) >= 0);
        assertEquals(loss.lossAndGradient(z, t, new Matrix(6, 4)), loss.lossAndGradient(z, t, null), 0.0);
        assertEquals(zBefore, z);
        assertEquals(tBefore, t);
    }

    @Test
    public void gradientCheckOneHot() {
        SplittableRandom rng = new SplittableRandom(42);
        GradientCheck.defaults().checkLoss(loss, TestMatrices.uniform(5, 4, -2, 2, rng), TestMatrices.oneHot(5, 4, rng));
    }

    @Test
    public void gradientCheckSoftTargets() {
        SplittableRandom rng = new SplittableRandom(43);
        GradientCheck.defaults().checkLoss(loss, TestMatrices.uniform(5, 4, -2, 2, rng), TestMatrices.softTargets(5, 4, rng));
    }

    @Test
    public void gradientCheckUnnormalizedTargets() {
        // the documented general form (Σ_k t_k)·logΣe^z − Σ t_k z_k also holds when rows do not sum to 1
        SplittableRandom rng = new SplittableRandom(44);
        GradientCheck.defaults().checkLoss(loss, TestMatrices.uniform(3, 4, -2, 2, rng), TestMatrices.uniform(3, 4, 0, 1.5, rng));
    }

    @Test
    public void softmaxInPlace() {
        Matrix m = Matrix.of(new double[]{0, Math.log(2), Math.log(5)}, new double[]{800, 800, 800});
        loss.toPredictionsInPlace(m);
        assertArrayEquals(new double[]{1.0 / 8, 2.0 / 8, 5.0 / 8, 1.0 / 3, 1.0 / 3, 1.0 / 3}, m.data(), 1e-15);
    }

    @Test
    public void shapeMismatchIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> loss.lossAndGradient(new Matrix(2, 3), new Matrix(2, 2), null));
        assertThrows(IllegalArgumentException.class, () -> loss.lossAndGradient(new Matrix(2, 3), new Matrix(2, 3), new Matrix(3, 2)));
    }

    /**
     * The loss and gradient have the bits of the plain per-row passes (max; Σ e^{z−max} with every
     * exponential called; Σt and the loss terms; the gradient with e^{z−logΣexp}), on rows with a tied
     * maximum, infinite and NaN logits, soft targets, 1 to 11 classes, and without a gradient.
     */
    @Test
    public void bitsOfThePlainPasses() {
        assertEquals(1.0, Math.exp(0.0), 0.0);
        assertEquals(1.0, Math.exp(-0.0), 0.0);
        SplittableRandom r = new SplittableRandom(7);
        for (int k = 1; k <= 11; k++) {
            for (int rows : new int[]{1, 5, 64}) {
                Matrix z = new Matrix(rows, k);
                Matrix t = new Matrix(rows, k);
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < k; j++) {
                        z.set(i, j, r.nextDouble(-30, 30));
                        t.set(i, j, i % 3 == 0 ? r.nextDouble() : 0.0);
                    }
                    if (i % 3 != 0) {
                        t.set(i, r.nextInt(k), 1.0);
                    }
                    if (i % 4 == 1) {
                        z.set(i, r.nextInt(k), z.get(i, r.nextInt(k)));       // a tie, often at the maximum
                    }
                    if (i % 7 == 2) {
                        z.set(i, r.nextInt(k), Double.NEGATIVE_INFINITY);
                    }
                    if (i == 3 && k > 1) {
                        z.set(i, 0, Double.NaN);
                    }
                    if (i == 4) {
                        z.set(i, r.nextInt(k), Double.POSITIVE_INFINITY);
                    }
                }
                Matrix g = new Matrix(rows, k);
                Matrix expected = new Matrix(rows, k);
                double want = plainLossAndGradient(z, t, expected);
                assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(loss.lossAndGradient(z, t, g)),
                        k + " classes, " + rows + " rows");
                for (int i = 0; i < g.size(); i++) {
                    assertEquals(Double.doubleToRawLongBits(expected.data()[i]), Double.doubleToRawLongBits(g.data()[i]),
                            k + " classes, " + rows + " rows, position " + i);
                }
                assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(loss.lossAndGradient(z, t, null)));
            }
        }
    }

    /** The former loop, kept as the reference. */
    private static double plainLossAndGradient(Matrix output, Matrix target, Matrix gradient) {
        int rows = output.rows();
        int k = output.cols();
        double[] z = output.data();
        double[] t = target.data();
        double[] g = gradient.data();
        double total = 0.0;
        double invRows = 1.0 / rows;
        for (int r = 0; r < rows; r++) {
            int off = r * k;
            double max = java.util.Arrays.stream(z, off, off + k).max().getAsDouble();   // Math.max over the row
            double sum = 0.0;
            for (int j = 0; j < k; j++) {
                sum += Math.exp(z[off + j] - max);
            }
            double logSumExp = max + Math.log(sum);
            double tSum = 0.0;
            double loss = 0.0;
            for (int j = 0; j < k; j++) {
                tSum += t[off + j];
                loss -= t[off + j] * (z[off + j] - logSumExp);
            }
            total += loss;
            for (int j = 0; j < k; j++) {
                double p = Math.exp(z[off + j] - logSumExp);
                g[off + j] = (tSum * p - t[off + j]) * invRows;
            }
        }
        return total * invRows;
    }
}
