package org.occam.experiments.sweep;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.occam.experiments.data.DataException;

import java.util.ArrayList;
import java.util.List;

/**
 * A sweep declared in a config file, beside the experiment: the component named
 * {@value #COMPONENT} is what {@code occam sweep CONFIG} runs when no {@code --grid} is given
 * (command-line {@code --grid} axes replace declared axes with the same key and add the others;
 * {@code --seeds}, {@code --folds} and {@code --select} replace the declared values).
 * <pre>
 * &lt;component name="sweep" type="org.occam.experiments.sweep.Sweep"&gt;
 *   &lt;propertylist name="grid"&gt;
 *     &lt;item&gt;l2.lambda=0,0.01,0.1,1&lt;/item&gt;
 *   &lt;/propertylist&gt;
 *   &lt;property name="seeds" value="3"/&gt;
 * &lt;/component&gt;
 * </pre>
 * Each grid item is a {@link GridAxis} spec. {@code occam run} ignores this component.
 */
public final class Sweep implements Configurable, Provenancable<ConfiguredObjectProvenance> {
    /** The component name {@code occam sweep} looks up. */
    public static final String COMPONENT = "sweep";

    @Config(description = "Grid axes, each 'component.property=v1,v2,...' (see GridAxis); every combination is one run.")
    private List<String> grid = new ArrayList<>();

    @Config(description = "Number of trainer seeds per grid point (the configured seed, +1, +2, ...), ≥ 1.")
    private int seeds = 1;

    @Config(description = "k of k-fold cross-validation over the non-test rows (0: use the split's validation rows).")
    private int folds = 0;

    @Config(description = "Seed of the fold assignment.")
    private long foldSeed = 1;

    @Config(description = "Validation metric the best setting is chosen by: accuracy, macroF1, auc, mse, rmse, mae or r2 (empty: accuracy for classification, mse for regression).")
    private String selectionMetric = "";

    /** For OLCUT. */
    private Sweep() {}

    /**
     * @param grid axis specs
     * @param seeds seeds per point
     * @param folds k (0 for none)
     * @param foldSeed fold-assignment seed
     * @param selectionMetric the selection metric, or empty for the task default
     */
    public Sweep(List<String> grid, int seeds, int folds, long foldSeed, String selectionMetric) {
        this.grid = new ArrayList<>(grid);
        this.seeds = seeds;
        this.folds = folds;
        this.foldSeed = foldSeed;
        this.selectionMetric = selectionMetric;
        postConfig();
    }

    @Override
    public void postConfig() {
        if (grid == null) {
            grid = new ArrayList<>();
        }
        List<GridAxis> parsed = new ArrayList<>();
        for (String g : grid) {
            try {
                parsed.add(GridAxis.parse(g));
            } catch (DataException e) {
                throw new PropertyException(COMPONENT, "grid", e.getMessage());
            }
        }
        try {
            GridAxis.requireDistinct(parsed, "grid");
        } catch (DataException e) {
            throw new PropertyException(COMPONENT, "grid", e.getMessage());
        }
        if (seeds < 1) {
            throw new PropertyException(COMPONENT, "seeds", "expected seeds ≥ 1, found " + seeds);
        }
        if (folds < 0 || folds == 1) {
            throw new PropertyException(COMPONENT, "folds", "expected folds = 0 (no cross-validation) or ≥ 2, found " + folds);
        }
        if (selectionMetric == null) {
            selectionMetric = "";
        }
        if (!selectionMetric.isEmpty() && !SelectionMetric.NAMES.contains(selectionMetric)) {
            throw new PropertyException(COMPONENT, "selectionMetric", "expected one of " + SelectionMetric.NAMES + ", found " + selectionMetric);
        }
    }

    /** @return the grid axes */
    public List<GridAxis> axes() {
        return grid.stream().map(GridAxis::parse).toList();
    }

    /** @return seeds per point */
    public int seeds() {
        return seeds;
    }

    /** @return k, or 0 */
    public int folds() {
        return folds;
    }

    /** @return the fold-assignment seed */
    public long foldSeed() {
        return foldSeed;
    }

    /** @return the selection metric name, or empty for the task default */
    public String selectionMetric() {
        return selectionMetric;
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "Sweep");
    }

    @Override
    public String toString() {
        return "Sweep(grid=" + grid + ",seeds=" + seeds + ",folds=" + folds + ",foldSeed=" + foldSeed
                + ",selectionMetric=" + selectionMetric + ")";
    }
}
