package org.occam.experiments.sweep;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.property.SimpleProperty;
import org.occam.core.train.AbstractMLPTrainer;
import org.occam.experiments.Experiment;
import org.occam.experiments.ExperimentConfig;
import org.occam.experiments.data.DataException;
import org.occam.experiments.data.Hashing;
import org.occam.experiments.data.KFoldSplit;
import org.occam.experiments.data.LoadedData;
import org.occam.experiments.data.Partition;
import org.occam.experiments.data.Task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every run of a sweep, decided before anything runs: the grid points (the cartesian product of
 * the axes, last axis fastest), the seeds, the folds, each combination's {@code --set} overrides,
 * its id and run id, and the sweep directory
 * {@code <runs>/<experiment>/sweep-<hash>/} where {@code hash} is the first 12 hex digits of the
 * sha256 of the config text, the {@code --set} overrides, the grid, the seeds and the folds — the
 * same sweep always lands in the same directory, which is what makes resuming possible.
 *
 * @param config the config file
 * @param configText its text
 * @param baseOverrides {@code --set} overrides applied to every run
 * @param axes the grid axes
 * @param listAxes for each axis, whether its property is a list
 * @param seeds the trainer seeds
 * @param seedComponent the trainer component whose {@code seed} is set, or null when one seed is the configured one
 * @param folds k of k-fold cross-validation, or 0
 * @param foldSeed the fold-assignment seed
 * @param selection the metric the best setting is chosen by
 * @param experimentName the experiment's name
 * @param task the experiment's task
 * @param hash the sweep hash
 * @param directory the sweep directory
 * @param combinations every run, in order
 * @param select whether a best setting is chosen ({@code false}: {@code --no-select}, train and
 *               test metrics only; {@code selection} then only names the metric shown)
 */
public record SweepPlan(Path config, String configText, List<String> baseOverrides, List<GridAxis> axes,
                        List<Boolean> listAxes, List<Long> seeds, String seedComponent, int folds, long foldSeed,
                        SelectionMetric selection, String experimentName, Task task, String hash, Path directory,
                        List<Combination> combinations, boolean select) {

    /** Name of the component a cross-validation fold adds to a combination's configuration. */
    public static final String FOLD_COMPONENT = "occam-cv-fold";

    /**
     * One run of the sweep.
     * @param id directory name inside the sweep directory: {@code p<point>-s<seed>[-f<fold>]}
     * @param point the grid point's index
     * @param values axis key → value at this point, in axis order
     * @param seed the trainer seed
     * @param fold the validation fold, or -1 without cross-validation
     * @param overrides the {@code --set} overrides of this run (base, grid point, seed)
     * @param runId the run id in the run store: {@code sweep-<hash>-<id>}
     */
    public record Combination(String id, int point, Map<String, String> values, long seed, int fold,
                              List<String> overrides, String runId) {}

    /**
     * Plans a sweep: loads the config once (so a bad key, value or component fails before any
     * run), checks that the best setting can be chosen on validation data, and lists every run.
     * @param spec what to sweep
     * @param runsRoot the runs root ({@code runs})
     * @return the plan
     * @throws DataException naming the config, key or value on any problem
     */
    public static SweepPlan of(SweepSpec spec, Path runsRoot) {
        ExperimentConfig.Loaded loaded = ExperimentConfig.load(spec.config(), spec.baseOverrides());
        ConfigurationManager cm = loaded.manager();
        Experiment experiment = loaded.experiment();
        if (spec.axes().isEmpty() && spec.seeds() == 1 && spec.folds() == 0) {
            throw new DataException(spec.config() + ": nothing to sweep: give --grid component.property=v1,v2,..., --seeds N or --folds K "
                    + "(or declare a component named '" + Sweep.COMPONENT + "')");
        }
        List<Boolean> listAxes = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (GridAxis axis : spec.axes()) {
            if (keys.contains(axis.key())) {
                throw new DataException("--grid " + axis.spec() + ": the key " + axis.key() + " is given twice");
            }
            keys.add(axis.key());
            boolean list = false;
            for (int c = 0; c < axis.components().size(); c++) {
                String component = axis.components().get(c);
                if (!cm.getComponentNames().contains(component)) {
                    throw new DataException("--grid " + axis.spec() + ": " + spec.config() + " has no component '" + component
                            + "'; components are " + cm.getComponentNames());
                }
                boolean l = ExperimentConfig.isListProperty(cm, component, axis.property());
                if (c > 0 && l != list) {
                    throw new DataException("--grid " + axis.spec() + ": '" + axis.property() + "' is a list on some of the components and not on others");
                }
                list = l;
            }
            listAxes.add(list);
            for (String v : axis.values()) {
                // Each value must load: a wrong value fails here, naming the axis, not in run 17.
                List<String> o = new ArrayList<>(spec.baseOverrides());
                o.addAll(axis.overrides(v, list));
                try {
                    ExperimentConfig.load(spec.config(), o);
                } catch (DataException e) {
                    throw new DataException("--grid " + axis.spec() + ": value '" + v + "': " + e.getMessage(), e);
                }
            }
        }
        String trainerComponent = ExperimentConfig.simpleValue(cm, Experiment.COMPONENT, "trainer").orElse(null);
        List<Long> seeds = new ArrayList<>();
        String seedComponent = null;
        long configuredSeed = experiment.trainer() instanceof AbstractMLPTrainer ? ((AbstractMLPTrainer<?>) experiment.trainer()).seed() : -1;
        if (spec.seeds() > 1) {
            if (!(experiment.trainer() instanceof AbstractMLPTrainer) || trainerComponent == null) {
                throw new DataException("--seeds " + spec.seeds() + ": the experiment's trainer is not an Occam MLP trainer with a seed");
            }
            seedComponent = trainerComponent;
            if (keys.contains(seedComponent + ".seed")) {
                throw new DataException("--seeds " + spec.seeds() + " and --grid " + seedComponent + ".seed both set the trainer seed; use one");
            }
            for (int i = 0; i < spec.seeds(); i++) {
                seeds.add(configuredSeed + i);
            }
        } else {
            seeds.add(configuredSeed);
        }
        LoadedData data = experiment.data().load();
        Partition partition = experiment.split().split(data.dataset().size());
        if (spec.select() && spec.folds() == 0 && partition.validation().length == 0) {
            throw new DataException(spec.config() + ": the split has no validation rows, and a sweep chooses its best setting on "
                    + "validation data, never on test: set the split's validationFraction > 0 or use --folds K "
                    + "(or --no-select to choose nothing and report train and test metrics only)");
        }
        if (spec.folds() > 0 && !cm.getComponentNames().contains(ExperimentConfig.simpleValue(cm, Experiment.COMPONENT, "split").orElse(""))) {
            throw new DataException(spec.config() + ": --folds needs the experiment's split to be a component of the config");
        }
        SelectionMetric selection = SelectionMetric.of(spec.selectionMetric(), data.task() == Task.CLASSIFICATION);

        String hash = hash(loaded.configText(), spec, seeds);
        Path directory = runsRoot.resolve(experiment.name()).resolve("sweep-" + hash);
        List<Map<String, String>> points = points(spec.axes());
        List<Combination> combinations = new ArrayList<>();
        for (int p = 0; p < points.size(); p++) {
            Map<String, String> point = points.get(p);
            List<String> pointOverrides = new ArrayList<>(spec.baseOverrides());
            for (int a = 0; a < spec.axes().size(); a++) {
                GridAxis axis = spec.axes().get(a);
                pointOverrides.addAll(axis.overrides(point.get(axis.key()), listAxes.get(a)));
            }
            for (long seed : seeds) {
                List<String> overrides = new ArrayList<>(pointOverrides);
                if (seedComponent != null) {
                    overrides.add(seedComponent + ".seed=" + seed);
                }
                int foldCount = Math.max(1, spec.folds());
                for (int f = 0; f < foldCount; f++) {
                    int fold = spec.folds() > 0 ? f : -1;
                    String id = String.format(Locale.ROOT, "p%03d-s%d", p, seed) + (fold >= 0 ? "-f" + fold : "");
                    combinations.add(new Combination(id, p, point, seed, fold, List.copyOf(overrides), "sweep-" + hash + "-" + id));
                }
            }
        }
        return new SweepPlan(spec.config(), loaded.configText(), List.copyOf(spec.baseOverrides()), List.copyOf(spec.axes()),
                List.copyOf(listAxes), List.copyOf(seeds), seedComponent, spec.folds(), spec.foldSeed(), selection,
                experiment.name(), data.task(), hash, directory, List.copyOf(combinations), spec.select());
    }

    /** @return the number of grid points */
    public int pointCount() {
        return combinations.isEmpty() ? 0 : combinations.get(combinations.size() - 1).point() + 1;
    }

    /**
     * Loads the experiment of one combination: the config with its overrides and, for a
     * cross-validation fold, a {@link KFoldSplit} component wrapping the experiment's split.
     * @param c the combination
     * @return the loaded experiment
     */
    public ExperimentConfig.Loaded load(Combination c) {
        return ExperimentConfig.load(config, c.overrides(), cm -> {
            if (c.fold() >= 0) {
                String split = ExperimentConfig.simpleValue(cm, Experiment.COMPONENT, "split").orElseThrow();
                Map<String, String> fold = new LinkedHashMap<>();   // not Map.of: its order changes between JVM runs
                fold.put("base", split);
                fold.put("k", Integer.toString(folds));
                fold.put("fold", Integer.toString(c.fold()));
                fold.put("seed", Long.toString(foldSeed));
                ExperimentConfig.addComponent(cm, FOLD_COMPONENT, KFoldSplit.class, fold);
                cm.overrideConfigurableProperty(Experiment.COMPONENT, "split", new SimpleProperty(FOLD_COMPONENT));
            }
        });
    }

    private static List<Map<String, String>> points(List<GridAxis> axes) {
        List<Map<String, String>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (GridAxis axis : axes) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> p : points) {
                for (String v : axis.values()) {
                    Map<String, String> q = new LinkedHashMap<>(p);
                    q.put(axis.key(), v);
                    next.add(q);
                }
            }
            points = next;
        }
        List<Map<String, String>> out = new ArrayList<>();
        points.forEach(p -> out.add(java.util.Collections.unmodifiableMap(p)));
        return out;
    }

    private static String hash(String configText, SweepSpec spec, List<Long> seeds) {
        StringBuilder sb = new StringBuilder("occam-sweep/1\n").append(configText).append("\n--set\n");
        spec.baseOverrides().forEach(o -> sb.append(o).append('\n'));
        sb.append("--grid\n");
        spec.axes().forEach(a -> sb.append(a.spec()).append('\n'));
        sb.append("--seeds ").append(seeds).append("\n--folds ").append(spec.folds()).append(' ').append(spec.folds() > 0 ? spec.foldSeed() : 0);
        if (!spec.select()) {
            sb.append("\n--no-select"); // its manifest and results say so; a selecting sweep keeps its directory
        }
        return Hashing.sha256(sb.toString()).substring(0, 12);
    }
}
