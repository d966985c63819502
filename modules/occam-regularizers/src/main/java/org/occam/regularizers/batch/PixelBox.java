package org.occam.regularizers.batch;

/**
 * An axis-aligned rectangle of pixels, rows {@code [top, bottom)} and columns {@code [left, right)},
 * as Cutout, RandomErasing and CutMix cut them out of an {@link ImageShape}. Every channel of a
 * pixel in the box belongs to the box.
 * @param top first row
 * @param left first column
 * @param bottom one past the last row
 * @param right one past the last column
 */
public record PixelBox(int top, int left, int bottom, int right) {
    /** Checks that the box is not inverted. */
    public PixelBox {
        if (top > bottom || left > right) {
            throw new IllegalArgumentException("inverted box: rows [" + top + ", " + bottom + "), columns [" + left + ", " + right + ")");
        }
    }

    /**
     * A box of {@code boxHeight × boxWidth} pixels whose centre pixel is (centerRow, centerCol) —
     * rows from {@code centerRow − ⌊boxHeight/2⌋} on, columns likewise — clipped to the image, so it
     * keeps its full size exactly when it lies inside.
     * @param shape the image
     * @param centerRow the centre's row (may be anywhere in the image)
     * @param centerCol the centre's column
     * @param boxHeight rows before clipping, ≥ 0
     * @param boxWidth columns before clipping, ≥ 0
     * @return the clipped box
     */
    public static PixelBox centeredClipped(ImageShape shape, int centerRow, int centerCol, int boxHeight, int boxWidth) {
        int top = centerRow - boxHeight / 2;
        int left = centerCol - boxWidth / 2;
        return new PixelBox(clamp(top, shape.height()), clamp(left, shape.width()),
                clamp(top + boxHeight, shape.height()), clamp(left + boxWidth, shape.width()));
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }

    /** @return the number of rows */
    public int height() {
        return bottom - top;
    }

    /** @return the number of columns */
    public int width() {
        return right - left;
    }

    /** @return the number of pixels, height·width */
    public int area() {
        return height() * width();
    }

    /**
     * @param row pixel row
     * @param col pixel column
     * @return true if the pixel lies in the box
     */
    public boolean contains(int row, int col) {
        return row >= top && row < bottom && col >= left && col < right;
    }

    /**
     * Sets every value of the box, all channels, in one example's row.
     * @param data row-major examples, changed in place
     * @param offset where the example's row starts in {@code data}
     * @param shape the image shape
     * @param value the fill value
     */
    public void fillInPlace(double[] data, int offset, ImageShape shape, double value) {
        int c = shape.channels();
        for (int r = top; r < bottom; r++) {
            int from = offset + shape.index(r, left, 0);
            java.util.Arrays.fill(data, from, from + width() * c, value);
        }
    }

    /**
     * Copies the box, all channels, from one example's row to another's.
     * @param source row-major examples to read
     * @param sourceOffset where the source example starts
     * @param target row-major examples, changed in place
     * @param targetOffset where the target example starts
     * @param shape the image shape of both
     */
    public void copyInPlace(double[] source, int sourceOffset, double[] target, int targetOffset, ImageShape shape) {
        int c = shape.channels();
        for (int r = top; r < bottom; r++) {
            int at = shape.index(r, left, 0);
            System.arraycopy(source, sourceOffset + at, target, targetOffset + at, width() * c);
        }
    }

    @Override
    public String toString() {
        return "PixelBox(rows " + top + ".." + bottom + ", cols " + left + ".." + right + ")";
    }
}
