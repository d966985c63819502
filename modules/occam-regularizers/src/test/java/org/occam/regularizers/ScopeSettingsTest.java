package org.occam.regularizers;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.occam.core.spi.LambdaConvention;
import org.occam.regularizers.constraint.MaxNorm;
import org.occam.regularizers.penalty.L2;
import org.occam.regularizers.weight.DropConnect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared check of the {@code layers} scope property. */
public class ScopeSettingsTest {

    @Test
    public void validLayersAreReturnedUnchanged() {
        List<String> layers = new ArrayList<>(List.of("hidden1", "output"));
        assertSame(layers, ScopeSettings.checkedLayers(layers));
        assertEquals(List.of("hidden1", "output"), layers);
    }

    @Test
    public void nullLayersBecomeAnEmptyList() {
        assertEquals(List.of(), ScopeSettings.checkedLayers(null));
    }

    @Test
    public void blankOrNullNamesAreRejectedWithTheLayersProperty() {
        for (List<String> bad : List.of(List.of(""), List.of("hidden1", " "), Arrays.asList("hidden1", null))) {
            PropertyException e = assertThrows(PropertyException.class, () -> ScopeSettings.checkedLayers(bad));
            assertEquals("layers", e.getProperty());
            assertTrue(e.getMessage().contains("expected layer names, found a blank entry in " + bad), e.getMessage());
        }
    }

    /** Penalties, weight perturbations and constraints all run the check. */
    @Test
    public void everyScopedFamilyUsesTheCheck() {
        List<String> bad = List.of("hidden1", " ");
        List<Executable> constructors = List.of(
                () -> new L2(0.1, LambdaConvention.KERAS, false, false, bad),
                () -> new DropConnect(0.5, false, false, bad),
                () -> new MaxNorm(1.0, false, bad));
        for (Executable c : constructors) {
            assertEquals("layers", assertThrows(PropertyException.class, c).getProperty());
        }
    }
}
