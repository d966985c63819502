package org.occam.experiments.cli;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.property.ListProperty;
import com.oracle.labs.mlrg.olcut.config.property.SimpleProperty;
import org.occam.experiments.Experiment;
import org.occam.experiments.data.DataException;

import org.xml.sax.SAXParseException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads an experiment from an OLCUT XML config file, with {@code --set component.property=value}
 * overrides (a list value is written {@code a,b,c}), and turns every failure into one line naming
 * the file, the line, the component or the property.
 */
final class ConfigLoading {
    private ConfigLoading() {}

    /** A loaded experiment with its config text. */
    record Loaded(Experiment experiment, String configText) {}

    static Loaded load(Path config, List<String> overrides) {
        if (!Files.isRegularFile(config)) {
            throw new DataException(config + ": no such config file");
        }
        String text;
        try {
            text = Files.readString(config, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DataException(config + ": cannot be read: " + e.getMessage(), e);
        }
        ConfigurationManager cm;
        try {
            cm = new ConfigurationManager(config.toAbsolutePath().toString());
        } catch (RuntimeException e) {
            SAXParseException xml = Errors.find(e, SAXParseException.class);
            if (xml != null) {
                throw new DataException(config + ": line " + xml.getLineNumber() + ", column " + xml.getColumnNumber()
                        + ": malformed XML: " + Errors.oneLine(xml.getMessage()), e);
            }
            throw new DataException(config + ": " + Errors.describe(e), e);
        }
        for (String o : overrides) {
            applyOverride(cm, config, o);
        }
        if (!cm.getComponentNames().contains(Experiment.COMPONENT)) {
            throw new DataException(config + ": no component named '" + Experiment.COMPONENT + "'; components are " + cm.getComponentNames());
        }
        Object o;
        try {
            o = cm.lookup(Experiment.COMPONENT);
        } catch (RuntimeException e) {
            throw new DataException(config + ": " + Errors.describe(e), e);
        }
        if (!(o instanceof Experiment)) {
            throw new DataException(config + ": component '" + Experiment.COMPONENT + "' is a " + o.getClass().getName()
                    + ", expected " + Experiment.class.getName());
        }
        return new Loaded((Experiment) o, text);
    }

    private static void applyOverride(ConfigurationManager cm, Path config, String override) {
        int eq = override.indexOf('=');
        int dot = override.indexOf('.');
        if (eq < 0 || dot < 0 || dot > eq) {
            throw new DataException("--set " + override + ": expected component.property=value");
        }
        String component = override.substring(0, dot);
        String property = override.substring(dot + 1, eq);
        String value = override.substring(eq + 1);
        if (!cm.getComponentNames().contains(component)) {
            throw new DataException("--set " + override + ": " + config + " has no component '" + component
                    + "'; components are " + cm.getComponentNames());
        }
        try {
            cm.overrideConfigurableProperty(component, property, new SimpleProperty(value));
        } catch (RuntimeException first) {
            List<SimpleProperty> items = new ArrayList<>();
            for (String v : value.isEmpty() ? new String[0] : value.split(",")) {
                items.add(new SimpleProperty(v.trim()));
            }
            try {
                cm.overrideConfigurableProperty(component, property, new ListProperty(items));
            } catch (RuntimeException second) {
                throw new DataException("--set " + override + ": " + Errors.describe(first), first);
            }
        }
    }
}
