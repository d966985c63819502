package org.occam.regularizers.batch;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.occam.core.math.Matrix;
import org.occam.core.spi.Batch;
import org.occam.core.spi.TrainingClock;

import java.util.SplittableRandom;

/**
 * Cutout (DeVries &amp; Taylor 2017): in every training example, set a square of s × s pixels (all
 * channels) to zero. The square's centre pixel (r, c) is uniform over the whole image, so the square
 * may be cut by the border, as in the paper:
 * <pre>
 * rows    [r − ⌊s/2⌋, r − ⌊s/2⌋ + s) ∩ [0, H)
 * columns [c − ⌊s/2⌋, c − ⌊s/2⌋ + s) ∩ [0, W)
 * x̃ = 0 there, x elsewhere
 * </pre>
 * The area is exactly s² whenever the square lies inside, with probability
 * (H − s + 1)(W − s + 1)/(HW). (The paper's reference code loses one row and column for odd s;
 * this one does not.) The paper cuts out of mean-normalized images so that 0 is the mean; Occam's
 * experiments standardize features, so 0 is each pixel's training mean here too. Targets are
 * unchanged. Training only. Inputs must be declared image-shaped with {@code height}, {@code width},
 * {@code channels}.
 * <p>
 * Draw order per example: r, then c. {@code size} s has no default (it depends on the image; the
 * paper uses 16 on 32×32 CIFAR-10, i.e. half the side; 4 suits the 8×8 digits) and must not exceed
 * the height or the width. Keras: keras_cv {@code RandomCutout(s/H, s/W, fill_mode="constant")}.
 * PyTorch: no torchvision class (its {@code RandomErasing} is the Zhong et al. variant, see
 * {@link RandomErasing}); the paper's reference code is a PyTorch transform.
 * <pre>
 * DeVries &amp; Taylor, "Improved Regularization of Convolutional Neural Networks with Cutout",
 *   arXiv:1708.04552, 2017.
 * </pre>
 */
public final class Cutout extends AbstractImageTransform {
    @Config(mandatory = true, description = "Side s ≥ 1 of the zeroed square, in pixels; at most height and width.")
    private int size;

    /** For OLCUT. */
    private Cutout() {}

    /**
     * @param height image height
     * @param width image width
     * @param channels values per pixel
     * @param size s
     */
    public Cutout(int height, int width, int channels, int size) {
        setShape(height, width, channels);
        this.size = size;
        postConfig();
    }

    @Override
    public void postConfig() {
        super.postConfig();
        if (size < 1) {
            throw new PropertyException("", "size", "expected size ≥ 1, found " + size);
        }
        if (size > height || size > width) {
            throw new PropertyException("", "size", "expected size at most height (" + height + ") and width ("
                    + width + "), found " + size);
        }
    }

    /** @return s */
    public int size() {
        return size;
    }

    /**
     * The square for a given centre, clipped to the image.
     * @param shape the image
     * @param size s
     * @param centerRow r
     * @param centerCol c
     * @return the box
     */
    public static PixelBox square(ImageShape shape, int size, int centerRow, int centerCol) {
        return PixelBox.centeredClipped(shape, centerRow, centerCol, size, size);
    }

    @Override
    public Batch apply(Batch batch, TrainingClock clock, SplittableRandom rng) {
        ImageShape shape = shapeFor(batch);
        Matrix out = batch.inputs().copy();
        for (int i = 0; i < out.rows(); i++) {
            int r = rng.nextInt(shape.height());
            int c = rng.nextInt(shape.width());
            square(shape, size, r, c).fillInPlace(out.data(), i * out.cols(), shape, 0.0);
        }
        return new Batch(out, batch.targets().copy());
    }

    @Override
    public String toString() {
        return "Cutout(" + shapeString() + ",size=" + size + ")";
    }
}
