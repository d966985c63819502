package org.occam.core.testing;

import org.occam.core.math.Matrix;

import java.util.SplittableRandom;

/**
 * Small synthetic matrices for tests, drawn from a seeded {@link SplittableRandom}.
 */
public final class TestMatrices {
    private TestMatrices() {}

    /**
     * @param rows rows
     * @param cols columns
     * @param low lower bound (inclusive)
     * @param high upper bound (exclusive)
     * @param rng the generator
     * @return a matrix with entries uniform in [low, high)
     */
    public static Matrix uniform(int rows, int cols, double low, double high, SplittableRandom rng) {
        Matrix m = new Matrix(rows, cols);
        double[] d = m.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextDouble(low, high);
        }
        return m;
    }

    /**
     * @param rows rows
     * @param cols columns
     * @param low lower bound of |entry|
     * @param high upper bound of |entry|
     * @param rng the generator
     * @return a matrix with entries of random sign and magnitude uniform in [low, high), so none is
     *         closer to zero than {@code low} (keeps inputs of kinked functions away from the kink)
     */
    public static Matrix awayFromZero(int rows, int cols, double low, double high, SplittableRandom rng) {
        Matrix m = new Matrix(rows, cols);
        double[] d = m.data();
        for (int i = 0; i < d.length; i++) {
            double magnitude = rng.nextDouble(low, high);
            d[i] = rng.nextBoolean() ? magnitude : -magnitude;
        }
        return m;
    }

    /**
     * @param rows rows
     * @param classes columns
     * @param rng the generator
     * @return one-hot rows with a uniformly drawn class each
     */
    public static Matrix oneHot(int rows, int classes, SplittableRandom rng) {
        Matrix m = new Matrix(rows, classes);
        for (int r = 0; r < rows; r++) {
            m.set(r, rng.nextInt(classes), 1.0);
        }
        return m;
    }

    /**
     * @param rows rows
     * @param classes columns
     * @param rng the generator
     * @return rows of strictly positive probabilities summing to one
     */
    public static Matrix softTargets(int rows, int classes, SplittableRandom rng) {
        Matrix m = uniform(rows, classes, 0.05, 1.0, rng);
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int c = 0; c < classes; c++) {
                s += m.get(r, c);
            }
            for (int c = 0; c < classes; c++) {
                m.set(r, c, m.get(r, c) / s);
            }
        }
        return m;
    }
}
