package org.occam.regularizers.batch;

import org.occam.core.math.Matrix;
import org.occam.core.spi.Batch;
import org.occam.core.spi.BatchTransform;
import org.occam.core.spi.TrainingClock;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;

/** Batches and the checks every batch transform's test shares. */
final class BatchFixtures {
    static final TrainingClock CLOCK = new TrainingClock(0, 0, 0, 1, 1);

    private BatchFixtures() {}

    /**
     * @param rows examples
     * @param features inputs per example
     * @param classes target columns (one-hot)
     * @param seed the generator's seed
     * @return inputs N(0, 1)·3 + 1 and one-hot targets of class i mod classes
     */
    static Batch randomBatch(int rows, int features, int classes, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Matrix x = new Matrix(rows, features);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = 1 + 3 * rng.nextGaussian();
        }
        Matrix y = new Matrix(rows, classes);
        for (int i = 0; i < rows; i++) {
            y.set(i, i % classes, 1.0);
        }
        return new Batch(x, y);
    }

    /**
     * The contract of hook 1: the input batch is untouched, the output has new matrices of the same
     * shapes; the same seed gives the same output, a different seed a different one.
     * @param t the transform
     * @param batch a batch it changes under both seeds
     */
    static void assertPureAndSeeded(BatchTransform t, Batch batch) {
        Matrix inputsBefore = batch.inputs().copy();
        Matrix targetsBefore = batch.targets().copy();
        Batch a = t.apply(batch, CLOCK, new SplittableRandom(42));
        assertEquals(inputsBefore, batch.inputs(), "the input batch's inputs were modified");
        assertEquals(targetsBefore, batch.targets(), "the input batch's targets were modified");
        assertNotSame(batch.inputs(), a.inputs());
        assertNotSame(batch.targets(), a.targets());
        assertNotSame(batch.inputs().data(), a.inputs().data());
        assertNotSame(batch.targets().data(), a.targets().data());
        assertEquals(batch.inputs().rows(), a.inputs().rows());
        assertEquals(batch.inputs().cols(), a.inputs().cols());
        assertEquals(batch.targets().cols(), a.targets().cols());

        Batch again = t.apply(batch, CLOCK, new SplittableRandom(42));
        assertArrayEquals(a.inputs().data(), again.inputs().data(), "same seed, different inputs");
        assertArrayEquals(a.targets().data(), again.targets().data(), "same seed, different targets");

        Batch other = t.apply(batch, CLOCK, new SplittableRandom(43));
        assertFalse(a.inputs().equals(other.inputs()) && a.targets().equals(other.targets()),
                "a different seed gave the same batch");
        assertEquals(inputsBefore, batch.inputs());
        assertEquals(targetsBefore, batch.targets());
    }

    /**
     * @param rows examples
     * @param shape the image shape
     * @param classes target columns (one-hot)
     * @param seed the generator's seed
     * @return images with every value in [1, 2) (so no value is 0) and one-hot targets
     */
    static Batch imageBatch(int rows, ImageShape shape, int classes, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Matrix x = new Matrix(rows, shape.size());
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = 1 + rng.nextDouble();
        }
        Matrix y = new Matrix(rows, classes);
        for (int i = 0; i < rows; i++) {
            y.set(i, i % classes, 1.0);
        }
        return new Batch(x, y);
    }

    /**
     * An image transform rejects a batch whose feature count is not height·width·channels, naming
     * the properties and both numbers.
     * @param t the transform, configured for an image of {@code t.shape()}
     */
    static void assertShapeMismatchRejected(AbstractImageTransform t) {
        int wrong = t.shape().size() + 3;
        Batch batch = randomBatch(4, wrong, 2, 1);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> t.apply(batch, CLOCK, new SplittableRandom(1)));
        String m = e.getMessage();
        for (String expected : new String[]{"height", "width", "channels", Integer.toString(t.shape().size()), Integer.toString(wrong)}) {
            org.junit.jupiter.api.Assertions.assertTrue(m.contains(expected), "message lacks '" + expected + "': " + m);
        }
    }

    /**
     * @param values samples
     * @return {mean, unbiased variance}
     */
    static double[] meanAndVariance(double[] values) {
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= values.length;
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        return new double[]{mean, ss / (values.length - 1)};
    }
}
