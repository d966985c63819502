package org.occam.core.nn;

import org.junit.jupiter.api.Test;
import org.occam.core.math.Gemm;
import org.occam.core.math.GemmBackend;
import org.occam.core.math.JavaGemmBackend;
import org.occam.core.math.Matrix;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gradients discarded instead of zeroed ({@link Network#discardGradients()}): a dense layer's
 * backward pass then writes the weight gradient with its first row block instead of adding to
 * zeros, and everything else reads zeros through {@link Parameter#gradient()}. Checked bit for bit
 * (raw bits, so −0 and +0 differ) against the zeroed gradients: ragged row blocks, a batch of one
 * block, zero rows, stale values left from a previous step, and a dead unit whose products are all
 * −0 (so a write that skipped the "0 +" would leave −0), on the installed GEMM backend and the plain
 * Java one.
 */
class DiscardedGradientTest {

    private static long[] bits(double[] d) {
        long[] out = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = Double.doubleToRawLongBits(d[i]);
        }
        return out;
    }

    private static Dense dense(int in, int out, SplittableRandom rng) {
        Matrix w = new Matrix(out, in);
        for (int i = 0; i < w.size(); i++) {
            w.data()[i] = rng.nextDouble(-1, 1);
        }
        return new Dense("d", w, new Matrix(1, out), false);
    }

    /** One backward pass with the gradients zeroed, one with them discarded; same bits. */
    private static void assertSameGradients(int rows, int in, int out, boolean deadUnitWithNegativeInputs) {
        SplittableRandom rng = new SplittableRandom(rows * 31L + in);
        Dense a = dense(in, out, rng);
        Dense b = new Dense("d", a.weight().value().copy(), a.bias().value().copy(), false);
        Matrix x = new Matrix(rows, in);
        Matrix g = new Matrix(rows, out);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = deadUnitWithNegativeInputs ? -rng.nextDouble(0.1, 2) : rng.nextDouble(-2, 2);
        }
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < out; j++) {
                g.set(r, j, deadUnitWithNegativeInputs && j == 0 ? 0.0 : rng.nextDouble(-1, 1));
            }
        }
        for (Dense d : List.of(a, b)) {                      // stale values from an earlier "step"
            java.util.Arrays.fill(d.weight().gradient().data(), 7.5);
            java.util.Arrays.fill(d.bias().gradient().data(), -3.25);
        }
        Network na = new Network(in, List.of(a));
        Network nb = new Network(in, List.of(b));
        na.zeroGradients();
        nb.discardGradients();
        na.forward(x, Mode.TRAIN);
        nb.forward(x, Mode.TRAIN);
        na.backward(g);
        nb.backward(g);
        String where = rows + " rows, " + in + "→" + out + (deadUnitWithNegativeInputs ? ", dead unit" : "");
        assertArrayEquals(bits(a.weight().gradient().data()), bits(b.weight().gradient().data()), where);
        assertArrayEquals(bits(a.bias().gradient().data()), bits(b.bias().gradient().data()), where);
        if (deadUnitWithNegativeInputs && rows > 0) {
            assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(b.weight().gradient().get(0, 0)));
        }
    }

    private static void allCases() {
        for (int rows : new int[]{0, 1, 13, 32, 45, 64, 97}) {
            assertSameGradients(rows, 5, 3, false);
            assertSameGradients(rows, 20, 9, true);
        }
    }

    @Test
    void discardedGradientsGiveTheBitsOfZeroedOnes() {
        allCases();
        GemmBackend before = Gemm.backend();
        try {
            Gemm.setBackend(new JavaGemmBackend());
            allCases();
        } finally {
            Gemm.setBackend(before);
        }
    }

    @Test
    void aDiscardedGradientReadsAsZerosAndIsTakenOnce() {
        Parameter p = new Parameter("l", "weight", Parameter.Role.WEIGHT, false, Matrix.of(new double[]{1, 2}));
        p.gradient().data()[0] = 4;
        p.discardGradient();
        assertArrayEquals(new double[]{0, 0}, p.gradient().data());
        p.gradient().data()[1] = 5;
        assertArrayEquals(new double[]{0, 5}, p.gradient().data());    // read again: not zeroed again
        assertFalse(p.takeDiscardedGradient());
        p.discardGradient();
        assertTrue(p.takeDiscardedGradient());
        assertFalse(p.takeDiscardedGradient());
        assertArrayEquals(new double[]{0, 5}, p.gradient().data());    // taken: left to its writer
    }
}
