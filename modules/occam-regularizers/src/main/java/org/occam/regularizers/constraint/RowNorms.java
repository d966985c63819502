package org.occam.regularizers.constraint;

/** Row norms of row-major matrices, for the constraints. */
final class RowNorms {
    private RowNorms() {}

    /**
     * @param w row-major values
     * @param offset the row's first index
     * @param length the row's length
     * @return √Σw² over the row
     */
    static double norm(double[] w, int offset, int length) {
        double s = 0;
        for (int j = offset; j < offset + length; j++) {
            s += w[j] * w[j];
        }
        return Math.sqrt(s);
    }
}
