package org.occam.experiments.store;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One parsed {@code occam runs --where} clause: a SQL condition over the {@code runs} table whose
 * only variable parts are {@code ?} parameters, so user text never becomes SQL. The grammar and its
 * semantics are documented on {@link RunStore#query(List)}.
 * @param clause the user's text, for messages
 * @param sql a parenthesised boolean SQL expression naming only whitelisted columns
 * @param parameters the values bound to its {@code ?}s, in order (String, Double, Long or Integer)
 */
record WhereClause(String clause, String sql, List<Object> parameters) {

    /** The pseudo-field matching one element of {@code penaltyTypes}. */
    static final String PENALTY_FIELD = "penalty";

    /** The value of {@code penalty} that selects runs without a penalty. */
    static final String NO_PENALTY = "none";

    /** The literal that selects (or with {@code !=} excludes) SQL NULL in a nullable field. */
    static final String NULL_LITERAL = "null";

    /** Operators, longest first so that {@code <=} wins over {@code <}. */
    private static final List<String> OPERATORS = List.of("<=", ">=", "!=", "=", "<", ">");

    private static final String OPERATOR_LIST = "= != < <= > >=";

    private static final String OPERATOR_CHARS = "=!<>";

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Text fields whose values are class or enum names and so match case-insensitively. */
    private static final List<RunColumn> CASE_INSENSITIVE = List.of(RunColumn.TASK, RunColumn.CONVENTION, RunColumn.STATUS);

    /** Lookup key (lower case, no underscores) to column, so camelCase and snake_case both work. */
    private static final Map<String, RunColumn> BY_KEY = byKey();

    WhereClause {
        parameters = Collections.unmodifiableList(new ArrayList<>(parameters));
    }

    private static Map<String, RunColumn> byKey() {
        Map<String, RunColumn> map = new LinkedHashMap<>();
        for (RunColumn c : RunColumn.ALL) {
            map.put(key(c.field), c);
        }
        return Collections.unmodifiableMap(map);
    }

    private static String key(String field) {
        return field.replace("_", "").toLowerCase(Locale.ROOT);
    }

    /** The field names a clause may use, in table order, then {@code penalty}. */
    static List<String> fields() {
        List<String> fields = RunColumn.ALL.stream().map(c -> c.field).collect(Collectors.toCollection(ArrayList::new));
        fields.add(PENALTY_FIELD);
        return Collections.unmodifiableList(fields);
    }

    /**
     * Parses one clause.
     * @param clause e.g. {@code lambda>=0.001}
     * @return the SQL condition and its parameters
     * @throws IllegalArgumentException naming the clause and listing the valid fields, for an
     *         unknown field, a missing or bad operator, an operator the field does not support, or a
     *         value that is not of the field's type
     */
    static WhereClause parse(String clause) {
        if (clause == null) {
            throw bad("null", "a clause is null");
        }
        int opStart = indexOfOperator(clause);
        if (opStart < 0) {
            throw bad(clause, "no operator; expected <field><operator><value> with operator one of "
                    + OPERATOR_LIST);
        }
        String field = clause.substring(0, opStart).trim();
        String operator = OPERATORS.stream().filter(op -> clause.startsWith(op, opStart)).findFirst().orElse(null);
        int valueStart = operator == null ? opStart : opStart + operator.length();
        if (operator == null || (valueStart < clause.length() && OPERATOR_CHARS.indexOf(clause.charAt(valueStart)) >= 0)) {
            throw bad(clause, "bad operator '" + operatorRun(clause, opStart) + "'; expected one of "
                    + OPERATOR_LIST);
        }
        if (!IDENTIFIER.matcher(field).matches()) {
            throw bad(clause, field.isEmpty() ? "no field before the operator"
                    : "'" + field + "' is not a field name (bad operator?)");
        }
        String value = clause.substring(valueStart).trim();
        if (key(field).equals(PENALTY_FIELD)) {
            return penalty(clause, operator, value);
        }
        RunColumn column = BY_KEY.get(key(field));
        if (column == null) {
            throw bad(clause, "unknown field '" + field + "'");
        }
        return column(clause, column, operator, value);
    }

    private static int indexOfOperator(String clause) {
        for (int i = 0; i < clause.length(); i++) {
            if (OPERATOR_CHARS.indexOf(clause.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static String operatorRun(String clause, int from) {
        int end = from;
        while (end < clause.length() && OPERATOR_CHARS.indexOf(clause.charAt(end)) >= 0) {
            end++;
        }
        return clause.substring(from, end);
    }

    private static WhereClause penalty(String clause, String operator, String value) {
        boolean equals = requireEquality(clause, operator, PENALTY_FIELD);
        // Whitespace-free, lower-cased list wrapped in commas: ",l1,l2," (NULL stays NULL).
        String list = "LOWER(',' || REPLACE(penalty_types, ' ', '') || ',')";
        String noPenalty = "(penalty_types IS NULL OR penalty_types = '')";
        if (value.equalsIgnoreCase(NO_PENALTY)) {
            return new WhereClause(clause, equals ? noPenalty : "(NOT " + noPenalty + ")", List.of());
        }
        if (value.isEmpty() || value.contains(",")) {
            throw bad(clause, "penalty matches one penalty class name (or 'none'), found '" + value
                    + "'; to compare the whole list use penaltyTypes=" + value);
        }
        String pattern = "%," + escapeLike(value.toLowerCase(Locale.ROOT)) + ",%";
        String contains = list + " LIKE ? ESCAPE '\\'";
        String sql = equals ? "(" + contains + ")" : "(penalty_types IS NULL OR NOT (" + contains + "))";
        return new WhereClause(clause, sql, List.of(pattern));
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static WhereClause column(String clause, RunColumn column, String operator, String value) {
        String col = column.column;
        if (column.nullable && value.equalsIgnoreCase(NULL_LITERAL)) {
            boolean equals = requireEquality(clause, operator, column.field);
            return new WhereClause(clause, "(" + col + (equals ? " IS NULL" : " IS NOT NULL") + ")", List.of());
        }
        Object parameter;
        switch (column.kind) {
            case TEXT -> {
                requireEquality(clause, operator, column.field);
                if (CASE_INSENSITIVE.contains(column)) {
                    col = "LOWER(" + col + ")";
                    parameter = value.toLowerCase(Locale.ROOT);
                } else {
                    parameter = value;
                }
            }
            case INSTANT -> parameter = instant(clause, value);
            case DOUBLE -> parameter = decimal(clause, column, value);
            case BIGINT -> parameter = integer(clause, column, value, Long.MIN_VALUE, Long.MAX_VALUE);
            case INTEGER -> parameter = (int) integer(clause, column, value, Integer.MIN_VALUE, Integer.MAX_VALUE);
            default -> throw new IllegalStateException("unhandled column kind " + column.kind);
        }
        String sql = switch (operator) {
            // != keeps rows where the field is NULL: a run without λ is "not λ=0.01".
            case "!=" -> column.nullable ? "(" + col + " IS NULL OR " + col + " <> ?)" : "(" + col + " <> ?)";
            default -> "(" + col + " " + operator + " ?)";
        };
        return new WhereClause(clause, sql, List.of(parameter));
    }

    private static boolean requireEquality(String clause, String operator, String field) {
        if (!operator.equals("=") && !operator.equals("!=")) {
            throw bad(clause, "operator '" + operator + "' does not apply to " + field + "; use = or !=");
        }
        return operator.equals("=");
    }

    private static Double decimal(String clause, RunColumn column, String value) {
        try {
            // BigDecimal's grammar: plain or scientific decimals only (no NaN, Infinity, hex or 'd' suffix).
            return new BigDecimal(value).doubleValue();
        } catch (NumberFormatException e) {
            throw bad(clause, column.field + " is a number, found '" + value + "'");
        }
    }

    private static long integer(String clause, RunColumn column, String value, long min, long max) {
        try {
            long parsed = Long.parseLong(value);
            if (parsed < min || parsed > max) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw bad(clause, column.field + " is an integer in [" + min + ", " + max + "], found '" + value + "'");
        }
    }

    private static String instant(String clause, String value) {
        try {
            Instant instant = value.contains("T") ? Instant.parse(value)
                    : LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            return RunColumn.formatInstant(instant);
        } catch (DateTimeException | IllegalArgumentException e) {
            throw bad(clause, "created is an ISO-8601 instant (2024-05-01T12:00:00Z) or date (2024-05-01, "
                    + "meaning its start in UTC), found '" + value + "'");
        }
    }

    private static IllegalArgumentException bad(String clause, String problem) {
        return new IllegalArgumentException("Bad where clause '" + clause + "': " + problem + ". Valid fields: "
                + String.join(", ", fields()) + " (penalty=X: X is one element of penaltyTypes, or none)"
                + "; operators: " + OPERATOR_LIST + ".");
    }
}
