package org.occam.experiments.data;

import com.opencsv.CSVParser;
import com.opencsv.CSVParserBuilder;
import com.opencsv.ICSVParser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The cells of a CSV file with a header line, parsed by opencsv (the parser behind Tribuo's own
 * CSV support) with RFC 4180 quoting: a field may be quoted ({@code "x1"}, {@code "a,b"},
 * {@code "say ""hi"""}) and may then span lines; there is no backslash escape. The file must be
 * UTF-8 (a leading byte-order mark is dropped); lines may end in LF or CRLF. Empty lines are
 * skipped; a line of only spaces or tabs is an error, as is a byte that is not UTF-8, a ragged row,
 * an unnamed or repeated column. Cells and column names are trimmed. Every error is one
 * line that starts with the file and names the line.
 */
public final class CsvTable {
    /**
     * One data row.
     * @param line the 1-based line of the file where the row starts
     * @param cells its cells, one per column
     */
    public record Row(int line, String[] cells) {}

    private final Path file;
    private final List<String> columns;
    private final List<Row> rows;
    private final String sha256;

    private CsvTable(Path file, List<String> columns, List<Row> rows, String sha256) {
        this.file = file;
        this.sha256 = sha256;
        this.columns = columns;
        this.rows = rows;
    }

    /**
     * Parses a separator setting: one of {@code ,} {@code ;} {@code \t} (or the word {@code tab})
     * and {@code |}.
     * @param separator the setting
     * @return the character, or -1 if the setting is not one of these
     */
    public static int separatorChar(String separator) {
        if (separator == null) {
            return -1;
        }
        switch (separator) {
            case ",": return ',';
            case ";": return ';';
            case "|": return '|';
            case "\t": case "\\t": case "tab": case "TAB": return '\t';
            default: return -1;
        }
    }

    /**
     * Reads and parses a whole file.
     * @param file the CSV file
     * @param separator the field separator
     * @return the table (it may have no rows)
     * @throws DataException naming the file and line for every kind of malformed file
     */
    public static CsvTable read(Path file, char separator) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file", e);
        } catch (IOException e) {
            throw new DataException(file + ": cannot be read: " + e.getMessage(), e);
        }
        String text = decode(file, bytes);
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        CSVParser parser = new CSVParserBuilder().withSeparator(separator).withQuoteChar('"')
                .withEscapeChar(ICSVParser.NULL_CHARACTER).withIgnoreLeadingWhiteSpace(false).build();
        List<String> columns = null;
        List<Row> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new StringReader(text))) {
            int lineNo = 0;
            int start = 0;
            String[] cells = null;
            for (String line; (line = r.readLine()) != null; ) {
                lineNo++;
                if (!parser.isPending()) {
                    if (line.isEmpty()) {
                        continue;
                    }
                    if (line.isBlank()) {
                        throw new DataException(file + ": line " + lineNo + ": a line of only white space; delete it");
                    }
                    start = lineNo;
                    cells = null;
                }
                String[] part = parser.parseLineMulti(line);
                cells = cells == null ? part : concat(cells, part);
                if (parser.isPending()) {
                    continue;
                }
                for (int c = 0; c < cells.length; c++) {
                    cells[c] = cells[c].strip();
                }
                if (columns == null) {
                    columns = header(file, cells, separator);
                } else {
                    if (cells.length != columns.size()) {
                        throw new DataException(file + ": line " + start + ": " + cells.length + " cells, the header has "
                                + columns.size() + (cells.length == 1 && columns.size() > 1 ? separatorHint(separator) : ""));
                    }
                    rows.add(new Row(start, cells));
                }
            }
            if (parser.isPending()) {
                throw new DataException(file + ": line " + start + ": a quoted field is never closed");
            }
        } catch (IOException e) {
            throw new DataException(file + ": cannot be parsed: " + e.getMessage(), e);
        }
        if (columns == null) {
            throw new DataException(file + ": line 1: empty file, expected a header line");
        }
        return new CsvTable(file, List.copyOf(columns), List.copyOf(rows), Hashing.sha256(bytes));
    }

    private static String separatorHint(char separator) {
        return " (is the separator '" + (separator == '\t' ? "\\t" : String.valueOf(separator)) + "' right? property 'separator')";
    }

    /** opencsv holds back a field that is still open at the end of a line and returns it whole later. */
    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static List<String> header(Path file, String[] cells, char separator) {
        List<String> columns = new ArrayList<>();
        for (int c = 0; c < cells.length; c++) {
            if (cells[c].isEmpty()) {
                throw new DataException(file + ": line 1: column " + (c + 1) + " has no name");
            }
            int again = columns.indexOf(cells[c]);
            if (again >= 0) {
                throw new DataException(file + ": line 1: column '" + cells[c] + "' appears twice (columns "
                        + (again + 1) + " and " + (c + 1) + ")");
            }
            columns.add(cells[c]);
        }
        return columns;
    }

    /** Strict UTF-8: the first byte that is not UTF-8 is reported with its line. */
    private static String decode(Path file, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new DataException(file + ": line " + line + ": byte 0x" + String.format("%02X", bytes[at] & 0xFF)
                    + " is not UTF-8 (save the file as UTF-8)");
        }
        decoder.flush(out);
        out.flip();
        return out.toString();
    }

    /** @return the file */
    public Path file() {
        return file;
    }

    /** @return the SHA-256 of the bytes that were parsed, lower-case hex */
    public String sha256() {
        return sha256;
    }

    /** @return the column names, in file order */
    public List<String> columns() {
        return columns;
    }

    /** @return the data rows, in file order */
    public List<Row> rows() {
        return rows;
    }
}
