package org.occam.experiments.cli;

import org.occam.experiments.Experiment;
import org.occam.experiments.ExperimentConfig;

import java.nio.file.Path;
import java.util.List;

/**
 * Loads an experiment from an OLCUT XML config file, with {@code --set component.property=value}
 * overrides (a list value is written {@code a,b,c}); see {@link ExperimentConfig}, which does the
 * work and names the file, the line, the component or the property in every failure.
 */
final class ConfigLoading {
    private ConfigLoading() {}

    /** A loaded experiment with its config text. */
    record Loaded(Experiment experiment, String configText) {}

    static Loaded load(Path config, List<String> overrides) {
        ExperimentConfig.Loaded loaded = ExperimentConfig.load(config, overrides);
        return new Loaded(loaded.experiment(), loaded.configText());
    }
}
