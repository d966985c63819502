package org.occam.regularizers.batch;

import com.oracle.labs.mlrg.olcut.config.Config;
import org.occam.core.math.Matrix;
import org.occam.core.spi.Batch;
import org.occam.core.spi.TrainingClock;

import java.util.SplittableRandom;

/**
 * CutMix (Yun et al. 2019): paste a rectangle from a partner example into each example and mix the
 * targets by the pasted area. With π a uniform random permutation of the batch:
 * <pre>
 * λ ~ Beta(α, α)
 * box: h = ⌊H·√(1 − λ)⌋ × w = ⌊W·√(1 − λ)⌋ pixels, centre (r, c) uniform over the image,
 *      rows [r − ⌊h/2⌋, r − ⌊h/2⌋ + h) and columns [c − ⌊w/2⌋, c − ⌊w/2⌋ + w), clipped to the image
 * x̃_i = x_π(i) inside the box (all channels), x_i outside
 * λ' = 1 − |box| / (H·W)                          (λ corrected to the exact pasted area)
 * ỹ_i = λ'·y_i + (1 − λ')·y_π(i)
 * </pre>
 * With {@code perSample = false} (default, as the paper's code) one λ and one box serve the whole
 * batch; with {@code perSample = true} every example draws its own λ and box. An example paired with
 * itself is unchanged. Targets must be probability vectors (classification). Training only. Inputs
 * must be declared image-shaped with {@code height}, {@code width}, {@code channels}.
 * <p>
 * Draw order: the permutation, then per box λ, r, c. Default α = 1 (the paper's; λ uniform). Keras:
 * {@code keras.layers.CutMix} (its {@code factor} parametrizes the Beta differently). PyTorch:
 * torchvision {@code transforms.v2.CutMix(alpha=α)}, timm {@code Mixup(mixup_alpha=0, cutmix_alpha=α,
 * correct_lam=True)}. (The paper's code loses a row and a column of the box for odd sides; the
 * target weight here is always the exact area of the box that was pasted.)
 * <pre>
 * Yun, Han, Oh, Chun, Choe &amp; Yoo, "CutMix: Regularization Strategy to Train Strong Classifiers
 *   with Localizable Features", ICCV 2019.
 * </pre>
 */
public final class CutMix extends AbstractImageTransform {
    @Config(description = "Shape α > 0 (finite) of the symmetric Beta(α, α) the box size is drawn from.")
    private double alpha = 1.0;

    @Config(description = "Draw a λ and a box per example (true) instead of one for the whole minibatch (false, the paper's form).")
    private boolean perSample = false;

    /** For OLCUT. */
    private CutMix() {}

    /**
     * @param height image height
     * @param width image width
     * @param channels values per pixel
     * @param alpha α &gt; 0
     * @param perSample a box per example instead of one per batch
     */
    public CutMix(int height, int width, int channels, double alpha, boolean perSample) {
        setShape(height, width, channels);
        this.alpha = alpha;
        this.perSample = perSample;
        postConfig();
    }

    @Override
    public void postConfig() {
        super.postConfig();
        PropertyChecks.positive("alpha", alpha);
    }

    /** @return α */
    public double alpha() {
        return alpha;
    }

    /** @return true if every example draws its own box */
    public boolean perSample() {
        return perSample;
    }

    /**
     * The box for a drawn λ and centre.
     * @param shape the image
     * @param lambda λ ∈ [0, 1]
     * @param centerRow r
     * @param centerCol c
     * @return the box, clipped to the image
     */
    public static PixelBox box(ImageShape shape, double lambda, int centerRow, int centerCol) {
        double side = Math.sqrt(1 - lambda);
        int h = (int) (shape.height() * side);
        int w = (int) (shape.width() * side);
        return PixelBox.centeredClipped(shape, centerRow, centerCol, h, w);
    }

    /**
     * @param shape the image
     * @param box the pasted box
     * @return λ' = 1 − |box|/(H·W), the weight of an example's own target
     */
    public static double targetWeight(ImageShape shape, PixelBox box) {
        return 1.0 - (double) box.area() / shape.pixels();
    }

    /**
     * The kernel: pastes {@code boxes[i]} of example {@code partner[i]} into example i and mixes
     * the targets with λ' of that box.
     * @param batch the batch, not modified
     * @param shape the image shape of the inputs
     * @param partner the partner of each example
     * @param boxes the box of each example
     * @return a new batch
     */
    public static Batch paste(Batch batch, ImageShape shape, int[] partner, PixelBox[] boxes) {
        if (partner.length != batch.size() || boxes.length != batch.size()) {
            throw new IllegalArgumentException("batch has " + batch.size() + " rows, found " + partner.length
                    + " partners and " + boxes.length + " boxes");
        }
        Matrix x = batch.inputs();
        Matrix out = x.copy();
        double[] weights = new double[batch.size()];
        int cols = x.cols();
        for (int i = 0; i < batch.size(); i++) {
            boxes[i].copyInPlace(x.data(), partner[i] * cols, out.data(), i * cols, shape);
            weights[i] = targetWeight(shape, boxes[i]);
        }
        return new Batch(out, Mixup.mixRows(batch.targets(), partner, weights));
    }

    @Override
    public Batch apply(Batch batch, TrainingClock clock, SplittableRandom rng) {
        ImageShape shape = shapeFor(batch);
        int n = batch.size();
        int[] partner = RandomVariates.permutation(n, rng);
        PixelBox[] boxes = new PixelBox[n];
        for (int i = 0; i < n; i++) {
            if (perSample || i == 0) {
                double lambda = RandomVariates.beta(alpha, alpha, rng);
                boxes[i] = box(shape, lambda, rng.nextInt(shape.height()), rng.nextInt(shape.width()));
            } else {
                boxes[i] = boxes[0];
            }
        }
        return paste(batch, shape, partner, boxes);
    }

    @Override
    public String toString() {
        return "CutMix(" + shapeString() + ",alpha=" + alpha + ",perSample=" + perSample + ")";
    }
}
