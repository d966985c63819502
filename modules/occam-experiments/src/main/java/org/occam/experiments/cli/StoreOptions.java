package org.occam.experiments.cli;

import org.occam.experiments.store.RunStore;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where the run store is: {@code --store FILE} (SQLite, default runs/occam.db) or {@code --jdbc URL}. */
final class StoreOptions {
    @Option(names = "--store", paramLabel = "FILE", description = "SQLite run store file (default: <out>/occam.db).")
    Path store;

    @Option(names = "--jdbc", paramLabel = "URL", description = "JDBC URL of the run store instead of the SQLite file (e.g. a PostgreSQL server).")
    String jdbcUrl;

    /**
     * Opens the store for reading only ({@code runs}): an SQLite file must exist and is not changed.
     * @param runsRoot the --out directory
     * @return the store
     */
    RunStore openReadOnly(Path runsRoot) {
        if (jdbcUrl != null) {
            return RunStore.connect(jdbcUrl);
        }
        return RunStore.openReadOnly(store != null ? store : (runsRoot == null ? org.occam.experiments.data.BaseDir.runs() : runsRoot).resolve("occam.db"));
    }

    RunStore open(Path runsRoot) {
        if (jdbcUrl != null) {
            return RunStore.connect(jdbcUrl);
        }
        return RunStore.open(store != null ? store : (runsRoot == null ? org.occam.experiments.data.BaseDir.runs() : runsRoot).resolve("occam.db"));
    }
}
