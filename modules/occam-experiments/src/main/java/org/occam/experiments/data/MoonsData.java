package org.occam.experiments.data;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.util.SplittableRandom;

/**
 * Two interleaving half circles, scikit-learn's {@code make_moons} formula:
 * <pre>
 * outer (label 0): (cos t, sin t),              t = linspace(0, π, ⌊n/2⌋)
 * inner (label 1): (1 − cos t, 1 − sin t − ½),  t = linspace(0, π, n − ⌊n/2⌋)
 * </pre>
 * plus N(0, noise²) on both coordinates, rows shuffled. Randomness comes from a
 * {@link SplittableRandom} of {@code seed} (not numpy's generator, so the points differ from
 * sklearn's for the same seed; the shipped {@code moons_*.csv} files are sklearn's).
 */
public final class MoonsData implements ExperimentData {
    @Config(description = "Number of points (≥ 2).")
    private int samples = 200;

    @Config(description = "Standard deviation of the Gaussian noise (≥ 0).")
    private double noise = 0.3;

    @Config(description = "Seed of the generator.")
    private long seed = 42;

    /** For OLCUT. */
    private MoonsData() {}

    /**
     * @param samples number of points
     * @param noise noise standard deviation
     * @param seed generator seed
     */
    public MoonsData(int samples, double noise, long seed) {
        this.samples = samples;
        this.noise = noise;
        this.seed = seed;
        postConfig();
    }

    @Override
    public void postConfig() {
        if (samples < 2) {
            throw new PropertyException("", "samples", "expected samples ≥ 2, found " + samples);
        }
        if (!(noise >= 0 && Double.isFinite(noise))) {
            throw new PropertyException("", "noise", "expected a finite noise ≥ 0, found " + noise);
        }
    }

    /**
     * @return the points as rows {x1, x2, label}, in shuffled order
     */
    public double[][] generate() {
        int nOuter = samples / 2;
        int nInner = samples - nOuter;
        double[][] rows = new double[samples][];
        for (int i = 0; i < nOuter; i++) {
            double t = nOuter == 1 ? 0 : Math.PI * i / (nOuter - 1);
            rows[i] = new double[]{Math.cos(t), Math.sin(t), 0};
        }
        for (int i = 0; i < nInner; i++) {
            double t = nInner == 1 ? 0 : Math.PI * i / (nInner - 1);
            rows[nOuter + i] = new double[]{1 - Math.cos(t), 1 - Math.sin(t) - 0.5, 1};
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = samples - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            double[] t = rows[i];
            rows[i] = rows[j];
            rows[j] = t;
        }
        for (double[] r : rows) {
            r[0] += noise * rng.nextGaussian();
            r[1] += noise * rng.nextGaussian();
        }
        return rows;
    }

    @Override
    public LoadedData load() {
        LabelFactory factory = new LabelFactory();
        String description = "moons(samples=" + samples + ",noise=" + noise + ",seed=" + seed + ")";
        MutableDataset<Label> dataset = new MutableDataset<>(new SimpleDataSourceProvenance(description, factory), factory);
        for (double[] r : generate()) {
            dataset.add(new ArrayExample<>(new Label(Integer.toString((int) r[2])), new String[]{"x1", "x2"}, new double[]{r[0], r[1]}));
        }
        return new LoadedData(dataset, Task.CLASSIFICATION, "moons_generated_n" + samples, Hashing.sha256(description));
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "ExperimentData");
    }

    @Override
    public String toString() {
        return "MoonsData(samples=" + samples + ",noise=" + noise + ",seed=" + seed + ")";
    }
}
