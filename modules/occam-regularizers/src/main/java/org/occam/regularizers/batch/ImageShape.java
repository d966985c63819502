package org.occam.regularizers.batch;

/**
 * The shape of an image stored as one feature row: {@code height × width × channels} values in
 * row-major order with the channel innermost (Keras' {@code channels_last}), so channel k of pixel
 * (r, c) is feature {@code (r·width + c)·channels + k}. The 8×8 grey-level digits are
 * {@code ImageShape(8, 8, 1)}.
 * @param height rows of pixels, ≥ 1
 * @param width columns of pixels, ≥ 1
 * @param channels values per pixel, ≥ 1
 */
public record ImageShape(int height, int width, int channels) {
    /** Checks that every dimension is positive and the size fits an int. */
    public ImageShape {
        if (height < 1 || width < 1 || channels < 1) {
            throw new IllegalArgumentException("image dimensions must be ≥ 1, found height=" + height + ", width="
                    + width + ", channels=" + channels);
        }
        if ((long) height * width * channels > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("image too large: " + height + "·" + width + "·" + channels);
        }
    }

    /** @return height·width, the number of pixels */
    public int pixels() {
        return height * width;
    }

    /** @return height·width·channels, the number of features of one example */
    public int size() {
        return height * width * channels;
    }

    /**
     * @param row pixel row, 0 ≤ row &lt; height
     * @param col pixel column, 0 ≤ col &lt; width
     * @param channel channel, 0 ≤ channel &lt; channels
     * @return the feature index of that value inside one example's row
     */
    public int index(int row, int col, int channel) {
        return (row * width + col) * channels + channel;
    }

    /**
     * Checks that a batch's rows are images of this shape.
     * @param owner the transform's name, for the message
     * @param featureCount the batch's number of feature columns
     * @throws IllegalArgumentException naming the properties and both numbers if they differ
     */
    public void requireFeatureCount(String owner, int featureCount) {
        if (featureCount != size()) {
            throw new IllegalArgumentException(owner + ": properties height·width·channels = " + height + "·" + width
                    + "·" + channels + " = " + size() + " do not match the " + featureCount
                    + " feature columns of the batch; set height, width and channels to the image shape of the data");
        }
    }

    @Override
    public String toString() {
        return height + "×" + width + "×" + channels;
    }
}
