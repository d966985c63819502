package org.occam.core.train;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Activation;
import org.occam.core.nn.ActivationLayer;
import org.occam.core.nn.Dense;
import org.occam.core.nn.Initializer;
import org.occam.core.nn.Layer;
import org.occam.core.nn.Network;
import org.occam.core.nn.ResidualBlock;
import org.occam.core.spi.DenseSlot;
import org.occam.core.spi.LayerPlugin;
import org.occam.core.spi.LayerSlot;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Builds a multilayer perceptron: for each hidden size a dense layer {@code hidden<i>}, the
 * plugin layers for the {@code BEFORE_ACTIVATION} slot, the activation {@code hidden<i>.<act>},
 * the plugin layers for the {@code AFTER_ACTIVATION} slot; then the dense {@code output} layer
 * with no activation (the loss owns the head). No hidden sizes gives the linear / logistic model.
 * <p>
 * Dense weights are drawn from one generator and plugin layers get splits of another, so adding a
 * dropout layer does not change the initial weights.
 */
public final class MlpBuilder {
    private MlpBuilder() {}

    /**
     * @param inputWidth number of features
     * @param hiddenSizes hidden layer widths, in order (may be empty)
     * @param activation hidden activation
     * @param outputWidth number of outputs
     * @param initializer weight initializer
     * @param plugins layer plugins, asked in order at every slot
     * @param rng the run's generator for the network (two splits are taken from it)
     * @return the network
     */
    public static Network build(int inputWidth, int[] hiddenSizes, Activation activation, int outputWidth,
                                Initializer initializer, List<LayerPlugin> plugins, SplittableRandom rng) {
        return build(inputWidth, hiddenSizes, activation, outputWidth, initializer, plugins, false, rng);
    }

    /**
     * As {@link #build(int, int[], Activation, int, Initializer, List, SplittableRandom)}, optionally
     * with residual blocks: hidden layers 2..H become blocks {@code block<i>} computing
     * {@code x + f(x)}, f being the dense layer, its plugin layers and activation, and the plugin
     * layers of the {@code RESIDUAL_BRANCH_END} slot (stochastic depth). All hidden sizes must then
     * be equal. The residual blocks are hidden layers 2..H, so block l of L has
     * {@code l = hiddenIndex − 1}, {@code L = hiddenCount − 1}.
     * @param inputWidth number of features
     * @param hiddenSizes hidden layer widths
     * @param activation hidden activation
     * @param outputWidth number of outputs
     * @param initializer weight initializer
     * @param plugins layer plugins
     * @param residual build residual blocks
     * @param rng the run's generator for the network
     * @return the network
     */
    public static Network build(int inputWidth, int[] hiddenSizes, Activation activation, int outputWidth,
                                Initializer initializer, List<LayerPlugin> plugins, boolean residual, SplittableRandom rng) {
        if (residual) {
            for (int h : hiddenSizes) {
                if (h != hiddenSizes[0]) {
                    throw new IllegalArgumentException("residual blocks need equal hidden layer sizes, found " + java.util.Arrays.toString(hiddenSizes));
                }
            }
        }
        SplittableRandom weightRng = rng.split();
        SplittableRandom pluginRng = rng.split();
        Map<LayerPlugin, Set<String>> placed = new IdentityHashMap<>();
        plugins.forEach(p -> placed.put(p, new LinkedHashSet<>()));
        List<Layer> layers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int width = inputWidth;
        for (int i = 0; i < hiddenSizes.length; i++) {
            String hidden = "hidden" + (i + 1);
            boolean block = residual && i > 0;
            List<Layer> target = block ? new ArrayList<>() : layers;
            target.add(dense(hidden, width, hiddenSizes[i], false, initializer, weightRng, plugins, pluginRng, placed));
            width = hiddenSizes[i];
            addPluginLayers(target, names, plugins, new LayerSlot(hidden, i + 1, hiddenSizes.length, width,
                    LayerSlot.Position.BEFORE_ACTIVATION), pluginRng, placed);
            target.add(new ActivationLayer(hidden + "." + activation.name().toLowerCase(Locale.ROOT), width, activation));
            addPluginLayers(target, names, plugins, new LayerSlot(hidden, i + 1, hiddenSizes.length, width,
                    LayerSlot.Position.AFTER_ACTIVATION), pluginRng, placed);
            if (block) {
                addPluginLayers(target, names, plugins, new LayerSlot(hidden, i + 1, hiddenSizes.length, width,
                        LayerSlot.Position.RESIDUAL_BRANCH_END), pluginRng, placed);
                layers.add(new ResidualBlock("block" + (i + 1), width, target));
            }
        }
        layers.add(dense("output", width, outputWidth, true, initializer, weightRng, plugins, pluginRng, placed));
        checkEveryPluginPlaced(plugins, placed, hiddenSizes.length, residual);
        return new Network(inputWidth, layers);
    }

    /**
     * No silent no-ops: every plugin must have inserted (or replaced) a layer, and one at every layer
     * it names.
     */
    private static void checkEveryPluginPlaced(List<LayerPlugin> plugins, Map<LayerPlugin, Set<String>> placed, int hidden,
                                               boolean residual) {
        for (LayerPlugin plugin : plugins) {
            Set<String> where = placed.get(plugin);
            String network = "a network with " + hidden + " hidden layer" + (hidden == 1 ? "" : "s")
                    + (residual ? " in residual blocks" : " and no residual blocks");
            if (where.isEmpty()) {
                throw new PropertyException("", "layerPlugins", "layer plugin " + plugin + " inserted no layer into "
                        + network + ": it places its layers " + plugin.placement());
            }
            for (String name : plugin.layers()) {
                if (!where.contains(name)) {
                    throw new PropertyException("", "layerPlugins", "layer plugin " + plugin + " names layer '" + name
                            + "' but inserted nothing there (" + network + "; it inserted at " + where
                            + "): it places its layers " + plugin.placement());
                }
            }
        }
    }

    private static Layer dense(String name, int in, int out, boolean outputLayer, Initializer init, SplittableRandom rng,
                               List<LayerPlugin> plugins, SplittableRandom pluginRng, Map<LayerPlugin, Set<String>> placed) {
        DenseSlot slot = new DenseSlot(name, in, out, outputLayer);
        for (LayerPlugin plugin : plugins) {
            Optional<Layer> replacement = plugin.replaceDense(slot, init, pluginRng.split());
            if (replacement.isPresent()) {
                Layer l = replacement.get();
                if (!l.name().equals(name) || l.inputWidth() != in || l.outputWidth() != out) {
                    throw new IllegalStateException("layer plugin " + plugin + " replaced dense layer " + name + " (" + in + "→" + out
                            + ") by " + l.name() + " (" + l.inputWidth() + "→" + l.outputWidth() + ")");
                }
                placed.get(plugin).add(name);
                return l;
            }
        }
        Matrix w = new Matrix(out, in);
        init.fill(w.data(), in, out, rng);
        return new Dense(name, w, new Matrix(1, out), outputLayer);
    }

    private static void addPluginLayers(List<Layer> layers, Set<String> names, List<LayerPlugin> plugins,
                                        LayerSlot slot, SplittableRandom pluginRng, Map<LayerPlugin, Set<String>> placed) {
        for (LayerPlugin plugin : plugins) {
            String base = slot.hiddenLayer() + "." + plugin.getClass().getSimpleName().toLowerCase(Locale.ROOT);
            String name = base;
            for (int k = 2; names.contains(name); k++) {
                name = base + k;
            }
            Optional<Layer> layer = plugin.createLayer(slot, name, pluginRng.split());
            if (layer.isPresent()) {
                Layer l = layer.get();
                if (l.inputWidth() != slot.width() || l.outputWidth() != slot.width()) {
                    throw new IllegalStateException("layer plugin " + plugin + " made a layer of widths "
                            + l.inputWidth() + "→" + l.outputWidth() + " at a slot of width " + slot.width());
                }
                names.add(l.name());
                layers.add(l);
                placed.get(plugin).add(slot.hiddenLayer());
            }
        }
    }
}
