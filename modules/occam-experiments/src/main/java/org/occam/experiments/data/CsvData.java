package org.occam.experiments.data;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.occam.core.data.FileDataSourceProvenance;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.DataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * A CSV file with a header line, parsed by {@link CsvTable} (opencsv, RFC 4180 quoting, a
 * configurable {@code separator}, UTF-8 with or without a byte-order mark, LF or CRLF). Every
 * column but the response is a numeric feature; every bad cell is reported with the file, the
 * line and the column.
 * <p>
 * Class labels may be any text. A label that is a decimal number is read as that number, so
 * {@code 1}, {@code 1.0}, {@code 01} and {@code 1e0} are one class, named by the number's shortest
 * plain spelling ({@code 1}; {@code 0.50} becomes {@code 0.5}); every spelling that was renamed is
 * recorded ({@link LoadedData.Preparation#labelSpellings()}, {@code run.json}, model provenance).
 * <p>
 * A missing cell is an empty cell, or one of the {@code missingTokens} (none by default, so
 * {@code NA} and {@code NaN} are errors unless declared). What happens to it is the
 * {@code missingValues} policy, see {@link MissingValues}.
 * <p>
 * The examples go through a Tribuo {@link ListDataSource} whose provenance ({@link FileDataSourceProvenance}, from the model modules, so models stay portable)
 * names the file and its SHA-256. A relative {@code path} is resolved by {@link BaseDir}: against the repository root when
 * run through the {@code occam} launcher or the build, else against the working directory.
 */
public final class CsvData implements ExperimentData {
    private static final Logger logger = Logger.getLogger(CsvData.class.getName());
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    @Config(mandatory = true, description = "Path of the CSV file (UTF-8, header line, numeric features).")
    private String path;

    @Config(description = "Name of the response column.")
    private String responseColumn = "label";

    @Config(description = "CLASSIFICATION or REGRESSION.")
    private Task task = Task.CLASSIFICATION;

    @Config(description = "Field separator: ',' (default), ';', '|' or a tab (written \\t or tab).")
    private String separator = ",";

    @Config(description = "Missing cells: ERROR (default), DROP_ROWS, or MEAN_IMPUTE (training-row means, stored in the model).")
    private MissingValues missingValues = MissingValues.ERROR;

    @Config(description = "Cell texts that also mean 'missing', besides the empty cell, e.g. NA or NaN (none by default).")
    private List<String> missingTokens = new ArrayList<>();

    /** For OLCUT. */
    private CsvData() {}

    /**
     * A comma-separated file where a missing cell is an error.
     * @param path the file
     * @param responseColumn the response column
     * @param task the task
     */
    public CsvData(String path, String responseColumn, Task task) {
        this(path, responseColumn, task, ",", MissingValues.ERROR, List.of());
    }

    /**
     * @param path the file
     * @param responseColumn the response column
     * @param task the task
     * @param separator the field separator
     * @param missingValues the missing-value policy
     * @param missingTokens cell texts that mean "missing" besides the empty cell
     */
    public CsvData(String path, String responseColumn, Task task, String separator, MissingValues missingValues, List<String> missingTokens) {
        this.path = path;
        this.responseColumn = responseColumn;
        this.task = task;
        this.separator = separator;
        this.missingValues = missingValues;
        this.missingTokens = missingTokens == null ? null : new ArrayList<>(missingTokens);
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
        if (CsvTable.separatorChar(separator) < 0) {
            throw new PropertyException("", "separator", "expected one of , ; | \\t (or tab), found '" + separator + "'");
        }
        if (missingValues == null) {
            throw new PropertyException("", "missingValues", "expected ERROR, DROP_ROWS or MEAN_IMPUTE, found null");
        }
        if (missingTokens == null) {
            throw new PropertyException("", "missingTokens", "expected a list of tokens, found null");
        }
        for (String t : missingTokens) {
            if (t == null || t.isBlank() || !t.equals(t.strip())) {
                throw new PropertyException("", "missingTokens", "expected non-blank tokens without surrounding spaces, found '" + t + "'");
            }
        }
    }

    /**
     * The class a label cell names: a decimal number is canonicalised to its shortest plain
     * spelling (1.0, 01, 1e0, +1 → 1; 0.50 → 0.5; -0 → 0), any other text is kept as it is.
     * @param cell the (trimmed) cell
     * @return the class name
     */
    public static String canonicalLabel(String cell) {
        if (!DECIMAL.matcher(cell).matches()) {
            return cell;
        }
        BigDecimal d = new BigDecimal(cell.startsWith("+") ? cell.substring(1) : cell);
        if (d.signum() == 0) {
            return "0";
        }
        d = d.stripTrailingZeros();
        return d.scale() <= 0 ? d.toBigIntegerExact().toString() : d.toPlainString();
    }

    @Override
    public LoadedData load() {
        Path file = BaseDir.resolve(path);
        if (!Files.isRegularFile(file)) {
            throw new DataException(file + ": no such file (property 'path' of CsvData)");
        }
        CsvTable table = CsvTable.read(file, (char) CsvTable.separatorChar(separator));
        List<String> columns = table.columns();
        int response = columns.indexOf(responseColumn);
        if (response < 0) {
            throw new DataException(file + ": line 1: no column named '" + responseColumn
                    + "' (property 'responseColumn'); columns are " + columns
                    + (columns.size() == 1 && separator.equals(",") ? " (is the file separated by ';' or tabs? property 'separator')" : ""));
        }
        if (columns.size() == 1) {
            throw new DataException(file + ": line 1: no feature columns, only the response column '" + responseColumn + "'");
        }
        String sha256 = table.sha256();
        OutputFactory<?> factory = task == Task.CLASSIFICATION ? new LabelFactory() : new RegressionFactory();
        return build(file, table, response, factory, sha256);
    }

    private <T extends Output<T>> LoadedData build(Path file, CsvTable table, int response, OutputFactory<T> factory, String sha256) {
        List<String> columns = table.columns();
        Set<String> tokens = new HashSet<>(missingTokens);
        List<Example<T>> examples = new ArrayList<>();
        List<Integer> dropped = new ArrayList<>();
        Map<Integer, List<String>> missingCells = new LinkedHashMap<>();
        Map<String, String> spellings = new TreeMap<>();
        for (CsvTable.Row row : table.rows()) {
            String[] cells = row.cells();
            List<String> names = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            boolean drop = false;
            T output = null;
            for (int c = 0; c < cells.length; c++) {
                String cell = cells[c];
                if (cell.isEmpty() || tokens.contains(cell)) {
                    String what = cell.isEmpty() ? "an empty cell" : "'" + cell + "'";
                    if (missingValues == MissingValues.ERROR) {
                        throw new DataException(file + ": line " + row.line() + ", column '" + columns.get(c) + "': missing value ("
                                + what + "); set property 'missingValues' to DROP_ROWS or MEAN_IMPUTE to accept missing values");
                    }
                    if (missingValues == MissingValues.DROP_ROWS) {
                        drop = true;
                    } else if (c == response) {
                        throw new DataException(file + ": line " + row.line() + ", column '" + columns.get(c) + "': missing response ("
                                + what + "); a response cannot be imputed (missingValues=DROP_ROWS leaves such rows out)");
                    } else {
                        missing.add(columns.get(c));
                    }
                    continue;
                }
                if (c == response) {
                    output = output(file, row.line(), columns.get(c), cell, factory, spellings);
                } else {
                    names.add(columns.get(c));
                    values.add(number(file, row.line(), columns.get(c), cell));
                }
            }
            if (drop) {
                dropped.add(row.line());
                continue;
            }
            if (names.isEmpty()) {
                throw new DataException(file + ": line " + row.line() + ": every feature cell is missing");
            }
            if (!missing.isEmpty()) {
                missingCells.put(examples.size(), List.copyOf(missing));
            }
            examples.add(new ArrayExample<>(output, names.toArray(new String[0]), values.stream().mapToDouble(Double::doubleValue).toArray()));
        }
        if (table.rows().isEmpty()) {
            throw new DataException(file + ": no data rows after the header");
        }
        if (examples.isEmpty()) {
            throw new DataException(file + ": every one of the " + table.rows().size() + " data rows has a missing cell "
                    + "(missingValues=DROP_ROWS left none)");
        }
        if (!dropped.isEmpty()) {
            logger.info(() -> file + ": missingValues=DROP_ROWS left out " + dropped.size() + " of " + table.rows().size()
                    + " rows (lines " + abbreviate(dropped) + ")");
        }
        if (!spellings.isEmpty()) {
            logger.info(() -> file + ": numeric class labels written differently were merged: " + spellings);
        }
        OffsetDateTime modified;
        try {
            modified = OffsetDateTime.ofInstant(Files.getLastModifiedTime(file).toInstant(), ZoneOffset.UTC);
        } catch (IOException e) {
            throw new DataException(file + ": cannot be read: " + e.getMessage(), e);
        }
        DataSourceProvenance provenance = new FileDataSourceProvenance(CsvData.class.getName(), file, sha256, modified, toString(), factory);
        MutableDataset<T> dataset = new MutableDataset<>(new ListDataSource<>(examples, factory, provenance));
        String name = file.getFileName().toString().replaceFirst("\\.csv$", "");
        return new LoadedData(dataset, task, name, sha256, new LoadedData.Preparation(missingValues, List.copyOf(dropped),
                Collections.unmodifiableMap(missingCells), Collections.unmodifiableMap(spellings)));
    }

    private static String abbreviate(List<Integer> lines) {
        return lines.size() <= 10 ? lines.toString().replaceAll("[\\[\\]]", "")
                : lines.subList(0, 10).toString().replaceAll("[\\[\\]]", "") + ", …";
    }

    @SuppressWarnings("unchecked")
    private <T extends Output<T>> T output(Path file, int line, String column, String cell, OutputFactory<T> factory,
                                           Map<String, String> spellings) {
        if (task == Task.REGRESSION) {
            // Named after its column (Tribuo's RegressionFactory would name it DIM-0), so metrics,
            // predictions and reports say which target they are about.
            return (T) new Regressor(column, number(file, line, column, cell));
        }
        String label = canonicalLabel(cell);
        if (!label.equals(cell)) {
            spellings.put(cell, label);
        }
        return (T) new Label(label);
    }

    private static double number(Path file, int line, String column, String cell) {
        double v;
        try {
            v = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new DataException(file + ": line " + line + ", column '" + column + "': not a number: '" + cell + "'");
        }
        if (!Double.isFinite(v)) {
            throw new DataException(file + ": line " + line + ", column '" + column + "': " + cell + " is not a finite number");
        }
        return v;
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "ExperimentData");
    }

    @Override
    public String toString() {
        return "CsvData(path=" + path + ",responseColumn=" + responseColumn + ",task=" + task
                + (separator.equals(",") ? "" : ",separator=" + (separator.equals("\t") ? "\\t" : separator))
                + (missingValues == MissingValues.ERROR ? "" : ",missingValues=" + missingValues)
                + (missingTokens.isEmpty() ? "" : ",missingTokens=" + missingTokens) + ")";
    }
}
