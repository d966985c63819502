package org.occam.experiments.cli;

import org.occam.experiments.store.RunStore;
import org.occam.experiments.store.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code occam runs}: list and filter recorded runs. */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = "List recorded runs as a table, filtered by --where clauses such as penalty=L2, lambda>=0.001, dataset=moons_n200, convention=KERAS.")
final class RunsCommand implements Callable<Integer> {
    @Option(names = "--where", paramLabel = "FIELD<op>VALUE", description = "Filter (repeatable, all must hold); operators = != < <= > >=.")
    List<String> where = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Root directory of run records (default: <home>/runs, see --home).")
    Path out = org.occam.experiments.data.BaseDir.runs();

    @Mixin
    StoreOptions storeOptions = new StoreOptions();

    @Override
    public Integer call() {
        try (RunStore store = storeOptions.openReadOnly(out)) {
            List<RunSummary> rows = store.query(where);
            System.out.print(org.occam.experiments.store.RunTable.format(rows));
            System.out.println(rows.size() + " run(s)");
        }
        return 0;
    }
}
