package org.occam.experiments.sweep;

import org.occam.experiments.data.DataException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One axis of a sweep grid: a configuration property and the values it takes, written
 * {@code component.property=v1,v2,...} — the key is a {@code --set} key, each value one
 * {@code --set} value.
 * <ul>
 *   <li>{@code l2.lambda=0,0.001,0.01} sweeps one property of one component.</li>
 *   <li>{@code l1+l2+enet.lambda=0,0.01,0.1} sets the same property of several components to the
 *       same value (one axis, not three), which pairs with a penalty-type axis below.</li>
 *   <li>A list property takes one list per value, its items joined with {@code +}:
 *       {@code trainer.penalties=l1,l2,enet} tries three single-penalty lists (the names are
 *       components declared in the config), {@code trainer.penalties=l2,l1+l2} tries {@code [l2]}
 *       and {@code [l1, l2]}, and {@code none} is the empty list (no penalty).</li>
 * </ul>
 * @param components the components whose property is set
 * @param property the property
 * @param values the values, in sweep order
 */
public record GridAxis(List<String> components, String property, List<String> values) {
    /** The value that stands for the empty list on a list property. */
    public static final String EMPTY_LIST = "none";

    /** Validates and copies. */
    public GridAxis {
        components = List.copyOf(components);
        values = List.copyOf(values);
        if (components.isEmpty() || property.isBlank() || values.isEmpty()) {
            throw new DataException("grid axis needs components, a property and values, found " + components + "." + property + "=" + values);
        }
    }

    /**
     * @param spec {@code component[+component...].property=v1,v2,...}
     * @return the axis
     * @throws DataException naming the spec when it is malformed
     */
    public static GridAxis parse(String spec) {
        int eq = spec.indexOf('=');
        String key = eq < 0 ? spec : spec.substring(0, eq).trim();
        int dot = key.lastIndexOf('.');
        if (eq < 0 || dot <= 0 || dot == key.length() - 1) {
            throw new DataException("--grid " + spec + ": expected component.property=v1,v2,... (e.g. l2.lambda=0,0.001,0.01)");
        }
        List<String> components = new ArrayList<>();
        for (String c : key.substring(0, dot).split("\\+", -1)) {
            if (c.isBlank()) {
                throw new DataException("--grid " + spec + ": empty component name in '" + key.substring(0, dot) + "'");
            }
            components.add(c.trim());
        }
        Set<String> values = new LinkedHashSet<>();
        for (String v : spec.substring(eq + 1).split(",", -1)) {
            String t = v.trim();
            if (t.isEmpty()) {
                throw new DataException("--grid " + spec + ": empty value (write '" + EMPTY_LIST + "' for an empty list)");
            }
            if (!values.add(t)) {
                throw new DataException("--grid " + spec + ": value '" + t + "' appears twice");
            }
        }
        return new GridAxis(components, key.substring(dot + 1).trim(), new ArrayList<>(values));
    }

    /**
     * Refuses two axes that set the same property of the same component (a repeated key, or
     * {@code l2.lambda} and {@code l1+l2.lambda}): the later one would silently replace the
     * earlier one's values.
     * @param axes the axes, in order
     * @param option how they were given, for the message (e.g. {@code --grid})
     * @throws DataException naming the repeated component.property and both axes
     */
    public static void requireDistinct(List<GridAxis> axes, String option) {
        java.util.Map<String, GridAxis> seen = new java.util.HashMap<>();
        for (GridAxis a : axes) {
            for (String c : a.components) {
                String target = c + "." + a.property;
                GridAxis before = seen.putIfAbsent(target, a);
                if (before != null) {
                    throw new DataException(option + ": key '" + target + "' is given twice ('" + before.spec() + "' and '" + a.spec()
                            + "'); put all its values in one " + option);
                }
            }
        }
    }

    /** @return the key, {@code component[+component...].property} */
    public String key() {
        return String.join("+", components) + "." + property;
    }

    /** @return the spec this axis parses from */
    public String spec() {
        return key() + "=" + String.join(",", values);
    }

    /**
     * The {@code --set} overrides for one value.
     * @param value one of {@link #values()}
     * @param listProperty whether the property is a list (then {@code +} separates items and
     *                     {@value #EMPTY_LIST} is the empty list)
     * @return one {@code component.property=value} override per component
     */
    public List<String> overrides(String value, boolean listProperty) {
        String v = value;
        if (listProperty) {
            v = EMPTY_LIST.equals(value) ? "" : String.join(",", value.split("\\+"));
        }
        List<String> out = new ArrayList<>();
        for (String c : components) {
            out.add(c + "." + property + "=" + v);
        }
        return out;
    }
}
