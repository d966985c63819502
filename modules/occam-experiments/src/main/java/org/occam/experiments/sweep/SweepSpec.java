package org.occam.experiments.sweep;

import org.occam.experiments.ExperimentConfig;
import org.occam.experiments.data.DataException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to sweep, before planning: the config, {@code --set} overrides for every run, the grid
 * axes, seeds per point, folds and the selection metric.
 * @param config the config file
 * @param baseOverrides overrides applied to every run
 * @param axes the grid axes
 * @param seeds seeds per grid point (≥ 1)
 * @param folds k of k-fold cross-validation, or 0
 * @param foldSeed the fold-assignment seed
 * @param selectionMetric the selection metric's name, or empty for the task default
 * @param select whether a best setting is chosen on validation data; false ({@code --no-select})
 *               measures the grid on train and test only, and needs no validation rows
 */
public record SweepSpec(Path config, List<String> baseOverrides, List<GridAxis> axes, int seeds, int folds,
                        long foldSeed, String selectionMetric, boolean select) {

    /**
     * A sweep that chooses its best setting.
     * @param config the config file
     * @param baseOverrides overrides applied to every run
     * @param axes the grid axes
     * @param seeds seeds per grid point (≥ 1)
     * @param folds k of k-fold cross-validation, or 0
     * @param foldSeed the fold-assignment seed
     * @param selectionMetric the selection metric's name, or empty for the task default
     */
    public SweepSpec(Path config, List<String> baseOverrides, List<GridAxis> axes, int seeds, int folds,
                     long foldSeed, String selectionMetric) {
        this(config, baseOverrides, axes, seeds, folds, foldSeed, selectionMetric, true);
    }

    /** Validates and copies. */
    public SweepSpec {
        baseOverrides = List.copyOf(baseOverrides);
        axes = List.copyOf(axes);
        if (seeds < 1) {
            throw new DataException("--seeds: expected at least 1, found " + seeds);
        }
        if (folds < 0 || folds == 1) {
            throw new DataException("--folds: expected 0 (no cross-validation) or at least 2, found " + folds);
        }
        if (!select && folds > 0) {
            throw new DataException("--no-select with --folds " + folds + ": cross-validation folds are validation data to choose by; "
                    + "drop one of them");
        }
        if (!select && selectionMetric != null && !selectionMetric.isEmpty()) {
            throw new DataException("--no-select with a selection metric ('" + selectionMetric + "'): nothing is chosen; drop one of them");
        }
    }

    /**
     * The spec a config declares (its {@link Sweep} component, if any) with the command line's
     * choices on top: {@code --grid} axes replace declared axes with the same key and add the
     * others; seeds, folds, fold seed and metric replace the declared values when given (non-null).
     * @param config the config file
     * @param baseOverrides {@code --set} overrides
     * @param cliAxes {@code --grid} axes
     * @param seeds {@code --seeds}, or null
     * @param folds {@code --folds}, or null
     * @param foldSeed {@code --fold-seed}, or null
     * @param selectionMetric {@code --select}, or null
     * @return the spec
     */
    public static SweepSpec of(Path config, List<String> baseOverrides, List<GridAxis> cliAxes, Integer seeds,
                               Integer folds, Long foldSeed, String selectionMetric) {
        return of(config, baseOverrides, cliAxes, seeds, folds, foldSeed, selectionMetric, true);
    }

    /**
     * As {@link #of(Path, List, List, Integer, Integer, Long, String)}, choosing a best setting or not.
     * @param config the config file
     * @param baseOverrides {@code --set} overrides
     * @param cliAxes {@code --grid} axes
     * @param seeds {@code --seeds}, or null
     * @param folds {@code --folds}, or null
     * @param foldSeed {@code --fold-seed}, or null
     * @param selectionMetric {@code --select}, or null
     * @param select false for {@code --no-select}: no choice, train and test metrics only
     * @return the spec
     */
    public static SweepSpec of(Path config, List<String> baseOverrides, List<GridAxis> cliAxes, Integer seeds,
                               Integer folds, Long foldSeed, String selectionMetric, boolean select) {
        GridAxis.requireDistinct(cliAxes, "--grid");
        var cm = ExperimentConfig.manager(config);
        org.occam.experiments.ConfigChecks.checkFiniteNumbers(cm, config);
        org.occam.experiments.ConfigChecks.checkReferenceCycles(cm, config);
        org.occam.experiments.ConfigChecks.checkPropertyShapes(cm, config);
        Sweep declared = null;
        if (cm.getComponentNames().contains(Sweep.COMPONENT)) {
            try {
                Object o = cm.lookup(Sweep.COMPONENT);
                if (!(o instanceof Sweep)) {
                    throw new DataException(config + ": component '" + Sweep.COMPONENT + "' is a " + o.getClass().getName()
                            + ", expected " + Sweep.class.getName());
                }
                declared = (Sweep) o;
            } catch (RuntimeException e) {
                throw e instanceof DataException ? e : new DataException(config + ": " + ExperimentConfig.describe(e), e);
            }
        }
        Map<String, GridAxis> axes = new LinkedHashMap<>();
        if (declared != null) {
            declared.axes().forEach(a -> axes.put(a.key(), a));
        }
        cliAxes.forEach(a -> axes.put(a.key(), a));
        return new SweepSpec(config, baseOverrides, new ArrayList<>(axes.values()),
                seeds != null ? seeds : declared != null ? declared.seeds() : 1,
                folds != null ? folds : declared != null ? declared.folds() : 0,
                foldSeed != null ? foldSeed : declared != null ? declared.foldSeed() : 1,
                selectionMetric != null ? selectionMetric : declared != null && select ? declared.selectionMetric() : "", select);
    }
}
