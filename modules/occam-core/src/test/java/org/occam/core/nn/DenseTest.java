package org.occam.core.nn;

import org.junit.jupiter.api.Test;
import org.occam.core.math.Matrix;
import org.occam.core.protos.LayerProto;
import org.occam.core.testing.GradientCheck;
import org.occam.core.testing.TestMatrices;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class DenseTest {

    /** W (2×3), b (1×2), X (2×3) for the hand-computed examples. */
    private static Dense handLayer() {
        Matrix w = Matrix.of(new double[]{1, 2, 3}, new double[]{-1, 0, 0.5});
        Matrix b = Matrix.of(new double[]{0.5, -1});
        return new Dense("d", w, b, false);
    }

    private static Matrix handInput() {
        return Matrix.of(new double[]{1, 1, 1}, new double[]{2, 0, -2});
    }

    @Test
    public void forwardIsXTimesWTransposePlusBias() {
        Dense d = handLayer();
        Matrix x = handInput();
        Matrix xBefore = x.copy();
        // row 0: [1+2+3+0.5, −1+0+0.5−1]; row 1: [2+0−6+0.5, −2+0−1−1]
        double[] expected = {6.5, -1.5, -3.5, -4.0};
        assertArrayEquals(expected, d.forward(x, Mode.INFER).data(), 0.0);
        assertArrayEquals(expected, d.forward(x, Mode.TRAIN).data(), 0.0);
        assertEquals(xBefore, x, "input must not be modified");
    }

    @Test
    public void backwardMatchesHandComputedProducts() {
        Dense d = handLayer();
        d.forward(handInput(), Mode.TRAIN);
        Matrix g = Matrix.of(new double[]{1, 0}, new double[]{0, 2});
        Matrix gIn = d.backward(g, true);
        // ∂W = Gᵀ·X = [1·x0 + 0·x1 ; 0·x0 + 2·x1] = [[1,1,1],[4,0,−4]]
        assertArrayEquals(new double[]{1, 1, 1, 4, 0, -4}, d.weight().gradient().data(), 0.0);
        // ∂b = column sums of G
        assertArrayEquals(new double[]{1, 2}, d.bias().gradient().data(), 0.0);
        // ∂X = G·W = [[1,2,3],[−2,0,1]]
        assertArrayEquals(new double[]{1, 2, 3, -2, 0, 1}, gIn.data(), 0.0);
        assertNull(d.backward(g, false), "no input gradient when not asked for");
        // the second backward added once more
        assertArrayEquals(new double[]{2, 2, 2, 8, 0, -8}, d.weight().gradient().data(), 0.0);
        assertArrayEquals(new double[]{2, 4}, d.bias().gradient().data(), 0.0);
    }

    /**
     * ∂L/∂W is the fixed-block reduction written out: for each block of {@link Dense#REDUCTION_BLOCK} rows,
     * each element's sum from +0 (the backend's chain: fused multiply-adds for the vector backend, products
     * then additions for the java one), added to the gradient in block order; a discarded gradient takes
     * the first block's sums as they are. Row counts with ragged last blocks, several layer widths.
     */
    @Test
    public void weightGradientIsTheBlockSumsAddedInBlockOrder() {
        boolean fma = org.occam.core.math.Gemm.backend().name().equals("vector");
        SplittableRandom r = new SplittableRandom(64);
        int[][] shapes = {{20, 128}, {128, 128}, {128, 2}, {64, 10}, {7, 5}};
        for (int[] shape : shapes) {
            int in = shape[0];
            int out = shape[1];
            for (int rows : new int[] {1, 31, 32, 33, 64, 65, 97}) {
                for (boolean discarded : new boolean[] {false, true}) {
                    Dense d = new Dense("d", TestMatrices.uniform(out, in, -1, 1, r),
                            TestMatrices.uniform(1, out, -1, 1, r), false);
                    Matrix x = TestMatrices.uniform(rows, in, -1, 1, r);
                    Matrix g = TestMatrices.uniform(rows, out, -1, 1, r);
                    double[] old = TestMatrices.uniform(out, in, -1, 1, r).data();
                    System.arraycopy(old, 0, d.weight().gradient().data(), 0, old.length);
                    if (discarded) {
                        d.weight().discardGradient();
                    }
                    d.forward(x, Mode.TRAIN);
                    d.backward(g, false);
                    double[] want = old.clone();
                    for (int i = 0; i < out; i++) {
                        for (int j = 0; j < in; j++) {
                            for (int from = 0; from < rows; from += Dense.REDUCTION_BLOCK) {
                                double s = 0.0;
                                for (int p = from; p < Math.min(rows, from + Dense.REDUCTION_BLOCK); p++) {
                                    s = fma ? Math.fma(g.get(p, i), x.get(p, j), s) : s + g.get(p, i) * x.get(p, j);
                                }
                                want[i * in + j] = from == 0 && discarded ? s : want[i * in + j] + s;
                            }
                        }
                    }
                    String where = in + "→" + out + ", " + rows + " rows, discarded " + discarded;
                    assertArrayEquals(want, d.weight().gradient().data(), 0.0, where);
                }
            }
        }
    }

    @Test
    public void inferForwardDoesNotReplaceTheTrainingCache() {
        Dense d = handLayer();
        d.forward(handInput(), Mode.TRAIN);
        d.forward(Matrix.of(new double[]{9, 9, 9}), Mode.INFER);
        d.backward(Matrix.of(new double[]{1, 0}, new double[]{0, 2}), false);
        assertArrayEquals(new double[]{1, 1, 1, 4, 0, -4}, d.weight().gradient().data(), 0.0);
    }

    @Test
    public void parametersAreSeparateWeightAndBias() {
        Dense d = new Dense("out", new Matrix(2, 3), new Matrix(1, 2), true);
        assertEquals(2, d.parameters().size());
        assertEquals("out.weight", d.weight().name());
        assertEquals(Parameter.Role.WEIGHT, d.weight().role());
        assertEquals("out.bias", d.bias().name());
        assertEquals(Parameter.Role.BIAS, d.bias().role());
        assertTrue(d.weight().isOutputLayer());
        assertEquals(3, d.inputWidth());
        assertEquals(2, d.outputWidth());
    }

    @Test
    public void biasShapeIsChecked() {
        assertThrows(IllegalArgumentException.class, () -> new Dense("d", new Matrix(2, 3), new Matrix(1, 3), false));
        assertThrows(IllegalArgumentException.class, () -> new Dense("d", new Matrix(2, 3), new Matrix(2, 1), false));
    }

    @Test
    public void inputGradientCheck() {
        SplittableRandom rng = new SplittableRandom(11);
        Dense d = new Dense("d", TestMatrices.uniform(5, 7, -1, 1, rng), TestMatrices.uniform(1, 5, -1, 1, rng), false);
        GradientCheck.defaults().checkLayerInput(d, TestMatrices.uniform(4, 7, -2, 2, rng), rng);
    }

    @Test
    public void parameterGradientCheck() {
        SplittableRandom rng = new SplittableRandom(12);
        Dense d = new Dense("d", TestMatrices.uniform(5, 7, -1, 1, rng), TestMatrices.uniform(1, 5, -1, 1, rng), false);
        GradientCheck.Report r = GradientCheck.defaults().checkLayerParameters(d, TestMatrices.uniform(4, 7, -2, 2, rng), rng);
        assertEquals(5 * 7 + 5, r.checked());
    }

    @Test
    public void protoRoundTrip() {
        SplittableRandom rng = new SplittableRandom(13);
        Dense d = new Dense("hidden1", TestMatrices.uniform(3, 4, -1, 1, rng), TestMatrices.uniform(1, 3, -1, 1, rng), true);
        LayerProto proto = d.toProto();
        Dense back = Dense.fromProto(proto);
        assertEquals("hidden1", back.name());
        assertEquals(d.weight().value(), back.weight().value());
        assertEquals(d.bias().value(), back.bias().value());
        assertTrue(back.weight().isOutputLayer());
        assertEquals(proto, back.toProto());
        LayerProto future = proto.toBuilder().setVersion(proto.getVersion() + 1).build();
        assertThrows(IllegalArgumentException.class, () -> Dense.fromProto(future));
        LayerProto missingBias = proto.toBuilder().removeTensors(1).build();
        assertThrows(IllegalArgumentException.class, () -> Dense.fromProto(missingBias));
        LayerProto wrongShape = proto.toBuilder().putProperties("in", "5").build();
        assertThrows(IllegalArgumentException.class, () -> Dense.fromProto(wrongShape));
    }
}
