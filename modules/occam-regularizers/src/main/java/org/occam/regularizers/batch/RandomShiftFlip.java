package org.occam.regularizers.batch;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.occam.core.math.Matrix;
import org.occam.core.spi.Batch;
import org.occam.core.spi.TrainingClock;

import java.util.SplittableRandom;

/**
 * Random shift and horizontal flip of image-shaped inputs (the classic "translate and mirror"
 * augmentation): for every example independently draw a vertical shift dy and a horizontal shift dx,
 * each uniform on the integers −m … m, and a flip with probability q; then
 * <pre>
 * x̃(r, c, k) = f(r − dy, c − dx, k)    where f(r, c, k) = x(r, W − 1 − c, k) if flipped, else x(r, c, k)
 * </pre>
 * and pixels shifted in from outside the image are 0 (zero fill; on Occam's standardized features
 * that is the pixel's training mean). Targets are unchanged. Training only. Inputs must be declared
 * image-shaped with {@code height}, {@code width}, {@code channels} (see {@link AbstractImageTransform}).
 * <p>
 * Draw order per example: dy, dx, then one uniform for the flip. Defaults: m = {@code maxShift} = 1
 * pixel, q = {@code horizontalFlipProbability} = 0.5 (as torchvision's {@code RandomHorizontalFlip});
 * set q = 0 for data whose meaning changes under mirroring, such as digits. m must be smaller than
 * the height and the width. Keras: {@code RandomTranslation(m/H, m/W, fill_mode="constant")} and
 * {@code RandomFlip("horizontal")} (always p = 0.5, fractional shifts with interpolation). PyTorch:
 * torchvision {@code RandomAffine(0, translate=(m/W, m/H))} and {@code RandomHorizontalFlip(p=q)}, or
 * {@code RandomCrop(size, padding=m)}, which is exactly this integer shift with zero padding.
 * <pre>
 * Krizhevsky, Sutskever &amp; Hinton, "ImageNet Classification with Deep Convolutional Neural
 *   Networks", NIPS 2012 (translations and horizontal reflections).
 * Simard, Steinkraus &amp; Platt, "Best Practices for Convolutional Neural Networks Applied to Visual
 *   Document Analysis", ICDAR 2003.
 * </pre>
 */
public final class RandomShiftFlip extends AbstractImageTransform {
    @Config(description = "Largest shift m ≥ 0 in pixels, per direction; each example's vertical and horizontal shifts are uniform on −m … m. Smaller than height and width.")
    private int maxShift = 1;

    @Config(description = "Probability q ∈ [0, 1] that an example is mirrored left to right (0 for digits and text).")
    private double horizontalFlipProbability = 0.5;

    /** For OLCUT. */
    private RandomShiftFlip() {}

    /**
     * @param height image height
     * @param width image width
     * @param channels values per pixel
     * @param maxShift m ≥ 0
     * @param horizontalFlipProbability q ∈ [0, 1]
     */
    public RandomShiftFlip(int height, int width, int channels, int maxShift, double horizontalFlipProbability) {
        setShape(height, width, channels);
        this.maxShift = maxShift;
        this.horizontalFlipProbability = horizontalFlipProbability;
        postConfig();
    }

    @Override
    public void postConfig() {
        super.postConfig();
        if (maxShift < 0) {
            throw new PropertyException("", "maxShift", "expected maxShift ≥ 0, found " + maxShift);
        }
        if (maxShift >= height || maxShift >= width) {
            throw new PropertyException("", "maxShift", "expected maxShift smaller than height (" + height
                    + ") and width (" + width + "), found " + maxShift);
        }
        PropertyChecks.probability("horizontalFlipProbability", horizontalFlipProbability);
    }

    /** @return m */
    public int maxShift() {
        return maxShift;
    }

    /** @return q */
    public double horizontalFlipProbability() {
        return horizontalFlipProbability;
    }

    /**
     * The kernel for one example: writes the flipped-then-shifted image into {@code out}, whose
     * values outside the shifted image must already be 0.
     * @param in row-major examples to read
     * @param inOffset where the example starts in {@code in}
     * @param out row-major examples to write
     * @param outOffset where the example starts in {@code out}
     * @param shape the image shape
     * @param dy vertical shift (positive: down)
     * @param dx horizontal shift (positive: right)
     * @param flip mirror left to right before shifting
     */
    public static void shiftFlip(double[] in, int inOffset, double[] out, int outOffset, ImageShape shape,
                                 int dy, int dx, boolean flip) {
        int h = shape.height();
        int w = shape.width();
        int ch = shape.channels();
        for (int r = 0; r < h; r++) {
            int sr = r - dy;
            if (sr < 0 || sr >= h) {
                continue;
            }
            for (int c = 0; c < w; c++) {
                int sc = c - dx;
                if (sc < 0 || sc >= w) {
                    continue;
                }
                int from = inOffset + shape.index(sr, flip ? w - 1 - sc : sc, 0);
                System.arraycopy(in, from, out, outOffset + shape.index(r, c, 0), ch);
            }
        }
    }

    @Override
    public Batch apply(Batch batch, TrainingClock clock, SplittableRandom rng) {
        ImageShape shape = shapeFor(batch);
        Matrix x = batch.inputs();
        Matrix out = new Matrix(x.rows(), x.cols());
        int span = 2 * maxShift + 1;
        for (int i = 0; i < x.rows(); i++) {
            int dy = rng.nextInt(span) - maxShift;
            int dx = rng.nextInt(span) - maxShift;
            boolean flip = rng.nextDouble() < horizontalFlipProbability;
            shiftFlip(x.data(), i * x.cols(), out.data(), i * x.cols(), shape, dy, dx, flip);
        }
        return new Batch(out, batch.targets().copy());
    }

    @Override
    public String toString() {
        return "RandomShiftFlip(" + shapeString() + ",maxShift=" + maxShift + ",horizontalFlipProbability="
                + horizontalFlipProbability + ")";
    }
}
