package org.occam.regularizers;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.occam.core.spi.ParameterScope;

import java.util.ArrayList;
import java.util.List;

/**
 * The scope properties that weight penalties, weight perturbations and weight constraints share
 * (DESIGN §4: {@code includeOutputLayer}, {@code includeBiases}, {@code layers}), checked in one
 * place before each class builds its {@link ParameterScope}. The {@code @Config} fields stay on the
 * configurable classes, where OLCUT finds them; their {@code postConfig()} calls this class.
 */
public final class ScopeSettings {
    private ScopeSettings() {}

    /**
     * Checks the {@code layers} property.
     * @param layers the configured layer names, or null
     * @return {@code layers} itself, or a new empty list if it is null
     * @throws PropertyException if a layer name is null or blank
     */
    public static List<String> checkedLayers(List<String> layers) {
        if (layers == null) {
            return new ArrayList<>();
        }
        for (String l : layers) {
            if (l == null || l.isBlank()) {
                throw new PropertyException("", "layers", "expected layer names, found a blank entry in " + layers);
            }
        }
        return layers;
    }
}
