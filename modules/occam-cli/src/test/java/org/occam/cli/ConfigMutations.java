package org.occam.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mutation operators on the text of an OLCUT XML config: values swapped for extreme numbers and
 * odd text, properties, items, components and lines deleted or duplicated, attributes swapped,
 * types and references changed (including self-references), components nested, the file
 * truncated or a character flipped, and an external entity naming a local file.
 */
final class ConfigMutations {
    private ConfigMutations() {}

    private static final Pattern PROPERTY = Pattern.compile("<property\\s+name=\"([^\"]*)\"\\s+value=\"([^\"]*)\"\\s*/>");
    private static final Pattern ITEM = Pattern.compile("<item>([^<]*)</item>");
    private static final Pattern LIST = Pattern.compile("(?s)<propertylist\\s+name=\"([^\"]*)\"\\s*>(.*?)</propertylist>");
    private static final Pattern COMPONENT = Pattern.compile("(?s)<component\\s+name=\"([^\"]*)\"\\s+type=\"([^\"]*)\"\\s*(/>|>.*?</component>)");
    private static final Pattern COMPONENT_END = Pattern.compile("</component>");

    /** Class names a component's type may be changed to. */
    private static final List<String> TYPES = List.of(
            "org.occam.regularizers.penalty.L2", "org.occam.regularizers.layer.Dropout", "org.occam.core.optim.Adam",
            "org.occam.core.optim.Sgd", "org.occam.experiments.data.CsvData", "org.occam.experiments.Experiment",
            "org.occam.classification.MLPClassificationTrainer", "org.occam.regression.MLPRegressionTrainer",
            "org.occam.experiments.data.FractionSplit", "org.occam.experiments.data.MoonsData",
            "org.occam.NoSuchClass", "java.lang.String", "java.util.ArrayList", "", "L2", "org.occam.regularizers.penalty.l2");

    /** Text inserted by the character flip. */
    private static final String FLIP_CHARS = "<>\"'&/= x0.-;,\n\tü\u0000";

    /** What an operator needs besides the text. */
    interface Context {
        /** @return an absolute file URI whose content must never be printed */
        String secretUri();

        /**
         * Told when an operator gives a property a new value.
         * @param component the component's name
         * @param property the property's name
         * @param value the value
         */
        default void valueSet(String component, String property, String value) {}
    }

    /** Operator names, for the mutant's description. */
    enum Op { VALUE, RAW_VALUE, DELETE_PROPERTY, DELETE_LIST, DELETE_COMPONENT, DELETE_ITEM, ADD_ITEM, DUPLICATE_LINE,
        DUPLICATE_PROPERTY, DUPLICATE_COMPONENT, SWAP_NAME_VALUE, SWAP_VALUES, SWAP_TYPES, RENAME_PROPERTY, RENAME_COMPONENT,
        TYPE, REFERENCE, SELF_REFERENCE, CYCLE, NEST_COMPONENT, LIST_TO_PROPERTY, PROPERTY_TO_LIST, EMPTY_LIST, DROP_ATTRIBUTE,
        TRUNCATE, FLIP_CHAR, DELETE_LINE, EXTERNAL_ENTITY, BOM }

    /**
     * Applies one operator, chosen at random among those that apply.
     * @param xml the config text
     * @param rng the mutant's random stream
     * @param ctx the context
     * @param log where the applied operator is described
     * @return the mutated text (different from {@code xml})
     */
    static String mutate(String xml, SplittableRandom rng, Context ctx, List<String> log) {
        Op[] ops = Op.values();
        for (int attempt = 0; attempt < 50; attempt++) {
            Op op = ops[rng.nextInt(ops.length)];
            String[] what = new String[1];
            String out = apply(op, xml, rng, ctx, what);
            if (out != null && !out.equals(xml)) {
                log.add(op + (what[0] == null ? "" : " " + what[0]));
                return out;
            }
        }
        log.add("TRUNCATE (fallback)");
        return xml.substring(0, xml.length() / 2);
    }

    private static String apply(Op op, String xml, SplittableRandom rng, Context ctx, String[] what) {
        switch (op) {
            case VALUE:
            case RAW_VALUE: {
                List<int[]> spans = new ArrayList<>();
                List<String> names = new ArrayList<>();
                List<String> owners = new ArrayList<>();
                Matcher m = PROPERTY.matcher(xml);
                while (m.find()) {
                    spans.add(new int[]{m.start(2), m.end(2)});
                    names.add(m.group(1));
                    owners.add(enclosingComponent(xml, m.start()));
                }
                int properties = spans.size();
                Matcher i = ITEM.matcher(xml);
                while (i.find()) {
                    spans.add(new int[]{i.start(1), i.end(1)});
                    names.add(enclosingList(xml, i.start()));
                }
                if (spans.isEmpty()) {
                    return null;
                }
                int k = rng.nextInt(spans.size());
                String v = FuzzValues.value(rng, FuzzValues.COST_PROPERTIES.contains(names.get(k)));
                what[0] = names.get(k) + " = [" + v + "]";
                if (k < properties && owners.get(k) != null) {
                    ctx.valueSet(owners.get(k), names.get(k), v);
                }
                return replace(xml, spans.get(k), op == Op.VALUE ? FuzzValues.xmlEscape(v) : v);
            }
            case DELETE_PROPERTY:
                return deleteOne(xml, PROPERTY, rng, 1, what);
            case DELETE_LIST:
                return deleteOne(xml, LIST, rng, 1, what);
            case DELETE_COMPONENT:
                return deleteOne(xml, COMPONENT, rng, 1, what);
            case DELETE_ITEM:
                return deleteOne(xml, ITEM, rng, 1, what);
            case ADD_ITEM: {
                List<MatchResultCopy> lists = all(xml, LIST);
                if (lists.isEmpty()) {
                    return null;
                }
                MatchResultCopy l = FuzzValues.pick(rng, lists);
                String v = rng.nextBoolean() ? FuzzValues.value(rng, FuzzValues.COST_PROPERTIES.contains(l.group(1)))
                        : FuzzValues.pick(rng, componentNames(xml));
                what[0] = l.group(1) + " + [" + v + "]";
                int at = l.start(2);
                return xml.substring(0, at) + "<item>" + FuzzValues.xmlEscape(v) + "</item>" + xml.substring(at);
            }
            case DUPLICATE_LINE: {
                String[] lines = xml.split("\n", -1);
                int k = rng.nextInt(lines.length);
                what[0] = "line " + (k + 1);
                List<String> out = new ArrayList<>(List.of(lines));
                out.add(k, lines[k]);
                return String.join("\n", out);
            }
            case DUPLICATE_PROPERTY: {
                List<MatchResultCopy> ps = all(xml, PROPERTY);
                if (ps.isEmpty()) {
                    return null;
                }
                MatchResultCopy p = FuzzValues.pick(rng, ps);
                String v = FuzzValues.value(rng, FuzzValues.COST_PROPERTIES.contains(p.group(1)));
                what[0] = p.group(1) + " again = [" + v + "]";
                return xml.substring(0, p.end()) + "<property name=\"" + p.group(1) + "\" value=\"" + FuzzValues.xmlEscape(v) + "\"/>"
                        + xml.substring(p.end());
            }
            case DUPLICATE_COMPONENT: {
                List<MatchResultCopy> cs = all(xml, COMPONENT);
                if (cs.isEmpty()) {
                    return null;
                }
                MatchResultCopy c = FuzzValues.pick(rng, cs);
                what[0] = c.group(1);
                return xml.substring(0, c.end()) + "\n  " + c.group() + xml.substring(c.end());
            }
            case SWAP_NAME_VALUE: {
                List<MatchResultCopy> ps = all(xml, PROPERTY);
                if (ps.isEmpty()) {
                    return null;
                }
                MatchResultCopy p = FuzzValues.pick(rng, ps);
                what[0] = p.group(1) + " <-> " + p.group(2);
                return xml.substring(0, p.start()) + "<property name=\"" + p.group(2) + "\" value=\"" + p.group(1) + "\"/>"
                        + xml.substring(p.end());
            }
            case SWAP_VALUES: {
                List<MatchResultCopy> ps = all(xml, PROPERTY);
                if (ps.size() < 2) {
                    return null;
                }
                int a = rng.nextInt(ps.size());
                int b = rng.nextInt(ps.size());
                if (a == b) {
                    return null;
                }
                MatchResultCopy first = ps.get(Math.min(a, b));
                MatchResultCopy second = ps.get(Math.max(a, b));
                what[0] = first.group(1) + " <-> " + second.group(1);
                return xml.substring(0, first.start(2)) + second.group(2) + xml.substring(first.end(2), second.start(2))
                        + first.group(2) + xml.substring(second.end(2));
            }
            case SWAP_TYPES: {
                List<MatchResultCopy> cs = all(xml, COMPONENT);
                if (cs.size() < 2) {
                    return null;
                }
                int a = rng.nextInt(cs.size());
                int b = rng.nextInt(cs.size());
                if (a == b || cs.get(a).group(2).equals(cs.get(b).group(2))) {
                    return null;
                }
                MatchResultCopy first = cs.get(Math.min(a, b));
                MatchResultCopy second = cs.get(Math.max(a, b));
                what[0] = first.group(1) + " <-> " + second.group(1);
                return xml.substring(0, first.start(2)) + second.group(2) + xml.substring(first.end(2), second.start(2))
                        + first.group(2) + xml.substring(second.end(2));
            }
            case RENAME_PROPERTY: {
                List<MatchResultCopy> ps = all(xml, PROPERTY);
                if (ps.isEmpty()) {
                    return null;
                }
                MatchResultCopy p = FuzzValues.pick(rng, ps);
                String name = p.group(1);
                String renamed = switch (rng.nextInt(4)) {
                    case 0 -> name.toUpperCase(java.util.Locale.ROOT);
                    case 1 -> name + "s";
                    case 2 -> "";
                    default -> FuzzValues.xmlEscape(FuzzValues.value(rng, false));
                };
                what[0] = name + " -> [" + renamed + "]";
                return xml.substring(0, p.start(1)) + renamed + xml.substring(p.end(1));
            }
            case RENAME_COMPONENT: {
                List<MatchResultCopy> cs = all(xml, COMPONENT);
                if (cs.isEmpty()) {
                    return null;
                }
                MatchResultCopy c = FuzzValues.pick(rng, cs);
                String renamed = rng.nextBoolean() ? c.group(1) + "2" : FuzzValues.xmlEscape(FuzzValues.value(rng, false));
                what[0] = c.group(1) + " -> [" + renamed + "]";
                return xml.substring(0, c.start(1)) + renamed + xml.substring(c.end(1));
            }
            case TYPE: {
                List<MatchResultCopy> cs = all(xml, COMPONENT);
                if (cs.isEmpty()) {
                    return null;
                }
                MatchResultCopy c = FuzzValues.pick(rng, cs);
                String type = FuzzValues.pick(rng, TYPES);
                what[0] = c.group(1) + " : " + type;
                return xml.substring(0, c.start(2)) + type + xml.substring(c.end(2));
            }
            case REFERENCE:
            case SELF_REFERENCE: {
                // a property whose value names a component (or an item that does)
                List<String> names = componentNames(xml);
                List<int[]> spans = new ArrayList<>();
                List<String> owners = new ArrayList<>();
                Matcher m = PROPERTY.matcher(xml);
                while (m.find()) {
                    if (names.contains(m.group(2))) {
                        spans.add(new int[]{m.start(2), m.end(2)});
                        owners.add(enclosingComponent(xml, m.start()));
                    }
                }
                Matcher i = ITEM.matcher(xml);
                while (i.find()) {
                    if (names.contains(i.group(1).strip())) {
                        spans.add(new int[]{i.start(1), i.end(1)});
                        owners.add(enclosingComponent(xml, i.start()));
                    }
                }
                if (spans.isEmpty()) {
                    return null;
                }
                int k = rng.nextInt(spans.size());
                String target = op == Op.SELF_REFERENCE ? owners.get(k)
                        : rng.nextInt(4) == 0 ? "nosuchcomponent" : FuzzValues.pick(rng, names);
                if (target == null) {
                    return null;
                }
                what[0] = xml.substring(spans.get(k)[0], spans.get(k)[1]) + " -> " + target;
                return replace(xml, spans.get(k), target);
            }
            case CYCLE: {
                // the component a reference points to gets a reference back: A -> B -> A
                List<String> names = componentNames(xml);
                List<MatchResultCopy> refs = new ArrayList<>();
                for (MatchResultCopy p : all(xml, PROPERTY)) {
                    if (names.contains(p.group(2))) {
                        refs.add(p);
                    }
                }
                if (refs.isEmpty()) {
                    return null;
                }
                MatchResultCopy ref = FuzzValues.pick(rng, refs);
                String owner = enclosingComponent(xml, ref.start());
                if (owner == null) {
                    return null;
                }
                for (MatchResultCopy c : all(xml, COMPONENT)) {
                    if (c.group(1).equals(ref.group(2)) && c.group(3).startsWith(">")) {
                        // give the target a property of the same name pointing back
                        int at = c.start(3) + 1;
                        what[0] = owner + "." + ref.group(1) + " -> " + c.group(1) + "." + ref.group(1) + " -> " + owner;
                        return xml.substring(0, at) + "<property name=\"" + ref.group(1) + "\" value=\"" + owner + "\"/>"
                                + xml.substring(at);
                    }
                }
                return null;
            }
            case NEST_COMPONENT: {
                List<MatchResultCopy> cs = all(xml, COMPONENT);
                if (cs.size() < 2) {
                    return null;
                }
                MatchResultCopy moved = FuzzValues.pick(rng, cs);
                String without = xml.substring(0, moved.start()) + xml.substring(moved.end());
                List<MatchResultCopy> ends = all(without, COMPONENT_END);
                if (ends.isEmpty()) {
                    return null;
                }
                MatchResultCopy end = FuzzValues.pick(rng, ends);
                what[0] = moved.group(1) + " into " + enclosingComponent(without, end.start());
                return without.substring(0, end.start()) + moved.group() + without.substring(end.start());
            }
            case LIST_TO_PROPERTY: {
                List<MatchResultCopy> ls = all(xml, LIST);
                if (ls.isEmpty()) {
                    return null;
                }
                MatchResultCopy l = FuzzValues.pick(rng, ls);
                Matcher first = ITEM.matcher(l.group(2));
                String v = first.find() ? first.group(1) : "";
                what[0] = l.group(1);
                return xml.substring(0, l.start()) + "<property name=\"" + l.group(1) + "\" value=\"" + v + "\"/>" + xml.substring(l.end());
            }
            case PROPERTY_TO_LIST: {
                List<MatchResultCopy> ps = all(xml, PROPERTY);
                if (ps.isEmpty()) {
                    return null;
                }
                MatchResultCopy p = FuzzValues.pick(rng, ps);
                what[0] = p.group(1);
                return xml.substring(0, p.start()) + "<propertylist name=\"" + p.group(1) + "\"><item>" + p.group(2)
                        + "</item></propertylist>" + xml.substring(p.end());
            }
            case EMPTY_LIST: {
                List<MatchResultCopy> ls = all(xml, LIST);
                if (ls.isEmpty()) {
                    return null;
                }
                MatchResultCopy l = FuzzValues.pick(rng, ls);
                what[0] = l.group(1);
                return xml.substring(0, l.start(2)) + xml.substring(l.end(2));
            }
            case DROP_ATTRIBUTE: {
                List<MatchResultCopy> ps = all(xml, PROPERTY);
                if (ps.isEmpty()) {
                    return null;
                }
                MatchResultCopy p = FuzzValues.pick(rng, ps);
                boolean dropName = rng.nextBoolean();
                what[0] = p.group(1) + (dropName ? " without name" : " without value");
                String tag = dropName ? "<property value=\"" + p.group(2) + "\"/>" : "<property name=\"" + p.group(1) + "\"/>";
                return xml.substring(0, p.start()) + tag + xml.substring(p.end());
            }
            case TRUNCATE: {
                int at = rng.nextInt(xml.length());
                what[0] = "at " + at + " of " + xml.length();
                return xml.substring(0, at);
            }
            case FLIP_CHAR: {
                int at = rng.nextInt(xml.length());
                char c = FLIP_CHARS.charAt(rng.nextInt(FLIP_CHARS.length()));
                what[0] = "at " + at + " [" + xml.charAt(at) + "] -> [" + c + "]";
                return xml.substring(0, at) + c + xml.substring(at + 1);
            }
            case DELETE_LINE: {
                String[] lines = xml.split("\n", -1);
                int k = rng.nextInt(lines.length);
                what[0] = "line " + (k + 1);
                List<String> out = new ArrayList<>(List.of(lines));
                out.remove(k);
                return String.join("\n", out);
            }
            case EXTERNAL_ENTITY: {
                int root = xml.indexOf("<config>");
                List<MatchResultCopy> ps = all(xml, PROPERTY);
                if (root < 0 || ps.isEmpty()) {
                    return null;
                }
                MatchResultCopy p = FuzzValues.pick(rng, ps);
                what[0] = "in " + p.group(1);
                String withRef = xml.substring(0, p.start(2)) + "&xxe;" + xml.substring(p.end(2));
                String doctype = "<!DOCTYPE config [<!ENTITY xxe SYSTEM \"" + ctx.secretUri() + "\">]>\n";
                return withRef.substring(0, root) + doctype + withRef.substring(root);
            }
            case BOM:
                return "\uFEFF" + xml;
            default:
                throw new AssertionError(op);
        }
    }

    private static String replace(String text, int[] span, String with) {
        return text.substring(0, span[0]) + with + text.substring(span[1]);
    }

    private static String deleteOne(String xml, Pattern p, SplittableRandom rng, int group, String[] what) {
        List<MatchResultCopy> ms = all(xml, p);
        if (ms.isEmpty()) {
            return null;
        }
        MatchResultCopy m = FuzzValues.pick(rng, ms);
        what[0] = m.group(group);
        return xml.substring(0, m.start()) + xml.substring(m.end());
    }

    private static List<String> componentNames(String xml) {
        List<String> names = new ArrayList<>();
        for (MatchResultCopy c : all(xml, COMPONENT)) {
            names.add(c.group(1));
        }
        return names;
    }

    private static String enclosingComponent(String xml, int at) {
        String before = xml.substring(0, at);
        Matcher m = Pattern.compile("<component\\s+name=\"([^\"]*)\"").matcher(before);
        String name = null;
        while (m.find()) {
            name = m.group(1);
        }
        return name;
    }

    private static String enclosingList(String xml, int at) {
        int start = xml.lastIndexOf("<propertylist", at);
        if (start < 0) {
            return "";
        }
        Matcher m = Pattern.compile("name=\"([^\"]*)\"").matcher(xml.substring(start, at));
        return m.find() ? m.group(1) : "";
    }

    private static List<MatchResultCopy> all(String text, Pattern p) {
        List<MatchResultCopy> out = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(new MatchResultCopy(m));
        }
        return out;
    }

    /** A match's groups and offsets, kept after the matcher moves on. */
    static final class MatchResultCopy {
        private final String[] groups;
        private final int[] starts;
        private final int[] ends;

        MatchResultCopy(Matcher m) {
            int n = m.groupCount() + 1;
            groups = new String[n];
            starts = new int[n];
            ends = new int[n];
            for (int g = 0; g < n; g++) {
                groups[g] = m.group(g);
                starts[g] = m.start(g);
                ends[g] = m.end(g);
            }
        }

        String group() {
            return groups[0];
        }

        String group(int g) {
            return groups[g];
        }

        int start() {
            return starts[0];
        }

        int start(int g) {
            return starts[g];
        }

        int end() {
            return ends[0];
        }

        int end(int g) {
            return ends[g];
        }
    }
}
