package org.occam.experiments.data;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.tribuo.DataSource;
import org.tribuo.MutableDataset;
import org.tribuo.OutputFactory;
import org.tribuo.classification.LabelFactory;
import org.tribuo.data.csv.CSVLoader;
import org.tribuo.regression.RegressionFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;

/**
 * A numeric CSV file with a header line, read through Tribuo's {@link CSVLoader} (whose data
 * provenance records the file's SHA-256). Before Tribuo parses it, every row is checked so that a
 * ragged row, a non-numeric cell, NaN or infinity, a missing response column or an empty file is
 * reported with the file, the line and the column.
 * <p>
 * A relative {@code path} is resolved by {@link BaseDir}: against the repository root when run
 * through the {@code occam} launcher or the build, else against the working directory.
 */
public final class CsvData implements ExperimentData {
    @Config(mandatory = true, description = "Path of the CSV file (header line, comma-separated, numeric).")
    private String path;

    @Config(description = "Name of the response column.")
    private String responseColumn = "label";

    @Config(description = "CLASSIFICATION or REGRESSION.")
    private Task task = Task.CLASSIFICATION;

    /** For OLCUT. */
    private CsvData() {}

    /**
     * @param path the file
     * @param responseColumn the response column
     * @param task the task
     */
    public CsvData(String path, String responseColumn, Task task) {
        this.path = path;
        this.responseColumn = responseColumn;
        this.task = task;
        postConfig();
    }

    @Override
    public void postConfig() {
        if (path == null || path.isBlank()) {
            throw new PropertyException("", "path", "expected the path of a CSV file, found " + path);
        }
        if (responseColumn == null || responseColumn.isBlank()) {
            throw new PropertyException("", "responseColumn", "expected a column name, found " + responseColumn);
        }
        if (task == null) {
            throw new PropertyException("", "task", "expected CLASSIFICATION or REGRESSION, found null");
        }
    }

    @Override
    public LoadedData load() {
        Path file = BaseDir.resolve(path);
        if (!Files.isRegularFile(file)) {
            throw new DataException(file + ": no such file (property 'path' of CsvData)");
        }
        validate(file);
        try {
            OutputFactory<?> factory = task == Task.CLASSIFICATION ? new LabelFactory() : new RegressionFactory();
            MutableDataset<?> dataset = load(file, factory);
            String name = file.getFileName().toString().replaceFirst("\\.csv$", "");
            return new LoadedData(dataset, task, name, Hashing.sha256(file));
        } catch (IOException e) {
            throw new DataException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private <T extends org.tribuo.Output<T>> MutableDataset<T> load(Path file, OutputFactory<T> factory) throws IOException {
        DataSource<T> source = new CSVLoader<>(factory).loadDataSource(file, responseColumn);
        return new MutableDataset<>(source);
    }

    /** Checks shape and values line by line so errors can name the line. */
    private void validate(Path file) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null || header.isBlank()) {
                throw new DataException(file + ": line 1: empty file, expected a header line");
            }
            List<String> columns = Arrays.asList(header.split(",", -1));
            for (int c = 0; c < columns.size(); c++) {
                if (columns.get(c).isBlank()) {
                    throw new DataException(file + ": line 1: column " + (c + 1) + " has no name");
                }
                int again = columns.subList(c + 1, columns.size()).indexOf(columns.get(c));
                if (again >= 0) {
                    throw new DataException(file + ": line 1: column '" + columns.get(c) + "' appears twice (columns "
                            + (c + 1) + " and " + (c + 2 + again) + ")");
                }
            }
            int response = columns.indexOf(responseColumn);
            if (response < 0) {
                throw new DataException(file + ": line 1: no column named '" + responseColumn
                        + "' (property 'responseColumn'); columns are " + columns);
            }
            if (columns.size() == 1) {
                throw new DataException(file + ": line 1: no feature columns, only the response column '" + responseColumn + "'");
            }
            int lineNo = 1;
            int rows = 0;
            for (String line; (line = r.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (cells.length != columns.size()) {
                    throw new DataException(file + ": line " + lineNo + ": " + cells.length + " cells, the header has " + columns.size());
                }
                for (int c = 0; c < cells.length; c++) {
                    checkCell(file, lineNo, columns.get(c), cells[c].trim());
                }
                rows++;
            }
            if (rows == 0) {
                throw new DataException(file + ": no data rows after the header");
            }
        } catch (IOException e) {
            throw new DataException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private static void checkCell(Path file, int line, String column, String cell) {
        double v;
        try {
            v = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new DataException(file + ": line " + line + ", column '" + column + "': not a number: '" + cell + "'");
        }
        if (!Double.isFinite(v)) {
            throw new DataException(file + ": line " + line + ", column '" + column + "': " + cell + " is not a finite number");
        }
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "ExperimentData");
    }

    @Override
    public String toString() {
        return "CsvData(path=" + path + ",responseColumn=" + responseColumn + ",task=" + task + ")";
    }
}
