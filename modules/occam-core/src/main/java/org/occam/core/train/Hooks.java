package org.occam.core.train;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.occam.core.spi.BatchTransform;
import org.occam.core.spi.Constraint;
import org.occam.core.spi.GradientTransform;
import org.occam.core.spi.LayerPlugin;
import org.occam.core.spi.LossHook;
import org.occam.core.spi.Penalty;
import org.occam.core.spi.StoppingRule;
import org.occam.core.spi.WeightPerturbation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The plugin lists of a training run, one per hook of {@link org.occam.core.spi}, in hook order.
 * The trainer, its builder, {@link TrainingPlan} and {@code describe()} all hold this one value, so
 * a new hook is one component here. The lists are copied and unmodifiable.
 * @param batchTransforms hook 1, in order
 * @param layerPlugins hook 2, layers inserted into the network, asked at every slot in order
 * @param weightPerturbations hook 2, parameter noise (DropConnect, weight noise), in order
 * @param lossHooks hooks 2–4 as one (R-Drop); at most one
 * @param penalties hook 3 (and 6), in order
 * @param gradientTransforms hook 5, in order
 * @param constraints hook 7, in order
 * @param stoppingRules hook 8, in order
 */
public record Hooks(List<BatchTransform> batchTransforms, List<LayerPlugin> layerPlugins,
                    List<WeightPerturbation> weightPerturbations, List<LossHook> lossHooks, List<Penalty> penalties,
                    List<GradientTransform> gradientTransforms, List<Constraint> constraints,
                    List<StoppingRule> stoppingRules) {
    private static final Hooks NONE = new Hooks(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

    /** Copies the lists; a null list is empty, a null element or a second loss hook is a {@link PropertyException}. */
    public Hooks {
        batchTransforms = copy(batchTransforms, "batchTransforms");
        layerPlugins = copy(layerPlugins, "layerPlugins");
        weightPerturbations = copy(weightPerturbations, "weightPerturbations");
        lossHooks = copy(lossHooks, "lossHooks");
        penalties = copy(penalties, "penalties");
        gradientTransforms = copy(gradientTransforms, "gradientTransforms");
        constraints = copy(constraints, "constraints");
        stoppingRules = copy(stoppingRules, "stoppingRules");
        if (lossHooks.size() > 1) {
            throw new PropertyException("", "lossHooks", "expected at most one loss hook (each one owns the forward and "
                    + "backward passes), found " + lossHooks);
        }
    }

    private static <E> List<E> copy(List<E> list, String name) {
        if (list == null) {
            return List.of();
        }
        for (E e : list) {
            if (e == null) {
                throw new PropertyException("", name, "expected a plugin, found null in " + list);
            }
        }
        return List.copyOf(list);
    }

    /** @return no plugins at all */
    public static Hooks none() {
        return NONE;
    }

    /** @param l hook 1 @return a copy with these batch transforms */
    public Hooks withBatchTransforms(List<BatchTransform> l) {
        return new Hooks(l, layerPlugins, weightPerturbations, lossHooks, penalties, gradientTransforms, constraints, stoppingRules);
    }

    /** @param l hook 2 @return a copy with these layer plugins */
    public Hooks withLayerPlugins(List<LayerPlugin> l) {
        return new Hooks(batchTransforms, l, weightPerturbations, lossHooks, penalties, gradientTransforms, constraints, stoppingRules);
    }

    /** @param l hook 2 @return a copy with these weight perturbations */
    public Hooks withWeightPerturbations(List<WeightPerturbation> l) {
        return new Hooks(batchTransforms, layerPlugins, l, lossHooks, penalties, gradientTransforms, constraints, stoppingRules);
    }

    /** @param l hooks 2–4 @return a copy with these loss hooks */
    public Hooks withLossHooks(List<LossHook> l) {
        return new Hooks(batchTransforms, layerPlugins, weightPerturbations, l, penalties, gradientTransforms, constraints, stoppingRules);
    }

    /** @param l hook 3 @return a copy with these penalties */
    public Hooks withPenalties(List<Penalty> l) {
        return new Hooks(batchTransforms, layerPlugins, weightPerturbations, lossHooks, l, gradientTransforms, constraints, stoppingRules);
    }

    /** @param l hook 5 @return a copy with these gradient transforms */
    public Hooks withGradientTransforms(List<GradientTransform> l) {
        return new Hooks(batchTransforms, layerPlugins, weightPerturbations, lossHooks, penalties, l, constraints, stoppingRules);
    }

    /** @param l hook 7 @return a copy with these constraints */
    public Hooks withConstraints(List<Constraint> l) {
        return new Hooks(batchTransforms, layerPlugins, weightPerturbations, lossHooks, penalties, gradientTransforms, l, stoppingRules);
    }

    /** @param l hook 8 @return a copy with these stopping rules */
    public Hooks withStoppingRules(List<StoppingRule> l) {
        return new Hooks(batchTransforms, layerPlugins, weightPerturbations, lossHooks, penalties, gradientTransforms, constraints, l);
    }

    /**
     * @param show how to print one list (e.g. {@code List::toString})
     * @return {@code batchTransforms=[…],layerPlugins=[…],…} in hook order, for {@code toString()}
     */
    public String describe(Function<List<?>, String> show) {
        List<String> parts = new ArrayList<>();
        parts.add("batchTransforms=" + show.apply(batchTransforms));
        parts.add("weightPerturbations=" + show.apply(weightPerturbations));
        parts.add("layerPlugins=" + show.apply(layerPlugins));
        parts.add("lossHooks=" + show.apply(lossHooks));
        parts.add("penalties=" + show.apply(penalties));
        parts.add("gradientTransforms=" + show.apply(gradientTransforms));
        parts.add("constraints=" + show.apply(constraints));
        parts.add("stoppingRules=" + show.apply(stoppingRules));
        return String.join(",", parts);
    }
}
