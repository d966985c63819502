package org.occam.core.math;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class MatrixTest {

    @Test
    public void rowMajorLayout() {
        Matrix m = Matrix.of(new double[]{1, 2, 3}, new double[]{4, 5, 6});
        assertEquals(2, m.rows());
        assertEquals(3, m.cols());
        assertEquals(6, m.size());
        assertArrayEquals(new double[]{1, 2, 3, 4, 5, 6}, m.data(), 0.0);
        assertEquals(6.0, m.get(1, 2), 0.0);
        m.set(0, 1, -7);
        assertEquals(-7.0, m.data()[1], 0.0);
    }

    @Test
    public void wrapsWithoutCopyingAndValidatesSizes() {
        double[] d = {1, 2, 3, 4};
        Matrix m = new Matrix(2, 2, d);
        assertSame(d, m.data());
        assertThrows(IllegalArgumentException.class, () -> new Matrix(2, 3, d));
        assertThrows(IllegalArgumentException.class, () -> new Matrix(-1, 2));
        assertThrows(IllegalArgumentException.class, () -> new Matrix(1 << 16, 1 << 16));
        assertThrows(IllegalArgumentException.class, () -> Matrix.of(new double[]{1, 2}, new double[]{3}));
        assertEquals(0, Matrix.of().rows());
        assertEquals(0, new Matrix(0, 5).size());
    }

    @Test
    public void ofCopiesRows() {
        double[] row = {1, 2};
        Matrix m = Matrix.of(row);
        row[0] = 99;
        assertEquals(1.0, m.get(0, 0), 0.0);
    }

    @Test
    public void reuseReturnsTheBufferOnlyForTheSameShape() {
        Matrix buffer = Matrix.of(new double[]{1, 2, 3}, new double[]{4, 5, 6});
        assertSame(buffer, Matrix.reuse(buffer, 2, 3));
        Matrix other = Matrix.reuse(buffer, 3, 2);
        assertNotSame(buffer, other);
        assertEquals(3, other.rows());
        assertEquals(2, other.cols());
        assertEquals(0.0, other.maxAbs(), 0.0);
        Matrix fresh = Matrix.reuse(null, 1, 4);
        assertEquals(4, fresh.size());
        assertEquals(0.0, fresh.maxAbs(), 0.0);
    }

    @Test
    public void gatherRowsInto() {
        Matrix m = Matrix.of(new double[]{0, 1}, new double[]{10, 11}, new double[]{20, 21}, new double[]{30, 31});
        Matrix out = new Matrix(2, 2);
        int[] order = {3, 0, 2, 1};
        m.gatherRowsInto(order, 1, out);  // rows order[1], order[2] = 0, 2
        assertArrayEquals(new double[]{0, 1, 20, 21}, out.data(), 0.0);
        m.gatherRowsInto(order, 2, out);  // rows 2, 1
        assertArrayEquals(new double[]{20, 21, 10, 11}, out.data(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> m.gatherRowsInto(order, 0, new Matrix(2, 3)));
        assertThrows(ArrayIndexOutOfBoundsException.class, () -> m.gatherRowsInto(order, 3, out));
    }

    @Test
    public void norms() {
        Matrix m = Matrix.of(new double[]{3, -4}, new double[]{0, -12});
        assertEquals(19.0, m.l1Norm(), 0.0);
        assertEquals(9 + 16 + 144, m.squaredL2Norm(), 0.0);
        assertEquals(12.0, m.maxAbs(), 0.0);
        assertEquals(0.0, new Matrix(0, 0).maxAbs(), 0.0);
        assertEquals(0.0, new Matrix(0, 0).l1Norm(), 0.0);
        assertTrue(m.allFinite());
        m.set(0, 0, Double.NaN);
        assertFalse(m.allFinite());
        m.set(0, 0, Double.NEGATIVE_INFINITY);
        assertFalse(m.allFinite());
    }

    @Test
    public void copyIsDeepAndInPlaceMethodsChangeOnlyTheReceiver() {
        Matrix a = Matrix.of(new double[]{1, 2}, new double[]{3, 4});
        Matrix c = a.copy();
        assertEquals(a, c);
        assertEquals(a.hashCode(), c.hashCode());
        assertNotSame(a.data(), c.data());
        c.set(0, 0, 5);
        assertEquals(1.0, a.get(0, 0), 0.0);
        assertNotEquals(a, c);
        Matrix target = new Matrix(2, 2);
        target.copyFromInPlace(a);
        assertEquals(a, target);
        target.zeroInPlace();
        assertEquals(0.0, target.maxAbs(), 0.0);
        assertEquals(1.0, a.get(0, 0), 0.0);
        assertThrows(IllegalArgumentException.class, () -> target.copyFromInPlace(new Matrix(4, 1)));
        assertThrows(IllegalArgumentException.class, () -> a.requireSameShape(new Matrix(1, 4)));
        assertNotEquals(new Matrix(1, 4), new Matrix(4, 1));
    }

    @Test
    public void javaSerializationRoundTrip() throws Exception {
        Matrix m = Matrix.of(new double[]{1.5, -2, Double.MIN_VALUE}, new double[]{0, 7, -0.0});
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(m);
        }
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            Matrix back = (Matrix) in.readObject();
            assertEquals(m, back);
            assertEquals(2, back.rows());
            assertEquals(3, back.cols());
        }
    }
}
