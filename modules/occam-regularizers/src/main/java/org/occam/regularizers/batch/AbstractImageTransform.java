package org.occam.regularizers.batch;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.occam.core.spi.Batch;
import org.occam.core.spi.BatchTransform;

/**
 * The image shape the image-shaped augmentations share: each input row is one image of
 * {@code height × width × channels} values, row-major with the channel innermost (see
 * {@link ImageShape}). The dimensions are checked in {@code postConfig()} (each ≥ 1) and against
 * every batch's feature count when the transform is applied.
 * <p>
 * Occam's experiments standardize features before a batch transform sees them, so a "pixel value"
 * here is a standardized value and 0 is that pixel's training mean.
 */
public abstract class AbstractImageTransform implements BatchTransform {
    @Config(mandatory = true, description = "Image height in pixels (≥ 1); height·width·channels must equal the number of features.")
    protected int height;

    @Config(mandatory = true, description = "Image width in pixels (≥ 1).")
    protected int width;

    @Config(description = "Values per pixel (≥ 1), innermost in the row-major height×width×channels layout; default 1.")
    protected int channels = 1;

    private ImageShape shape;

    /** For OLCUT and subclasses. */
    protected AbstractImageTransform() {}

    /**
     * Sets the shape from code (convenience constructors); the subclass then calls {@code postConfig()}.
     * @param height image height
     * @param width image width
     * @param channels values per pixel
     */
    protected void setShape(int height, int width, int channels) {
        this.height = height;
        this.width = width;
        this.channels = channels;
    }

    @Override
    public void postConfig() {
        checkDimension("height", height);
        checkDimension("width", width);
        checkDimension("channels", channels);
        if ((long) height * width * channels > Integer.MAX_VALUE) {
            throw new PropertyException("", "height", "expected height·width·channels to fit an int, found "
                    + height + "·" + width + "·" + channels);
        }
        shape = new ImageShape(height, width, channels);
    }

    private static void checkDimension(String name, int value) {
        if (value < 1) {
            throw new PropertyException("", name, "expected " + name + " ≥ 1, found " + value);
        }
    }

    /** @return the configured image shape */
    public ImageShape shape() {
        return shape;
    }

    /**
     * @param batch a minibatch
     * @return the image shape, after checking that the batch's rows have its size
     * @throws IllegalArgumentException if height·width·channels differs from the feature count
     */
    protected ImageShape shapeFor(Batch batch) {
        shape.requireFeatureCount(getClass().getSimpleName(), batch.inputs().cols());
        return shape;
    }

    /** @return the shape part of {@code toString()} */
    protected String shapeString() {
        return "height=" + height + ",width=" + width + ",channels=" + channels;
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "BatchTransform");
    }
}
