package org.occam.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Mutation operators on a shipped CSV (plain, comma separated, header first) and on a split file
 * (one row index per line): cells and labels swapped for extreme numbers and odd text, header
 * names renamed, duplicated or quoted, lines deleted, duplicated, truncated or given a field too
 * many or too few, separators, BOM, CRLF, blank and whitespace lines, a non-UTF-8 byte, a constant
 * column or label, a file cut down to a few rows.
 */
final class CsvMutations {
    private CsvMutations() {}

    /** CSV operator names. */
    enum Op { CELL, LABEL, LABEL_SPELLING, COLUMN_EXTREME, CONSTANT_LABEL, HEADER_RENAME, HEADER_DUPLICATE, HEADER_QUOTED,
        ALL_QUOTED, SWAP_HEADER, DELETE_LINE, DELETE_HEADER, DUPLICATE_LINE, DROP_FIELD, ADD_FIELD, TRUNCATE, SEPARATOR,
        BOM, CRLF, TRAILING_BLANK, WHITESPACE_LINE, NON_UTF8, EMPTY, HEADER_ONLY, FEW_ROWS, FLIP_CHAR, SWAP_LINES }

    /**
     * A mutated CSV.
     * @param bytes the file
     * @param op the operator
     * @param column the column it changed ("" when not one column)
     * @param feature whether that column is a feature (not the response)
     * @param header whether the header line was changed
     * @param value the value it wrote ("" when none)
     */
    record Mutated(byte[] bytes, Op op, String column, boolean feature, boolean header, String value) {}

    /** Split-file operator names. */
    enum SplitOp { DELETE_LINE, DUPLICATE_INDEX, INDEX_VALUE, EMPTY, ALL_ROWS, TRUNCATE, BLANK_LINE }

    /**
     * Applies one CSV operator.
     * @param csv the file's text (UTF-8, '\n' line ends)
     * @param responseColumn the response column's name
     * @param rng the mutant's random stream
     * @param log where the operator is described
     * @return the mutated file and what changed
     */
    static Mutated mutate(String csv, String responseColumn, SplittableRandom rng, List<String> log) {
        List<String> lines = new ArrayList<>(Arrays.asList(csv.split("\n")));
        String[] header = lines.get(0).split(",", -1);
        int response = Math.max(0, Arrays.asList(header).indexOf(responseColumn));
        int rows = lines.size() - 1;
        Op op = Op.values()[rng.nextInt(Op.values().length)];
        int row = 1 + rng.nextInt(rows);
        int col = rng.nextInt(header.length);
        String what;
        byte[] raw = null;
        String value = "";
        boolean headerChanged = false;
        switch (op) {
            case CELL: {
                String v = FuzzValues.value(rng, false);
                what = "row " + row + " col " + header[col] + " = [" + v + "]";
                value = v;
                lines.set(row, setField(lines.get(row), col, v));
                break;
            }
            case LABEL: {
                String v = FuzzValues.pick(rng, FuzzValues.LABELS);
                what = "row " + row + " = [" + v + "]";
                value = v;
                col = response;
                lines.set(row, setField(lines.get(row), response, v));
                break;
            }
            case LABEL_SPELLING: {
                // the same number spelled differently on a fraction of the rows
                String old = lines.get(row).split(",", -1)[response];
                String v = FuzzValues.pick(rng, List.of(old + ".0", "0" + old, old + "e0", "+" + old, " " + old, "\"" + old + "\""));
                what = "[" + old + "] -> [" + v + "] on every 3rd row";
                for (int r = 1; r <= rows; r += 3) {
                    if (lines.get(r).split(",", -1)[response].equals(old)) {
                        lines.set(r, setField(lines.get(r), response, v));
                    }
                }
                break;
            }
            case COLUMN_EXTREME: {
                String v = FuzzValues.pick(rng, List.of("1e308", "-1e308", "1e300", "0", "NaN", "Infinity", "4.9e-324", "1e200"));
                boolean everyRow = rng.nextBoolean();
                what = "col " + header[col] + " = [" + v + "] on " + (everyRow ? "every row" : "every 2nd row");
                value = v;
                for (int r = 1; r <= rows; r += everyRow ? 1 : 2) {
                    lines.set(r, setField(lines.get(r), col, v));
                }
                break;
            }
            case CONSTANT_LABEL: {
                String v = lines.get(row).split(",", -1)[response];
                what = "every label = [" + v + "]";
                value = v;
                col = response;
                for (int r = 1; r <= rows; r++) {
                    lines.set(r, setField(lines.get(r), response, v));
                }
                break;
            }
            case HEADER_RENAME: {
                String v = rng.nextBoolean() ? FuzzValues.value(rng, false) : header[col].toUpperCase(java.util.Locale.ROOT);
                what = header[col] + " -> [" + v + "]";
                value = v;
                headerChanged = true;
                lines.set(0, setField(lines.get(0), col, v));
                break;
            }
            case HEADER_DUPLICATE: {
                int other = rng.nextInt(header.length);
                if (other == col) {
                    other = (col + 1) % header.length;
                }
                what = header[other] + " -> " + header[col];
                lines.set(0, setField(lines.get(0), other, header[col]));
                break;
            }
            case HEADER_QUOTED:
                what = "header";
                lines.set(0, quoteAll(lines.get(0)));
                break;
            case ALL_QUOTED:
                what = "every field";
                lines.replaceAll(CsvMutations::quoteAll);
                break;
            case SWAP_HEADER: {
                int other = rng.nextInt(header.length);
                what = header[col] + " <-> " + header[other];
                String a = header[col];
                lines.set(0, setField(setField(lines.get(0), col, header[other]), other, a));
                break;
            }
            case DELETE_LINE:
                what = "line " + (row + 1);
                lines.remove(row);
                break;
            case DELETE_HEADER:
                what = "header";
                lines.remove(0);
                break;
            case DUPLICATE_LINE: {
                int k = rng.nextInt(4) == 0 ? 0 : row;
                what = "line " + (k + 1);
                lines.add(k + 1, lines.get(k));
                break;
            }
            case DROP_FIELD: {
                int k = rng.nextInt(4) == 0 ? 0 : row;
                what = "line " + (k + 1) + " col " + header[col];
                headerChanged = k == 0;
                List<String> f = new ArrayList<>(Arrays.asList(lines.get(k).split(",", -1)));
                f.remove(col);
                lines.set(k, String.join(",", f));
                break;
            }
            case ADD_FIELD: {
                int k = rng.nextInt(4) == 0 ? 0 : row;
                String v = FuzzValues.value(rng, false);
                what = "line " + (k + 1) + " + [" + v + "]";
                lines.set(k, lines.get(k) + "," + v);
                break;
            }
            case TRUNCATE: {
                int at = rng.nextInt(csv.length());
                what = "at " + at + " of " + csv.length();
                raw = csv.substring(0, at).getBytes(StandardCharsets.UTF_8);
                break;
            }
            case SEPARATOR: {
                String sep = FuzzValues.pick(rng, List.of(";", "\t", " ", "|"));
                what = "[" + sep + "]";
                lines.replaceAll(l -> l.replace(",", sep));
                break;
            }
            case BOM:
                what = "";
                raw = ("\uFEFF" + csv).getBytes(StandardCharsets.UTF_8);
                break;
            case CRLF:
                what = "";
                raw = String.join("\r\n", lines).concat("\r\n").getBytes(StandardCharsets.UTF_8);
                break;
            case TRAILING_BLANK:
                what = "";
                raw = (csv + "\n\n\n").getBytes(StandardCharsets.UTF_8);
                break;
            case WHITESPACE_LINE: {
                String v = FuzzValues.pick(rng, List.of("", " ", "\t", "  ,  "));
                what = "before line " + (row + 1) + " [" + v + "]";
                lines.add(row, v);
                break;
            }
            case NON_UTF8: {
                what = "row " + row;
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                for (int k = 0; k < lines.size(); k++) {
                    byte[] l = lines.get(k).getBytes(StandardCharsets.UTF_8);
                    if (k == row) {
                        b.write(l, 0, Math.max(0, l.length - 1));
                        b.write(0xFF);
                    } else {
                        b.write(l, 0, l.length);
                    }
                    b.write('\n');
                }
                raw = b.toByteArray();
                break;
            }
            case EMPTY:
                what = "";
                raw = new byte[0];
                break;
            case HEADER_ONLY:
                what = "";
                lines = new ArrayList<>(List.of(lines.get(0)));
                break;
            case FEW_ROWS: {
                int keep = rng.nextInt(6);
                what = keep + " rows";
                lines = new ArrayList<>(lines.subList(0, Math.min(lines.size(), keep + 1)));
                break;
            }
            case FLIP_CHAR: {
                int at = rng.nextInt(csv.length());
                char c = FuzzValues.pick(rng, List.of(',', '"', '\n', ' ', '-', '.', 'e', 'x', ';', '\r'));
                what = "at " + at + " [" + csv.charAt(at) + "] -> [" + c + "]";
                raw = (csv.substring(0, at) + c + csv.substring(at + 1)).getBytes(StandardCharsets.UTF_8);
                break;
            }
            case SWAP_LINES: {
                int k = rng.nextInt(4) == 0 ? 0 : row;
                int other = 1 + rng.nextInt(rows);
                what = "lines " + (k + 1) + " <-> " + (other + 1);
                String a = lines.get(k);
                lines.set(k, lines.get(other));
                lines.set(other, a);
                break;
            }
            default:
                throw new AssertionError(op);
        }
        log.add("CSV " + op + (what.isEmpty() ? "" : " " + what));
        return new Mutated(raw != null ? raw : (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8),
                op, header[col], col != response, headerChanged || op == Op.DELETE_HEADER, value);
    }

    /**
     * Applies one split-file operator.
     * @param split the split file's text (one index per line)
     * @param rows the data set's number of rows
     * @param rng the mutant's random stream
     * @param log where the operator is described
     * @return the mutated text
     */
    static String mutateSplit(String split, int rows, SplittableRandom rng, List<String> log) {
        List<String> lines = new ArrayList<>(Arrays.asList(split.strip().split("\n")));
        SplitOp op = SplitOp.values()[rng.nextInt(SplitOp.values().length)];
        int k = rng.nextInt(lines.size());
        String what;
        switch (op) {
            case DELETE_LINE -> {
                what = "line " + (k + 1);
                lines.remove(k);
            }
            case DUPLICATE_INDEX -> {
                what = "line " + (k + 1);
                lines.add(k, lines.get(k));
            }
            case INDEX_VALUE -> {
                String v = FuzzValues.pick(rng, List.of("-1", String.valueOf(rows), String.valueOf(rows - 1), "1000000000",
                        "NaN", "a", "", " ", "1.5", "1e2", "2147483648", "0x1"));
                what = "line " + (k + 1) + " = [" + v + "]";
                lines.set(k, v);
            }
            case EMPTY -> {
                what = "";
                lines.clear();
            }
            case ALL_ROWS -> {
                what = rows + " rows";
                lines.clear();
                for (int r = 0; r < rows; r++) {
                    lines.add(String.valueOf(r));
                }
            }
            case TRUNCATE -> {
                int at = rng.nextInt(Math.max(1, split.length()));
                what = "at " + at;
                log.add("SPLIT " + op + " " + what);
                return split.substring(0, at);
            }
            case BLANK_LINE -> {
                what = "before line " + (k + 1);
                lines.add(k, FuzzValues.pick(rng, List.of("", " ", "\t")));
            }
            default -> throw new AssertionError(op);
        }
        log.add("SPLIT " + op + (what.isEmpty() ? "" : " " + what));
        return String.join("\n", lines) + "\n";
    }

    private static String setField(String line, int col, String value) {
        String[] f = line.split(",", -1);
        if (col >= f.length) {
            return line;
        }
        f[col] = value;
        return String.join(",", f);
    }

    private static String quoteAll(String line) {
        String[] f = line.split(",", -1);
        for (int i = 0; i < f.length; i++) {
            f[i] = "\"" + f[i] + "\"";
        }
        return String.join(",", f);
    }
}
