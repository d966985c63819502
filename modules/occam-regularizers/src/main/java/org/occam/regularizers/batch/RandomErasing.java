package org.occam.regularizers.batch;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.occam.core.math.Matrix;
import org.occam.core.spi.Batch;
import org.occam.core.spi.TrainingClock;

import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Random erasing (Zhong et al. 2020): with probability p a training example gets a random rectangle
 * replaced by random values. Following the paper's Algorithm 1, with S = H·W:
 * <pre>
 * repeat:  S_e ~ U(s_l, s_h)·S,  r_e ~ U(r_1, 1/r_1)
 *          H_e = round(√(S_e·r_e)),  W_e = round(√(S_e / r_e))
 *          top ~ U{0 … H−1},  left ~ U{0 … W−1}
 * until H_e, W_e ≥ 1 and the rectangle [top, top + H_e) × [left, left + W_e) lies inside the image;
 * then every value in it (all channels) ← z ~ N(0, 1), independently.
 * </pre>
 * The paper fills with uniform pixel values in [0, 255]; Occam's features are standardized, so the
 * fill is a standard normal draw, which matches their scale (timm's {@code mode='pixel'} does the
 * same on normalized images). The paper repeats until a rectangle fits; this class gives up after
 * {@value #MAX_ATTEMPTS} tries and leaves the example unchanged, which only matters for settings
 * where almost no rectangle fits. Targets are unchanged. Training only. Inputs must be declared
 * image-shaped with {@code height}, {@code width}, {@code channels}.
 * <p>
 * Draw order per example: the coin, then per try S_e, r_e, top, left, then the fill values.
 * Defaults (the paper's): p = {@code erasingProbability} = 0.5, s_l = {@code minAreaFraction} = 0.02,
 * s_h = {@code maxAreaFraction} = 0.4, r_1 = {@code minAspectRatio} = 0.3 (aspect ratio H_e/W_e in
 * [0.3, 1/0.3]). PyTorch: torchvision {@code RandomErasing(p, scale=(s_l, s_h), ratio=(r_1, 1/r_1),
 * value='random')} (it samples the ratio log-uniformly, tries 10 times, and defaults s_h = 0.33);
 * timm {@code RandomErasing(probability=p, mode='pixel')}. Keras: {@code keras.layers.RandomErasing(factor,
 * scale=(s_l, s_h))} is a looser variant (a scalar factor draws the probability itself from [0, factor],
 * and the two sides are drawn independently, without an aspect-ratio range).
 * <pre>
 * Zhong, Zheng, Kang, Li &amp; Yang, "Random Erasing Data Augmentation", AAAI 2020.
 * </pre>
 */
public final class RandomErasing extends AbstractImageTransform {
    /** Tries per example before giving up. */
    public static final int MAX_ATTEMPTS = 100;

    @Config(description = "Probability p ∈ [0, 1] that an example gets a rectangle erased.")
    private double erasingProbability = 0.5;

    @Config(description = "Smallest erased area s_l ∈ (0, 1] as a fraction of the image area.")
    private double minAreaFraction = 0.02;

    @Config(description = "Largest erased area s_h ∈ [s_l, 1] as a fraction of the image area.")
    private double maxAreaFraction = 0.4;

    @Config(description = "Smallest aspect ratio r_1 ∈ (0, 1] (height/width) of the rectangle; the largest is 1/r_1.")
    private double minAspectRatio = 0.3;

    /** For OLCUT. */
    private RandomErasing() {}

    /**
     * @param height image height
     * @param width image width
     * @param channels values per pixel
     * @param erasingProbability p
     * @param minAreaFraction s_l
     * @param maxAreaFraction s_h
     * @param minAspectRatio r_1
     */
    public RandomErasing(int height, int width, int channels, double erasingProbability, double minAreaFraction,
                         double maxAreaFraction, double minAspectRatio) {
        setShape(height, width, channels);
        this.erasingProbability = erasingProbability;
        this.minAreaFraction = minAreaFraction;
        this.maxAreaFraction = maxAreaFraction;
        this.minAspectRatio = minAspectRatio;
        postConfig();
    }

    @Override
    public void postConfig() {
        super.postConfig();
        PropertyChecks.probability("erasingProbability", erasingProbability);
        if (!(minAreaFraction > 0 && minAreaFraction <= 1)) {
            throw new PropertyException("", "minAreaFraction", "expected minAreaFraction in (0, 1], found " + minAreaFraction);
        }
        if (!(maxAreaFraction >= minAreaFraction && maxAreaFraction <= 1)) {
            throw new PropertyException("", "maxAreaFraction", "expected maxAreaFraction in [minAreaFraction = "
                    + minAreaFraction + ", 1], found " + maxAreaFraction);
        }
        if (!(minAspectRatio > 0 && minAspectRatio <= 1)) {
            throw new PropertyException("", "minAspectRatio", "expected minAspectRatio in (0, 1], found " + minAspectRatio);
        }
    }

    /** @return p */
    public double erasingProbability() {
        return erasingProbability;
    }

    /**
     * The rectangle sampler of the paper's Algorithm 1.
     * @param shape the image
     * @param minAreaFraction s_l
     * @param maxAreaFraction s_h
     * @param minAspectRatio r_1
     * @param rng the source of randomness
     * @return a rectangle inside the image, or empty if none fitted in {@value #MAX_ATTEMPTS} tries
     */
    public static Optional<PixelBox> sampleRectangle(ImageShape shape, double minAreaFraction, double maxAreaFraction,
                                                     double minAspectRatio, SplittableRandom rng) {
        int h = shape.height();
        int w = shape.width();
        double maxAspectRatio = 1 / minAspectRatio;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            double area = (minAreaFraction + (maxAreaFraction - minAreaFraction) * rng.nextDouble()) * shape.pixels();
            double ratio = minAspectRatio + (maxAspectRatio - minAspectRatio) * rng.nextDouble();
            int he = (int) Math.round(Math.sqrt(area * ratio));
            int we = (int) Math.round(Math.sqrt(area / ratio));
            int top = rng.nextInt(h);
            int left = rng.nextInt(w);
            if (he >= 1 && we >= 1 && top + he <= h && left + we <= w) {
                return Optional.of(new PixelBox(top, left, top + he, left + we));
            }
        }
        return Optional.empty();
    }

    @Override
    public Batch apply(Batch batch, TrainingClock clock, SplittableRandom rng) {
        ImageShape shape = shapeFor(batch);
        Matrix out = batch.inputs().copy();
        double[] x = out.data();
        for (int i = 0; i < out.rows(); i++) {
            if (rng.nextDouble() >= erasingProbability) {
                continue;
            }
            Optional<PixelBox> box = sampleRectangle(shape, minAreaFraction, maxAreaFraction, minAspectRatio, rng);
            if (box.isPresent()) {
                PixelBox b = box.get();
                int offset = i * out.cols();
                for (int r = b.top(); r < b.bottom(); r++) {
                    for (int j = offset + shape.index(r, b.left(), 0), end = j + b.width() * shape.channels(); j < end; j++) {
                        x[j] = rng.nextGaussian();
                    }
                }
            }
        }
        return new Batch(out, batch.targets().copy());
    }

    @Override
    public String toString() {
        return "RandomErasing(" + shapeString() + ",erasingProbability=" + erasingProbability + ",minAreaFraction="
                + minAreaFraction + ",maxAreaFraction=" + maxAreaFraction + ",minAspectRatio=" + minAspectRatio + ")";
    }
}
