package org.occam.experiments.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * Orders, cuts and renders run summaries for {@code occam runs}: {@link #order sorting} by any
 * field, and the machine-readable forms {@link #csv CSV} and {@link #json JSON}, whose fields are
 * every {@link RunSummary} component under its component name, in component order (the names
 * {@code --where} and {@code --sort} take).
 */
public final class RunListing {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunListing() {}

    /**
     * The field names {@link #order} takes: every {@link RunSummary} component, then {@code penalty}
     * (the same as {@code penaltyTypes}).
     * @return the names
     */
    public static List<String> sortFields() {
        List<String> fields = new ArrayList<>(RunColumn.ALL.stream().map(c -> c.field).toList());
        fields.add("penalty");
        return List.copyOf(fields);
    }

    /**
     * The order of a sort field: ascending (text in code-point order, numbers and times by value) or
     * descending; either way runs without a value come last, and ties are broken by creation time
     * and run id in the same direction.
     * @param field a field name, case-insensitive, underscores ignored ({@code testAccuracy},
     *        {@code test_accuracy}), or {@code penalty}
     * @param descending largest (newest) first
     * @return the comparator
     * @throws IllegalArgumentException (one line, listing the valid fields) for an unknown field
     */
    public static Comparator<RunSummary> order(String field, boolean descending) {
        Objects.requireNonNull(field, "field");
        String key = key(field);
        RunColumn column = key.equals("penalty") ? RunColumn.PENALTY_TYPES : null;
        for (RunColumn c : RunColumn.ALL) {
            if (key(c.field).equals(key)) {
                column = c;
            }
        }
        if (column == null) {
            throw new IllegalArgumentException("--sort " + field + ": unknown field; valid fields: " + String.join(", ", sortFields()));
        }
        Comparator<RunSummary> primary = by(column.getter, descending);
        Comparator<RunSummary> created = by(RunSummary::created, descending);
        Comparator<RunSummary> id = by(RunSummary::runId, descending);
        return primary.thenComparing(created).thenComparing(id);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Comparator<RunSummary> by(Function<RunSummary, ?> getter, boolean descending) {
        Comparator<Comparable> natural = descending ? Comparator.<Comparable>reverseOrder() : Comparator.<Comparable>naturalOrder();
        return Comparator.comparing(r -> (Comparable) getter.apply(r), Comparator.nullsLast(natural));
    }

    private static String key(String field) {
        return field.replace("_", "").toLowerCase(Locale.ROOT);
    }

    /**
     * The runs as CSV (RFC 4180): a header row of field names, then one row per run; a field
     * holding a comma, a double quote, a CR or an LF is quoted, with quotes doubled; lines end in
     * CRLF; a null is an empty field; {@code created} is ISO-8601 UTC; doubles are the shortest
     * decimal that reads back as the same double.
     * @param runs the runs, in the order to print
     * @return the CSV text
     */
    public static String csv(List<RunSummary> runs) {
        StringBuilder out = new StringBuilder();
        out.append(String.join(",", RunColumn.ALL.stream().map(c -> c.field).toList())).append("\r\n");
        for (RunSummary run : runs) {
            List<String> cells = new ArrayList<>();
            for (RunColumn c : RunColumn.ALL) {
                cells.add(csvField(text(c.getter.apply(run))));
            }
            out.append(String.join(",", cells)).append("\r\n");
        }
        return out.toString();
    }

    private static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double d) {
            return RunTable.number(d);
        }
        return value.toString();
    }

    /**
     * @param value a field's text
     * @return the text, quoted if it holds a comma, double quote, CR or LF (quotes doubled)
     */
    static String csvField(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\r') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    /**
     * The runs as a JSON array of objects, one per run, keyed by field name: numbers are JSON
     * numbers ({@code seed} and {@code epochsRun} integers), {@code created} an ISO-8601 UTC
     * string, and a missing value (a metric that does not apply, the reason of a finished run) null.
     * @param runs the runs, in the order to print
     * @return the JSON text, ending in a newline
     */
    public static String json(List<RunSummary> runs) {
        ArrayNode array = JSON.createArrayNode();
        for (RunSummary run : runs) {
            ObjectNode o = array.addObject();
            for (RunColumn c : RunColumn.ALL) {
                Object v = c.getter.apply(run);
                if (v == null) {
                    o.putNull(c.field);
                } else if (v instanceof Double d) {
                    o.put(c.field, d);
                } else if (v instanceof Long l) {
                    o.put(c.field, l);
                } else if (v instanceof Integer i) {
                    o.put(c.field, i);
                } else if (v instanceof Instant t) {
                    o.put(c.field, t.toString());
                } else {
                    o.put(c.field, v.toString());
                }
            }
        }
        try {
            return JSON.writeValueAsString(array) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
