package org.occam.experiments.data;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fold {@code fold} of a k-fold cross-validation over the rows another split uses for training
 * and validation. The base split's test rows stay the test rows (cross-validation never sees
 * them); its training and validation rows are pooled, shuffled with {@code seed} and dealt into
 * {@code k} folds round-robin (fold sizes differ by at most one); fold {@code fold} is the
 * validation set and the other k − 1 folds are the training set.
 * <p>
 * The provenance is the base split's configuration plus (k, fold, seed) — enough to recompute the
 * rows, and never the list of row indices (which Tribuo's k-fold provenance records, at ≈ 90% of a
 * run's provenance for 500 rows).
 */
public final class KFoldSplit implements DataSplit {
    @Config(mandatory = true, description = "The split whose training and validation rows are cross-validated; its test rows stay test rows.")
    private DataSplit base;

    @Config(description = "Number of folds, at least 2.")
    private int k = 5;

    @Config(description = "The fold used for validation, in [0, k).")
    private int fold = 0;

    @Config(description = "Seed of the shuffle that deals rows into folds.")
    private long seed = 1;

    /** For OLCUT. */
    private KFoldSplit() {}

    /**
     * @param base the split whose non-test rows are cross-validated
     * @param k number of folds
     * @param fold the validation fold
     * @param seed seed of the fold assignment
     */
    public KFoldSplit(DataSplit base, int k, int fold, long seed) {
        this.base = base;
        this.k = k;
        this.fold = fold;
        this.seed = seed;
        postConfig();
    }

    @Override
    public void postConfig() {
        if (base == null) {
            throw new PropertyException("", "base", "expected a base split, found null");
        }
        if (k < 2) {
            throw new PropertyException("", "k", "expected k ≥ 2 folds, found " + k);
        }
        if (fold < 0 || fold >= k) {
            throw new PropertyException("", "fold", "expected fold in [0, " + k + "), found " + fold);
        }
    }

    @Override
    public Partition split(int rows) {
        Partition b = base.split(rows);
        int[] pool = new int[b.train().length + b.validation().length];
        System.arraycopy(b.train(), 0, pool, 0, b.train().length);
        System.arraycopy(b.validation(), 0, pool, b.train().length, b.validation().length);
        Arrays.sort(pool);
        if (pool.length < k) {
            throw new DataException("KFoldSplit: " + pool.length + " non-test rows cannot be dealt into k = " + k + " folds");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = pool.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = pool[i];
            pool[i] = pool[j];
            pool[j] = t;
        }
        List<Integer> train = new ArrayList<>();
        List<Integer> validation = new ArrayList<>();
        for (int i = 0; i < pool.length; i++) {
            (i % k == fold ? validation : train).add(pool[i]);
        }
        return new Partition(sorted(train), sorted(validation), b.test());
    }

    private static int[] sorted(List<Integer> rows) {
        int[] a = rows.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(a);
        return a;
    }

    /** @return the number of folds */
    public int k() {
        return k;
    }

    /** @return the validation fold */
    public int fold() {
        return fold;
    }

    /** @return the fold-assignment seed */
    public long seed() {
        return seed;
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "DataSplit");
    }

    @Override
    public String toString() {
        return "KFoldSplit(base=" + base + ",k=" + k + ",fold=" + fold + ",seed=" + seed + ")";
    }
}
