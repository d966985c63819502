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
 * A random split by fractions (seeded): {@code testFraction} of the rows for test,
 * {@code validationFraction} for validation, the rest for training. Counts are rounded.
 */
public final class FractionSplit implements DataSplit {
    @Config(description = "Fraction of rows for validation, in [0, 1).")
    private double validationFraction = 0.0;

    @Config(description = "Fraction of rows for test, in [0, 1).")
    private double testFraction = 0.25;

    @Config(description = "Seed of the shuffle.")
    private long seed = 1;

    /** For OLCUT. */
    private FractionSplit() {}

    /**
     * @param validationFraction validation share
     * @param testFraction test share
     * @param seed shuffle seed
     */
    public FractionSplit(double validationFraction, double testFraction, long seed) {
        this.validationFraction = validationFraction;
        this.testFraction = testFraction;
        this.seed = seed;
        postConfig();
    }

    @Override
    public void postConfig() {
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new PropertyException("", "validationFraction", "expected validationFraction in [0, 1), found " + validationFraction);
        }
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw new PropertyException("", "testFraction", "expected testFraction in [0, 1), found " + testFraction);
        }
        if (validationFraction + testFraction >= 1) {
            throw new PropertyException("", "testFraction", "validationFraction + testFraction must be < 1, found "
                    + (validationFraction + testFraction));
        }
    }

    @Override
    public Partition split(int rows) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            all.add(i);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int nTest = (int) Math.round(testFraction * rows);
        if (testFraction > 0 && nTest == 0) {
            throw new DataException("FractionSplit: testFraction=" + testFraction + " of " + rows + " rows rounds to no test rows");
        }
        int[][] restTest = holdOut(all, nTest, rng);
        List<Integer> rest = new ArrayList<>();
        for (int i : restTest[0]) {
            rest.add(i);
        }
        int nValid = (int) Math.round(validationFraction * rows);
        if (validationFraction > 0 && nValid == 0) {
            throw new DataException("FractionSplit: validationFraction=" + validationFraction + " of " + rows
                    + " rows rounds to no validation rows");
        }
        int[][] trainValid = holdOut(rest, nValid, rng);
        if (trainValid[0].length == 0) {
            throw new DataException("FractionSplit leaves no training rows out of " + rows);
        }
        return new Partition(trainValid[0], trainValid[1], restTest[1]);
    }

    /**
     * Draws {@code count} rows at random out of {@code rows}.
     * @param rows candidate row indices
     * @param count how many to hold out
     * @param rng the generator
     * @return {kept rows, held-out rows}, each sorted
     */
    static int[][] holdOut(List<Integer> rows, int count, SplittableRandom rng) {
        int[] a = rows.stream().mapToInt(Integer::intValue).toArray();
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        int[] held = Arrays.copyOfRange(a, 0, count);
        int[] kept = Arrays.copyOfRange(a, count, a.length);
        Arrays.sort(held);
        Arrays.sort(kept);
        return new int[][]{kept, held};
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "DataSplit");
    }

    @Override
    public String toString() {
        return "FractionSplit(validationFraction=" + validationFraction + ",testFraction=" + testFraction + ",seed=" + seed + ")";
    }
}
