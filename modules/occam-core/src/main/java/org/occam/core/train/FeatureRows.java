package org.occam.core.train;

import org.occam.core.math.Matrix;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Output;

import java.util.List;

/**
 * Turns Tribuo examples into dense feature rows in the model's feature-id order. Features the map
 * does not know are skipped and counted per example (as Tribuo models report them); non-finite
 * values are rejected with the example's position and the feature's name.
 */
public final class FeatureRows {
    private final Matrix rows;
    private final int[] knownFeatureCounts;

    private FeatureRows(Matrix rows, int[] knownFeatureCounts) {
        this.rows = rows;
        this.knownFeatureCounts = knownFeatureCounts;
    }

    /**
     * @param examples the examples
     * @param featureMap the feature domain
     * @param <T> the output type
     * @return the rows
     */
    public static <T extends Output<T>> FeatureRows of(List<? extends Example<T>> examples, ImmutableFeatureMap featureMap) {
        int n = examples.size();
        int width = featureMap.size();
        Matrix m = new Matrix(n, width);
        double[] d = m.data();
        int[] counts = new int[n];
        for (int i = 0; i < n; i++) {
            int known = 0;
            for (Feature f : examples.get(i)) {
                int id = featureMap.getID(f.getName());
                if (id < 0) {
                    continue;
                }
                double v = f.getValue();
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("example " + i + " has a non-finite value " + v
                            + " for feature '" + f.getName() + "'");
                }
                d[i * width + id] = v;
                known++;
            }
            counts[i] = known;
        }
        return new FeatureRows(m, counts);
    }

    /** @return the rows, examples × features */
    public Matrix matrix() {
        return rows;
    }

    /**
     * @param i example index
     * @return how many of the example's features the model knows
     */
    public int knownFeatures(int i) {
        return knownFeatureCounts[i];
    }
}
