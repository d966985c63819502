package org.occam.experiments.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;

/**
 * The {@code runs} table's columns, one per {@link RunSummary} component and in component order:
 * the single place that maps a component (field) name to its column name and SQL type. DDL,
 * inserts and the {@code --where} whitelist are all derived from it, so a field a user types can
 * only ever become one of these column names.
 */
enum RunColumn {
    RUN_ID("runId", "run_id", Kind.TEXT, false, RunSummary::runId),
    CREATED("created", "created", Kind.INSTANT, false, RunSummary::created),
    EXPERIMENT("experiment", "experiment", Kind.TEXT, true, RunSummary::experiment),
    CONFIG_SHA256("configSha256", "config_sha256", Kind.TEXT, true, RunSummary::configSha256),
    DATASET("dataset", "dataset", Kind.TEXT, true, RunSummary::dataset),
    DATASET_SHA256("datasetSha256", "dataset_sha256", Kind.TEXT, true, RunSummary::datasetSha256),
    TASK("task", "task", Kind.TEXT, true, RunSummary::task),
    PENALTY_TYPES("penaltyTypes", "penalty_types", Kind.TEXT, true, RunSummary::penaltyTypes),
    LAMBDA("lambda", "lambda", Kind.DOUBLE, true, RunSummary::lambda),
    LAMBDAS("lambdas", "lambdas", Kind.TEXT, true, RunSummary::lambdas),
    CONVENTION("convention", "convention", Kind.TEXT, true, RunSummary::convention),
    SEED("seed", "seed", Kind.BIGINT, false, RunSummary::seed),
    EPOCHS_RUN("epochsRun", "epochs_run", Kind.INTEGER, false, RunSummary::epochsRun),
    STOP_REASON("stopReason", "stop_reason", Kind.TEXT, true, RunSummary::stopReason),
    TRAIN_ACCURACY("trainAccuracy", "train_accuracy", Kind.DOUBLE, true, RunSummary::trainAccuracy),
    VALIDATION_ACCURACY("validationAccuracy", "validation_accuracy", Kind.DOUBLE, true, RunSummary::validationAccuracy),
    TEST_ACCURACY("testAccuracy", "test_accuracy", Kind.DOUBLE, true, RunSummary::testAccuracy),
    TEST_MACRO_F1("testMacroF1", "test_macro_f1", Kind.DOUBLE, true, RunSummary::testMacroF1),
    TRAIN_MSE("trainMse", "train_mse", Kind.DOUBLE, true, RunSummary::trainMse),
    VALIDATION_MSE("validationMse", "validation_mse", Kind.DOUBLE, true, RunSummary::validationMse),
    TEST_MSE("testMse", "test_mse", Kind.DOUBLE, true, RunSummary::testMse),
    TEST_R2("testR2", "test_r2", Kind.DOUBLE, true, RunSummary::testR2),
    GENERALIZATION_GAP("generalizationGap", "generalization_gap", Kind.DOUBLE, true, RunSummary::generalizationGap),
    RECORD_PATH("recordPath", "record_path", Kind.TEXT, true, RunSummary::recordPath),
    STATUS("status", "status", Kind.TEXT, false, RunSummary::status, 3),
    REASON("reason", "reason", Kind.TEXT, true, RunSummary::reason, 3);

    /** The SQL type family of a column; the DDL uses only portable standard type names. */
    enum Kind {
        /** Free text, {@code TEXT}. */
        TEXT("TEXT"),
        /**
         * An {@link Instant}, stored as {@code TEXT} in a fixed-width UTC form with nine fraction
         * digits ({@code 2024-05-01T12:00:00.123456789Z}) so that text order is time order and no
         * precision is lost.
         */
        INSTANT("TEXT"),
        /** A double, {@code DOUBLE PRECISION} (REAL affinity in SQLite). */
        DOUBLE("DOUBLE PRECISION"),
        /** A long, {@code BIGINT}. */
        BIGINT("BIGINT"),
        /** An int, {@code INTEGER}. */
        INTEGER("INTEGER");

        final String sqlType;

        Kind(String sqlType) {
            this.sqlType = sqlType;
        }

        boolean numeric() {
            return this == DOUBLE || this == BIGINT || this == INTEGER;
        }
    }

    /** Fixed-width UTC instant format; text order equals time order for years 0000–9999. */
    static final DateTimeFormatter INSTANT_FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** The columns in component order, as a list. */
    static final List<RunColumn> ALL = List.of(values());

    final String field;
    final String column;
    final Kind kind;
    final boolean nullable;
    final Function<RunSummary, Object> getter;
    /** The schema version whose migration added this column (1: the original table). */
    final int since;

    RunColumn(String field, String column, Kind kind, boolean nullable, Function<RunSummary, Object> getter) {
        this(field, column, kind, nullable, getter, 1);
    }

    RunColumn(String field, String column, Kind kind, boolean nullable, Function<RunSummary, Object> getter, int since) {
        this.field = field;
        this.column = column;
        this.kind = kind;
        this.nullable = nullable;
        this.getter = getter;
        this.since = since;
    }

    /**
     * The columns a table of a schema version has, in component order.
     * @param version a schema version
     * @return the columns added by that version or earlier
     */
    static List<RunColumn> upTo(int version) {
        return ALL.stream().filter(c -> c.since <= version).toList();
    }

    /** This column's line in {@code CREATE TABLE runs} (text columns compare bytewise on PostgreSQL). */
    String ddl(RunStore.Dialect dialect) {
        String type = kind.sqlType.equals("TEXT") ? dialect.text() : kind.sqlType;
        return column + " " + type + (this == RUN_ID ? " PRIMARY KEY" : "") + (nullable ? "" : " NOT NULL");
    }

    /**
     * Formats an instant for the {@code created} column.
     * @throws IllegalArgumentException if its year is outside 0000–9999
     */
    static String formatInstant(Instant instant) {
        String text = INSTANT_FORMAT.format(instant);
        if (text.length() != 30) {
            throw new IllegalArgumentException("expected an instant in the years 0000-9999, found " + instant);
        }
        return text;
    }

    /** Parses the {@code created} column's text back into an instant. */
    static Instant parseInstant(String text) {
        return INSTANT_FORMAT.parse(text, Instant::from);
    }
}
