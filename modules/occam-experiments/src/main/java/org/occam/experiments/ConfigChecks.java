package org.occam.experiments;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.property.ListProperty;
import com.oracle.labs.mlrg.olcut.config.property.MapProperty;
import com.oracle.labs.mlrg.olcut.config.property.Property;
import com.oracle.labs.mlrg.olcut.config.property.SimpleProperty;
import org.occam.experiments.data.DataException;
import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks a config before OLCUT builds anything from it, each failure one line naming the file,
 * line, component or property:
 * <ul>
 *   <li>{@link #checkXml}: the XML is read with a parser that loads no DTD and resolves no entity;
 *       a {@code <!DOCTYPE>} (the only way to declare an entity) is refused, as are OLCUT's
 *       {@code <file>} includes and {@code <serialized>} Java objects, and a {@code <component>}
 *       nested in another;</li>
 *   <li>{@link #checkFiniteNumbers}: every {@code double}/{@code float} property (also in lists
 *       and maps) of every component is a finite number: NaN and ±Infinity are errors, never an
 *       "unset" value, whatever the class;</li>
 *   <li>{@link #checkReferenceCycles}: no component refers to itself or, through others, back to
 *       itself (OLCUT would recurse until the stack overflows);</li>
 *   <li>{@link #checkPropertyShapes}: a list property is written as a {@code <propertylist>} and a
 *       single-valued one as a {@code <property>}, and every component a property or list item names
 *       is of the type the property holds (OLCUT does not check a list's element type, so a wrong
 *       component would surface later as a {@code ClassCastException}).</li>
 * </ul>
 */
public final class ConfigChecks {
    private ConfigChecks() {}

    /**
     * Reads a config file as plain XML, safely, and checks its structure.
     * @param config the config file
     * @throws DataException naming the file and line on a DOCTYPE, an include, a serialized object,
     *                       a nested component or malformed XML
     */
    public static void checkXml(Path config) {
        SAXParser parser;
        try {
            SAXParserFactory f = SAXParserFactory.newInstance();
            f.setNamespaceAware(false);
            f.setValidating(false);
            f.setXIncludeAware(false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            parser = f.newSAXParser();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("no safe XML parser: " + e.getMessage(), e);
        }
        Structure handler = new Structure(config);
        try (InputStream in = Files.newInputStream(config)) {
            parser.parse(in, handler);
        } catch (DataException e) {
            throw e;
        } catch (SAXParseException e) {
            String msg = e.getMessage() == null ? "" : e.getMessage();
            if (msg.contains("DOCTYPE")) {
                throw new DataException(config + ": line " + e.getLineNumber() + ": a <!DOCTYPE> is not allowed in an Occam config "
                        + "(no DTD is loaded and no entity is resolved)", e);
            }
            throw new DataException(config + ": line " + e.getLineNumber() + ", column " + e.getColumnNumber()
                    + ": malformed XML: " + ExperimentConfig.oneLine(msg), e);
        } catch (SAXException e) {
            throw new DataException(config + ": malformed XML: " + ExperimentConfig.oneLine(e.getMessage()), e);
        } catch (IOException e) {
            throw new DataException(config + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /** Refuses nested components, includes and serialized objects, naming the line. */
    private static final class Structure extends DefaultHandler {
        private final Path config;
        private final Deque<String> components = new ArrayDeque<>();
        private final Deque<Boolean> isComponent = new ArrayDeque<>();
        private Locator locator;

        Structure(Path config) {
            this.config = config;
        }

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        private String line() {
            return locator == null ? "" : "line " + locator.getLineNumber() + ": ";
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            switch (qName) {
                case "component" -> {
                    String name = attributes.getValue("name");
                    if (!components.isEmpty()) {
                        throw new DataException(config + ": " + line() + "component '" + name + "' is nested inside component '"
                                + components.peek() + "'; every <component> must be a direct child of <config> "
                                + "(refer to another component by its name)");
                    }
                    components.push(name == null ? "(unnamed)" : name);
                    isComponent.push(true);
                    return;
                }
                case "file" -> throw new DataException(config + ": " + line() + "<file> includes are not supported in an Occam config "
                        + "(put every component in one file)");
                case "serialized" -> throw new DataException(config + ": " + line() + "<serialized> Java objects are not allowed in an Occam config");
                default -> { }
            }
            isComponent.push(false);
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            if (!isComponent.isEmpty() && isComponent.pop()) {
                components.pop();
            }
        }
    }

    /**
     * Checks that every number a {@code double} or {@code float} property (or an element of a list,
     * array or map of them) is given is finite, before any component is built.
     * @param cm the configuration (overrides applied)
     * @param config the config file, for the message
     * @throws DataException naming the file, the component, its class and the property
     */
    public static void checkFiniteNumbers(ConfigurationManager cm, Path config) {
        for (String component : new java.util.TreeSet<>(cm.getComponentNames())) {
            Optional<ConfigurationData> cd = cm.getConfigurationData(component);
            if (cd.isEmpty()) {
                continue;
            }
            Class<?> type = classOf(cd.get());
            if (type == null) {
                continue;
            }
            for (Map.Entry<String, Property> e : cd.get().getProperties().entrySet()) {
                Field f = configField(type, e.getKey());
                if (f == null) {
                    continue;
                }
                Class<?> number = floatingType(f);
                if (number == null) {
                    continue;
                }
                for (String raw : values(e.getValue())) {
                    String value = resolve(cm, component, e.getKey(), raw);
                    double v;
                    try {
                        v = number == float.class ? Float.parseFloat(value.trim()) : Double.parseDouble(value.trim());
                    } catch (NumberFormatException nfe) {
                        continue; // OLCUT reports a value that is not a number
                    }
                    if (!Double.isFinite(v)) {
                        throw new DataException(config + ": component '" + component + "' (" + type.getSimpleName() + "), property '"
                                + e.getKey() + "': expected a finite number, found '" + raw.trim() + "'"
                                + (Double.isNaN(v) ? "" : " (= " + v + ")"));
                    }
                }
            }
        }
    }

    /**
     * Checks that no component refers to itself, directly or through other components.
     * @param cm the configuration (overrides applied)
     * @param config the config file, for the message
     * @throws DataException naming the components of the cycle, e.g. {@code a → b → a}
     */
    public static void checkReferenceCycles(ConfigurationManager cm, Path config) {
        Map<String, Set<String>> edges = new TreeMap<>();
        Set<String> names = cm.getComponentNames();
        for (String component : names) {
            Optional<ConfigurationData> cd = cm.getConfigurationData(component);
            Class<?> type = cd.map(ConfigChecks::classOf).orElse(null);
            Set<String> targets = new LinkedHashSet<>();
            if (type != null) {
                for (Map.Entry<String, Property> e : cd.get().getProperties().entrySet()) {
                    Field f = configField(type, e.getKey());
                    if (f == null || !isReference(f)) {
                        continue;
                    }
                    for (String v : values(e.getValue())) {
                        if (names.contains(v.trim())) {
                            targets.add(v.trim());
                        }
                    }
                }
            }
            edges.put(component, targets);
        }
        Map<String, Integer> state = new LinkedHashMap<>(); // 1 on the path, 2 done
        for (String start : edges.keySet()) {
            List<String> cycle = findCycle(start, edges, state, new ArrayList<>());
            if (cycle != null) {
                throw new DataException(config + ": components refer to each other in a cycle: " + String.join(" → ", cycle)
                        + (cycle.size() == 2 ? " (a component names itself)" : ""));
            }
        }
    }

    /**
     * Checks that each property has the shape its {@code @Config} field has (a list or array is a
     * {@code <propertylist>}, a map a {@code <propertymap>}, anything else a {@code <property>}),
     * and that every component named by a reference property or list item is an instance of the
     * field's (element) type.
     * @param cm the configuration (overrides applied)
     * @param config the config file, for the message
     * @throws DataException naming the file, the component, its class, the property and what it expected
     */
    public static void checkPropertyShapes(ConfigurationManager cm, Path config) {
        Set<String> names = cm.getComponentNames();
        for (String component : new java.util.TreeSet<>(names)) {
            Optional<ConfigurationData> cd = cm.getConfigurationData(component);
            Class<?> type = cd.map(ConfigChecks::classOf).orElse(null);
            if (type == null) {
                continue;
            }
            for (Map.Entry<String, Property> e : cd.get().getProperties().entrySet()) {
                Field f = configField(type, e.getKey());
                if (f == null) {
                    continue; // OLCUT reports an unknown property
                }
                String where = config + ": component '" + component + "' (" + type.getSimpleName() + "), property '" + e.getKey() + "': ";
                Class<?> t = f.getType();
                String expected = t.isArray() || java.util.Collection.class.isAssignableFrom(t) ? "a list, written <propertylist name=\""
                        + e.getKey() + "\"><item>...</item></propertylist>"
                        : Map.class.isAssignableFrom(t) ? "a map, written <propertymap name=\"" + e.getKey() + "\">"
                        : "a single value, written <property name=\"" + e.getKey() + "\" value=\"...\"/>";
                Property p = e.getValue();
                boolean shapeOk = expected.startsWith("a list") ? p instanceof ListProperty
                        : expected.startsWith("a map") ? p instanceof MapProperty : p instanceof SimpleProperty;
                if (!shapeOk) {
                    throw new DataException(where + "expected " + expected + ", found " + shape(p));
                }
                if (!isReference(f)) {
                    continue;
                }
                Class<?> element = element(f);
                for (String v : values(p)) {
                    String name = v.trim();
                    if (!names.contains(name)) {
                        continue; // OLCUT reports an unknown component
                    }
                    Class<?> target = cm.getConfigurationData(name).map(ConfigChecks::classOf).orElse(null);
                    if (target != null && !element.isAssignableFrom(target)) {
                        throw new DataException(where + "names component '" + name + "', a " + target.getName()
                                + ", which is not a " + element.getName());
                    }
                }
            }
        }
    }

    private static String shape(Property p) {
        if (p instanceof ListProperty) {
            return "a <propertylist>";
        }
        if (p instanceof MapProperty) {
            return "a <propertymap>";
        }
        return "a single <property>";
    }

    private static List<String> findCycle(String node, Map<String, Set<String>> edges, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(node);
        if (s != null && s == 2) {
            return null;
        }
        if (s != null && s == 1) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
            cycle.add(node);
            return cycle;
        }
        state.put(node, 1);
        path.add(node);
        for (String next : edges.getOrDefault(node, Set.of())) {
            List<String> c = findCycle(next, edges, state, path);
            if (c != null) {
                return c;
            }
        }
        path.remove(path.size() - 1);
        state.put(node, 2);
        return null;
    }

    private static String resolve(ConfigurationManager cm, String component, String property, String value) {
        if (!value.contains("${")) {
            return value;
        }
        try {
            return cm.getImmutableGlobalProperties().replaceGlobalProperties(component, property, value);
        } catch (RuntimeException e) {
            return value;
        }
    }

    private static List<String> values(Property p) {
        if (p instanceof SimpleProperty s) {
            return List.of(s.getValue());
        }
        if (p instanceof ListProperty l) {
            return l.getSimpleList().stream().map(SimpleProperty::getValue).toList();
        }
        if (p instanceof MapProperty m) {
            return m.getMap().values().stream().map(SimpleProperty::getValue).toList();
        }
        return List.of();
    }

    private static Class<?> classOf(ConfigurationData cd) {
        try {
            return Class.forName(cd.getClassName(), false, ConfigChecks.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
            return null; // OLCUT reports an unknown class
        }
    }

    /**
     * @param type a configurable class
     * @param name a property name
     * @return its {@code @Config} field (declared in it or a superclass), or null
     */
    public static Field configField(Class<?> type, String name) {
        for (Class<?> k = type; k != null; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (f.getName().equals(name) && f.isAnnotationPresent(Config.class)) {
                    return f;
                }
            }
        }
        return null;
    }

    /**
     * @param f a {@code @Config} field
     * @return {@code double.class} or {@code float.class} if it holds floating-point numbers (itself,
     *         boxed, or as the elements of an array, collection or map), else null
     */
    public static Class<?> floatingType(Field f) {
        Class<?> t = element(f);
        if (t == double.class || t == Double.class) {
            return double.class;
        }
        if (t == float.class || t == Float.class) {
            return float.class;
        }
        return null;
    }

    /** Whether OLCUT reads the field's value(s) as component names. */
    private static boolean isReference(Field f) {
        Class<?> t = element(f);
        return t != null && !t.isPrimitive() && !t.isEnum() && !t.getName().startsWith("java.");
    }

    private static Class<?> element(Field f) {
        Class<?> t = f.getType();
        if (t.isArray()) {
            return t.getComponentType();
        }
        if (java.util.Collection.class.isAssignableFrom(t) || Map.class.isAssignableFrom(t)) {
            Type g = f.getGenericType();
            if (g instanceof ParameterizedType pt) {
                Type[] args = pt.getActualTypeArguments();
                Type last = args[args.length - 1];
                if (last instanceof Class<?> c) {
                    return c;
                }
                if (last instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
                    return c;
                }
                return Object.class;
            }
            return Object.class;
        }
        return t;
    }
}
