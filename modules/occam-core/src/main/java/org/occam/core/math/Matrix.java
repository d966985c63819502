package org.occam.core.math;

import java.util.Arrays;

/**
 * A dense row-major matrix of doubles: {@code rows × cols} values in one {@code double[]}, element
 * (r, c) at {@code data[r * cols + c]}.
 * <p>
 * This is the one tensor type of the engine: a minibatch is a matrix with one example per row, a
 * dense layer's weights are an {@code out × in} matrix and its bias a {@code 1 × out} matrix.
 * The backing array is exposed on purpose, so that the hot loop works on arrays without
 * per-element virtual calls; methods that change the receiver end in {@code InPlace}.
 */
public final class Matrix implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final int rows;
    private final int cols;
    private final double[] data;

    /**
     * Creates a zero matrix.
     * @param rows number of rows (≥ 0)
     * @param cols number of columns (≥ 0)
     */
    public Matrix(int rows, int cols) {
        this(rows, cols, new double[checkedSize(rows, cols)]);
    }

    /**
     * Wraps an array (not copied).
     * @param rows number of rows
     * @param cols number of columns
     * @param data row-major values, length {@code rows * cols}
     */
    public Matrix(int rows, int cols, double[] data) {
        if (data.length != checkedSize(rows, cols)) {
            throw new IllegalArgumentException("expected " + rows + "×" + cols + " = " + ((long) rows * cols)
                    + " values, found " + data.length);
        }
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    private static int checkedSize(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("matrix dimensions must be non-negative, found " + rows + "×" + cols);
        }
        long size = (long) rows * cols;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("matrix too large: " + rows + "×" + cols);
        }
        return (int) size;
    }

    /**
     * Builds a matrix from nested rows (copied).
     * @param values the rows, all of the same length
     * @return the matrix
     */
    public static Matrix of(double[]... values) {
        int r = values.length;
        int c = r == 0 ? 0 : values[0].length;
        Matrix m = new Matrix(r, c);
        for (int i = 0; i < r; i++) {
            if (values[i].length != c) {
                throw new IllegalArgumentException("row " + i + " has " + values[i].length + " values, expected " + c);
            }
            System.arraycopy(values[i], 0, m.data, i * c, c);
        }
        return m;
    }

    /**
     * Returns {@code buffer} if it already has the requested shape, otherwise a new zero matrix.
     * Lets layers reuse their per-run buffers while the batch size stays the same.
     * @param buffer a previous buffer, may be null
     * @param rows rows wanted
     * @param cols columns wanted
     * @return a matrix of that shape (contents unspecified when reused)
     */
    public static Matrix reuse(Matrix buffer, int rows, int cols) {
        if (buffer != null && buffer.rows == rows && buffer.cols == cols) {
            return buffer;
        }
        return new Matrix(rows, cols);
    }

    /** @return the number of rows */
    public int rows() {
        return rows;
    }

    /** @return the number of columns */
    public int cols() {
        return cols;
    }

    /** @return the number of values, {@code rows * cols} */
    public int size() {
        return data.length;
    }

    /** @return the backing row-major array (not a copy) */
    public double[] data() {
        return data;
    }

    /**
     * @param r row
     * @param c column
     * @return the value at (r, c)
     */
    public double get(int r, int c) {
        return data[r * cols + c];
    }

    /**
     * Sets the value at (r, c).
     * @param r row
     * @param c column
     * @param value the value
     */
    public void set(int r, int c, double value) {
        data[r * cols + c] = value;
    }

    /** @return a deep copy */
    public Matrix copy() {
        return new Matrix(rows, cols, data.clone());
    }

    /**
     * Copies {@code other}'s values into this matrix.
     * @param other a matrix of the same shape
     */
    public void copyFromInPlace(Matrix other) {
        requireSameShape(other);
        System.arraycopy(other.data, 0, data, 0, data.length);
    }

    /** Sets every value to zero. */
    public void zeroInPlace() {
        Arrays.fill(data, 0.0);
    }

    /**
     * Checks that {@code other} has this matrix's shape.
     * @param other the other matrix
     */
    public void requireSameShape(Matrix other) {
        if (other.rows != rows || other.cols != cols) {
            throw new IllegalArgumentException("shape mismatch: " + rows + "×" + cols + " vs " + other.rows + "×" + other.cols);
        }
    }

    /**
     * Copies selected rows of this matrix into {@code out}.
     * @param indices source row indices, {@code out.rows()} of them are read starting at {@code from}
     * @param from first position in {@code indices}
     * @param out destination with this matrix's column count
     */
    public void gatherRowsInto(int[] indices, int from, Matrix out) {
        if (out.cols != cols) {
            throw new IllegalArgumentException("column mismatch: " + cols + " vs " + out.cols);
        }
        for (int i = 0; i < out.rows; i++) {
            System.arraycopy(data, indices[from + i] * cols, out.data, i * cols, cols);
        }
    }

    /** @return Σ|v| over all values */
    public double l1Norm() {
        double s = 0;
        for (double v : data) {
            s += Math.abs(v);
        }
        return s;
    }

    /** @return Σv² over all values */
    public double squaredL2Norm() {
        double s = 0;
        for (double v : data) {
            s += v * v;
        }
        return s;
    }

    /** @return max |v| (0 for an empty matrix) */
    public double maxAbs() {
        double m = 0;
        for (double v : data) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /** @return true if every value is finite */
    public boolean allFinite() {
        for (double v : data) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
        in.defaultReadObject();
        if (rows < 0 || cols < 0 || data == null || data.length != (long) rows * cols) {
            throw new java.io.InvalidObjectException("inconsistent matrix: " + rows + "×" + cols + " with "
                    + (data == null ? "no" : Integer.toString(data.length)) + " values");
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Matrix)) {
            return false;
        }
        Matrix m = (Matrix) o;
        return rows == m.rows && cols == m.cols && Arrays.equals(data, m.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Matrix(" + rows + "×" + cols + ")";
    }
}
