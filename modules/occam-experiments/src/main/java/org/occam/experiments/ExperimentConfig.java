package org.occam.experiments;

import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.property.ListProperty;
import com.oracle.labs.mlrg.olcut.config.property.Property;
import com.oracle.labs.mlrg.olcut.config.property.SimpleProperty;
import org.occam.experiments.data.DataException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Loads an {@link Experiment} from an OLCUT XML config file with {@code component.property=value}
 * overrides (the CLI's {@code --set}; a list property's value is written {@code a,b,c}, the empty
 * value is the empty list), and turns every failure into one line naming the file, the component
 * or the property. The effective configuration (overrides applied, components added) can be
 * written back as OLCUT XML, which is what a sweep records beside each of its runs.
 */
public final class ExperimentConfig {
    private ExperimentConfig() {}

    /**
     * A loaded experiment.
     * @param experiment the experiment
     * @param configText the config file's text, as read
     * @param manager the configuration manager it was looked up in (overrides applied)
     */
    public record Loaded(Experiment experiment, String configText, ConfigurationManager manager) {
        /**
         * @return the effective configuration as OLCUT XML: every component with the overrides applied
         */
        public String effectiveConfigText() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                manager.save(out, "xml", true);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the effective configuration: " + e.getMessage(), e);
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /**
     * The OLCUT XML config of an experiment built in Java, as {@code occam run} would read it (the
     * component named {@value Experiment#COMPONENT} and everything it refers to).
     * @param experiment the experiment
     * @return the config text
     */
    public static String toXml(Experiment experiment) {
        ConfigurationManager cm = new ConfigurationManager();
        cm.importConfigurable(experiment, Experiment.COMPONENT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            cm.save(out, "xml", true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the configuration of " + experiment.name() + ": " + e.getMessage(), e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * @param config the config file
     * @param overrides {@code component.property=value} overrides, applied in order
     * @return the experiment
     * @throws DataException naming the file, component or property on any failure
     */
    public static Loaded load(Path config, List<String> overrides) {
        return load(config, overrides, cm -> { });
    }

    /**
     * @param config the config file
     * @param overrides {@code component.property=value} overrides, applied in order
     * @param edit further changes to the configuration, applied after the overrides and before the
     *             experiment is looked up (e.g. a component added and wired in)
     * @return the experiment
     * @throws DataException naming the file, component or property on any failure
     */
    public static Loaded load(Path config, List<String> overrides, Consumer<ConfigurationManager> edit) {
        String text = readText(config);
        ConfigurationManager cm = manager(config);
        for (String o : overrides) {
            applyOverride(cm, config, o);
        }
        try {
            edit.accept(cm);
        } catch (RuntimeException e) {
            throw new DataException(config + ": " + describe(e), e);
        }
        ConfigChecks.checkFiniteNumbers(cm, config);
        ConfigChecks.checkReferenceCycles(cm, config);
        ConfigChecks.checkPropertyShapes(cm, config);
        if (!cm.getComponentNames().contains(Experiment.COMPONENT)) {
            throw new DataException(config + ": no component named '" + Experiment.COMPONENT + "'; components are " + cm.getComponentNames());
        }
        Object o;
        try {
            o = cm.lookup(Experiment.COMPONENT);
        } catch (RuntimeException e) {
            throw new DataException(config + ": " + describe(e), e);
        }
        if (!(o instanceof Experiment)) {
            throw new DataException(config + ": component '" + Experiment.COMPONENT + "' is a " + o.getClass().getName()
                    + ", expected " + Experiment.class.getName());
        }
        return new Loaded((Experiment) o, text, cm);
    }

    /**
     * @param config the config file
     * @return its text
     * @throws DataException if it is missing or unreadable
     */
    public static String readText(Path config) {
        if (!Files.isRegularFile(config)) {
            throw new DataException(config + ": no such config file");
        }
        try {
            return Files.readString(config, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DataException(config + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * @param config the config file
     * @return a configuration manager over it (nothing looked up yet)
     * @throws DataException if the file is not a valid OLCUT config
     */
    public static ConfigurationManager manager(Path config) {
        readText(config);
        ConfigChecks.checkXml(config);
        try {
            return new ConfigurationManager(config.toAbsolutePath().toString());
        } catch (RuntimeException e) {
            org.xml.sax.SAXParseException xml = find(e, org.xml.sax.SAXParseException.class);
            if (xml != null) {
                throw new DataException(config + ": line " + xml.getLineNumber() + ", column " + xml.getColumnNumber()
                        + ": malformed XML: " + oneLine(xml.getMessage()), e);
            }
            throw new DataException(config + ": " + describe(e), e);
        }
    }

    /**
     * The value of a simple (non-list) property as written in the configuration.
     * @param cm the configuration
     * @param component a component name
     * @param property a property name
     * @return the value, or empty when the component does not set it
     */
    public static Optional<String> simpleValue(ConfigurationManager cm, String component, String property) {
        return cm.getConfigurationData(component).flatMap(cd -> cd.get(property))
                .filter(p -> p instanceof SimpleProperty).map(p -> ((SimpleProperty) p).getValue());
    }

    /**
     * Whether a component's property holds a list (an OLCUT {@code propertylist}), decided from the
     * configured class's field, as OLCUT does.
     * @param cm the configuration
     * @param component a component name
     * @param property a property name
     * @return true for a list or array field
     * @throws DataException if there is no such component or property
     */
    public static boolean isListProperty(ConfigurationManager cm, String component, String property) {
        ConfigurationData cd = cm.getConfigurationData(component).orElseThrow(() -> new DataException(
                "no component '" + component + "'; components are " + cm.getComponentNames()));
        Class<?> c;
        try {
            c = Class.forName(cd.getClassName(), false, ExperimentConfig.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new DataException("component '" + component + "': unknown class " + cd.getClassName(), e);
        }
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (f.getName().equals(property) && f.isAnnotationPresent(com.oracle.labs.mlrg.olcut.config.Config.class)) {
                    return f.getType().isArray() || Collection.class.isAssignableFrom(f.getType());
                }
            }
        }
        throw new DataException("component '" + component + "' (" + cd.getClassName() + ") has no configurable property '" + property + "'");
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
                throw new DataException("--set " + override + ": " + describe(first), first);
            }
        }
    }

    /**
     * Adds a component to a configuration.
     * @param cm the configuration
     * @param name the new component's name
     * @param type its class
     * @param properties its properties (name → simple value)
     */
    public static void addComponent(ConfigurationManager cm, String name, Class<?> type, java.util.Map<String, String> properties) {
        java.util.Map<String, Property> props = new java.util.LinkedHashMap<>();
        properties.forEach((k, v) -> props.put(k, new SimpleProperty(v)));
        cm.addConfiguration(new ConfigurationData(name, type.getName(), props));
    }

    /**
     * The one line the command line prints for an exception: the innermost useful message, with
     * the component and property for configuration errors.
     * @param e the exception
     * @return the message
     */
    public static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t
                && (t.getMessage() == null || t instanceof java.lang.reflect.InvocationTargetException
                || t.getMessage().startsWith(t.getCause().getClass().getName())
                || t.getMessage().equals(t.getCause().toString()))) {
            t = t.getCause();
        }
        String msg = t.getMessage();
        return msg == null || msg.isBlank() ? t.getClass().getSimpleName() : oneLine(msg);
    }

    /**
     * @param message a message, possibly of several lines (as parsers' messages are)
     * @return the message with every line break and the indentation after it turned into one space
     */
    public static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /**
     * @param e an exception
     * @param type a cause type
     * @param <X> the type
     * @return the first exception of that type in the cause chain, or null
     */
    public static <X extends Throwable> X find(Throwable e, Class<X> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
