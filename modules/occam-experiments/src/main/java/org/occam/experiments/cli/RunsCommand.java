package org.occam.experiments.cli;

import org.occam.experiments.data.DataException;
import org.occam.experiments.store.RunListing;
import org.occam.experiments.store.RunStore;
import org.occam.experiments.store.RunSummary;
import org.occam.experiments.store.RunTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code occam runs}: list recorded runs (finished, failed and diverged), filtered by
 * {@code --where}, ordered by {@code --sort} (default: creation time, newest first, as
 * {@code git log} and MLflow list them), cut by {@code --limit}, as a table, CSV or JSON.
 */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = {"List recorded runs (finished, failed and diverged), newest first, filtered by --where clauses such as "
                + "penalty=L2, lambda>=0.001, dataset=moons_n200, status=DIVERGED.",
                "Fields for --where and --sort are the run store's: runId, created, experiment, status, reason, dataset, "
                        + "penaltyTypes (or penalty), lambda, convention, seed, validationAccuracy, testAccuracy, validationMse, testMse, ..."})
final class RunsCommand implements Callable<Integer> {
    /** The output formats. */
    enum Format { table, csv, json }

    @Option(names = "--where", paramLabel = "FIELD<op>VALUE", description = "Filter (repeatable, all must hold); operators = != < <= > >=.")
    List<String> where = new ArrayList<>();

    @Option(names = "--sort", paramLabel = "FIELD", description = "Order by this field, smallest (oldest, A first) first; with --desc largest first. Runs without a value come last. Default: created, newest first.")
    String sort;

    @Option(names = "--desc", description = "With --sort: largest (newest) first.")
    boolean descending;

    @Option(names = "--limit", paramLabel = "N", description = "Show only the first N runs of the order (N >= 1).")
    String limit;

    @Option(names = "--format", paramLabel = "FORMAT", description = "table (default), csv (RFC 4180, every field) or json (an array of objects, every field, typed).")
    String format = "table";

    @Option(names = "--out", paramLabel = "DIR", description = "Root directory of run records (default: <home>/runs, see --home).")
    Path out = org.occam.experiments.data.BaseDir.runs();

    @Mixin
    StoreOptions storeOptions = new StoreOptions();

    @Override
    public Integer call() {
        Format f;
        try {
            f = Format.valueOf(format.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new DataException("--format " + format + ": unknown format; valid formats: table, csv, json");
        }
        Integer max = null;
        if (limit != null) {
            try {
                max = Integer.parseInt(limit.strip());
            } catch (NumberFormatException e) {
                max = -1;
            }
            if (max < 1) {
                throw new DataException("--limit " + limit + ": expected a whole number of runs, at least 1");
            }
        }
        java.util.Comparator<RunSummary> order = sort == null ? RunListing.order("created", true) : RunListing.order(sort, descending);
        List<RunSummary> rows;
        try (RunStore store = storeOptions.openReadOnly(out)) {
            rows = new ArrayList<>(store.query(where));
        }
        rows.sort(order);
        if (max != null && rows.size() > max) {
            rows = rows.subList(0, max);
        }
        switch (f) {
            case csv -> System.out.print(RunListing.csv(rows));
            case json -> System.out.print(RunListing.json(rows));
            default -> {
                System.out.print(RunTable.format(rows));
                System.out.println(rows.size() + " run(s)");
            }
        }
        return 0;
    }
}
