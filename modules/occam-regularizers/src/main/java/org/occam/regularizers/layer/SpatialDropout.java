package org.occam.regularizers.layer;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.occam.core.nn.Layer;
import org.occam.core.spi.LayerSlot;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Spatial dropout for image-shaped rows: each hidden row is read as a {@code height × width ×
 * channels} feature map, channel innermost (Keras {@code channels_last}), and in training whole
 * channels are dropped, per example, instead of single units.
 * <pre>
 * TRAIN   keep ~ Bernoulli(1 − p) per (example, channel)    y = keep ? x / (1 − p) : 0   for every pixel of that channel
 * INFER   y = x                                             (exactly the identity)
 * </pre>
 * Neighbouring pixels of a feature map are strongly correlated, so dropping them one by one barely
 * regularizes; dropping whole maps does (Tompson et al.). Equals Keras' {@code SpatialDropout2D(rate=p)}
 * on {@code channels_last} maps and PyTorch's {@code nn.Dropout2d(p)} (channels first). The hidden
 * layers it goes after must be {@code height·width·channels} wide; restrict it with {@code layers}.
 * Defaults: p = 0.5, after the activation; height, width and channels must be set.
 * <pre>
 * Tompson, Goroshin, Jain, LeCun &amp; Bregler, "Efficient Object Localization Using Convolutional
 * Networks", CVPR 2015.
 * </pre>
 */
public final class SpatialDropout extends AbstractDropout {
    @Config(mandatory = true, description = "Feature-map height (≥ 1); height·width·channels must equal the hidden layer's width.")
    private int height;

    @Config(mandatory = true, description = "Feature-map width (≥ 1).")
    private int width;

    @Config(mandatory = true, description = "Channels per pixel (≥ 1), the innermost index of a row; whole channels are dropped.")
    private int channels;

    /** For OLCUT. */
    private SpatialDropout() {
        super(Dropout.DEFAULT_DROP_PROBABILITY);
    }

    /**
     * @param dropProbability p ∈ [0, 1)
     * @param height feature-map height
     * @param width feature-map width
     * @param channels channels per pixel
     * @param layers the hidden layers of width height·width·channels, or empty for all
     */
    public SpatialDropout(double dropProbability, int height, int width, int channels, List<String> layers) {
        super(Dropout.DEFAULT_DROP_PROBABILITY);
        this.height = height;
        this.width = width;
        this.channels = channels;
        setDropout(dropProbability, LayerSlot.Position.AFTER_ACTIVATION, layers);
        postConfig();
    }

    @Override
    public void postConfig() {
        super.postConfig();
        for (String[] d : new String[][]{{"height", "" + height}, {"width", "" + width}, {"channels", "" + channels}}) {
            if (Integer.parseInt(d[1]) < 1) {
                throw new PropertyException("", d[0], "expected " + d[0] + " ≥ 1, found " + d[1]);
            }
        }
        if ((long) height * width * channels > Integer.MAX_VALUE) {
            throw new PropertyException("", "channels", "feature map too large: " + height + "·" + width + "·" + channels);
        }
    }

    /** @return the number of channels */
    public int channels() {
        return channels;
    }

    @Override
    protected Layer newLayer(LayerSlot slot, String name, SplittableRandom rng) {
        if (slot.width() != height * width * channels) {
            throw new PropertyException("", "channels", "the feature map " + height + "×" + width + "×" + channels + " = "
                    + (height * width * channels) + " values does not fit " + slot.hiddenLayer() + ", which is "
                    + slot.width() + " wide; set height, width and channels to its shape or restrict 'layers'");
        }
        return new SpatialDropoutLayer(name, slot.width(), channels, dropProbability, rng);
    }

    @Override
    protected String settingsString() {
        return ",height=" + height + ",width=" + width + ",channels=" + channels;
    }
}
