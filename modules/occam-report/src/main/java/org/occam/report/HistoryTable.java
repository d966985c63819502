package org.occam.report;

import org.occam.experiments.data.DataException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's {@code history.csv} read back: one numeric column per header name, one row per epoch,
 * NaN where a cell is empty (no validation data, a layer without rectifiers, ...).
 */
public final class HistoryTable {
    private final Map<String, double[]> columns;
    private final int rows;

    private HistoryTable(Map<String, double[]> columns, int rows) {
        this.columns = columns;
        this.rows = rows;
    }

    /**
     * @param file a history.csv
     * @return the table (empty when the file does not exist)
     * @throws DataException naming the file and line if a cell is not a number
     */
    public static HistoryTable read(Path file) {
        if (!Files.isRegularFile(file)) {
            return new HistoryTable(new LinkedHashMap<>(), 0);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DataException(file + ": cannot be read: " + e.getMessage(), e);
        }
        if (lines.isEmpty()) {
            return new HistoryTable(new LinkedHashMap<>(), 0);
        }
        String[] header = lines.get(0).split(",", -1);
        List<String> data = lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank()).toList();
        Map<String, double[]> columns = new LinkedHashMap<>();
        for (String h : header) {
            columns.put(h, new double[data.size()]);
        }
        for (int r = 0; r < data.size(); r++) {
            String[] cells = data.get(r).split(",", -1);
            if (cells.length != header.length) {
                throw new DataException(file + ": line " + (r + 2) + ": " + cells.length + " cells, the header has " + header.length);
            }
            for (int c = 0; c < header.length; c++) {
                String s = cells[c].trim();
                try {
                    columns.get(header[c])[r] = s.isEmpty() ? Double.NaN : Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw new DataException(file + ": line " + (r + 2) + ", column '" + header[c] + "': not a number: '" + s + "'");
                }
            }
        }
        return new HistoryTable(columns, data.size());
    }

    /** @return the number of epochs recorded */
    public int rows() {
        return rows;
    }

    /** @return the column names, in file order */
    public List<String> names() {
        return new ArrayList<>(columns.keySet());
    }

    /**
     * @param name a column name
     * @return true if the column exists and has at least one finite value
     */
    public boolean has(String name) {
        double[] c = columns.get(name);
        if (c == null) {
            return false;
        }
        for (double v : c) {
            if (Double.isFinite(v)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param name a column name
     * @return its values (a copy), or all-NaN if the column does not exist
     */
    public double[] column(String name) {
        double[] c = columns.get(name);
        if (c == null) {
            double[] nan = new double[rows];
            java.util.Arrays.fill(nan, Double.NaN);
            return nan;
        }
        return c.clone();
    }

    /** @return the epoch numbers (1-based) */
    public double[] epochs() {
        return column("epoch");
    }

    /** @return the names of the per-penalty loss columns ({@code penalty_<name>}) */
    public List<String> penaltyColumns() {
        return columns.keySet().stream().filter(n -> n.startsWith("penalty_") && !n.equals("penalty_loss")).toList();
    }

    /** @return the dense layers named in the weight-statistics columns ({@code <layer>_l2}), in order */
    public List<String> layers() {
        return columns.keySet().stream().filter(n -> n.endsWith("_l2") && !n.startsWith("penalty_"))
                .map(n -> n.substring(0, n.length() - 3)).toList();
    }
}
