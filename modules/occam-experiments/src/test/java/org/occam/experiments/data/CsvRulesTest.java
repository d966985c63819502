package org.occam.experiments.data;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.classification.Label;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CSV rules (README "CSV rules"): a real parser (quotes, separators, BOM, CRLF), text and
 * numeric class labels, the missing-value policy, and one line naming file and line for each
 * malformed file.
 */
class CsvRulesTest {
    @TempDir
    Path tmp;

    private Path file(String name, String text) throws Exception {
        return Files.writeString(tmp.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static CsvData csv(Path f, String separator, MissingValues policy, List<String> tokens) {
        return new CsvData(f.toString(), "label", Task.CLASSIFICATION, separator, policy, tokens);
    }

    private static String error(CsvData data, Path f) {
        DataException e = assertThrows(DataException.class, data::load);
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(f + ": "), "starts with the file: " + e.getMessage());
        return e.getMessage().substring(f.toString().length() + 2);
    }

    private static List<String> labels(LoadedData d) {
        List<String> out = new ArrayList<>();
        for (Example<?> e : d.dataset()) {
            out.add(((Label) e.getOutput()).getLabel());
        }
        return out;
    }

    private static Set<String> features(LoadedData d) {
        Set<String> out = new TreeSet<>();
        d.dataset().getFeatureMap().forEach(f -> out.add(f.getName()));
        return out;
    }

    private static double value(Example<?> e, String feature) {
        Feature f = e.lookup(feature);
        return f == null ? Double.NaN : f.getValue();
    }

    @Test
    void quotedHeadersQuotedFieldsAndTextLabels() throws Exception {
        Path f = file("q.csv", "\"x1\",\"x 2\",\"label\"\n\"1.5\",2,\"setosa\"\n3,\"4\",spam\n5,6,\"a, b\"\n7,8,\"say \"\"hi\"\"\"\n");
        LoadedData d = csv(f, ",", MissingValues.ERROR, List.of()).load();
        assertEquals(Set.of("x1", "x 2"), features(d));
        assertEquals(List.of("setosa", "spam", "a, b", "say \"hi\""), labels(d));
        assertEquals(1.5, value(d.dataset().getExample(0), "x1"));
        assertEquals(4.0, value(d.dataset().getExample(1), "x 2"));
    }

    @Test
    void aQuotedFieldMaySpanLinesAndRowsKeepTheirStartingLine() throws Exception {
        Path f = file("multi.csv", "x1,x2,label\n1,2,\"two\nlines\"\n3,x,b\n");
        assertEquals("line 4, column 'x2': not a number: 'x'", error(csv(f, ",", MissingValues.ERROR, List.of()), f));
        Path g = file("open.csv", "x1,x2,label\n1,2,\"never closed\n3,4,b\n");
        assertEquals("line 2: a quoted field is never closed", error(csv(g, ",", MissingValues.ERROR, List.of()), g));
    }

    @Test
    void semicolonTabAndPipeSeparators() throws Exception {
        Path semi = file("semi.csv", "x1;x2;label\n1,5;2;0\n3;4;1\n".replace("1,5", "1.5"));
        LoadedData d = csv(semi, ";", MissingValues.ERROR, List.of()).load();
        assertEquals(Set.of("x1", "x2"), features(d));
        assertEquals(1.5, value(d.dataset().getExample(0), "x1"));
        Path tab = file("tab.tsv", "x1\tx2\tlabel\n1\t2\t0\n3\t4\t1\n");
        assertEquals(2, csv(tab, "\t", MissingValues.ERROR, List.of()).load().dataset().size());
        assertEquals(2, csv(tab, "tab", MissingValues.ERROR, List.of()).load().dataset().size());
        Path pipe = file("pipe.csv", "x1|x2|label\n1|2|0\n");
        assertEquals(1, csv(pipe, "|", MissingValues.ERROR, List.of()).load().dataset().size());
        String wrong = error(csv(semi, ",", MissingValues.ERROR, List.of()), semi);
        assertTrue(wrong.startsWith("line 1: no column named 'label'") && wrong.contains("'separator'"), wrong);
    }

    @Test
    void byteOrderMarkCrlfAndTrailingBlankLines() throws Exception {
        Path f = file("bom.csv", "\uFEFFx1,x2,label\r\n1,2,0\r\n3,4,1\r\n\r\n\r\n");
        LoadedData d = csv(f, ",", MissingValues.ERROR, List.of()).load();
        assertEquals(Set.of("x1", "x2"), features(d), "the BOM is not part of the first column's name");
        assertEquals(List.of("0", "1"), labels(d), "no carriage return in the last cell");
        assertEquals(1.0, value(d.dataset().getExample(0), "x1"));
        assertEquals(2, d.dataset().size());
    }

    @Test
    void numericLabelsAreOneClassPerNumberAndTheMergedSpellingsAreRecorded() throws Exception {
        Path f = file("num.csv", "x,label\n1,1\n2,1.0\n3,01\n4,1e0\n5,0\n6,0.0\n7,+1\n8,2.50\n");
        LoadedData d = csv(f, ",", MissingValues.ERROR, List.of()).load();
        assertEquals(List.of("1", "1", "1", "1", "0", "0", "1", "2.5"), labels(d));
        assertEquals(3, d.dataset().getOutputInfo().size());
        assertEquals(Map.of("1.0", "1", "01", "1", "1e0", "1", "0.0", "0", "+1", "1", "2.50", "2.5"), d.preparation().labelSpellings());
    }

    @Test
    void canonicalLabelSpellings() {
        assertEquals("1", CsvData.canonicalLabel("1.000"));
        assertEquals("0.5", CsvData.canonicalLabel(".5"));
        assertEquals("0", CsvData.canonicalLabel("-0.0"));
        assertEquals("-3", CsvData.canonicalLabel("-3e0"));
        assertEquals("100", CsvData.canonicalLabel("1e2"));
        assertEquals("0.01", CsvData.canonicalLabel("1e-2"));
        assertEquals("setosa", CsvData.canonicalLabel("setosa"));
        assertEquals("1a", CsvData.canonicalLabel("1a"));
        assertEquals("0x10", CsvData.canonicalLabel("0x10"), "hexadecimal is text, not a number");
    }

    @Test
    void anEmptyCellIsAnErrorByDefaultAndNaIsOnlyMissingWhenDeclared() throws Exception {
        Path f = file("gap.csv", "x1,x2,label\n1,2,0\n3,,1\n");
        assertEquals("line 3, column 'x2': missing value (an empty cell); set property 'missingValues' to DROP_ROWS or MEAN_IMPUTE"
                + " to accept missing values", error(csv(f, ",", MissingValues.ERROR, List.of()), f));
        Path na = file("na.csv", "x1,x2,label\n1,2,0\n3,NA,1\n");
        assertEquals("line 3, column 'x2': not a number: 'NA'", error(csv(na, ",", MissingValues.ERROR, List.of()), na));
        assertTrue(error(csv(na, ",", MissingValues.ERROR, List.of("NA")), na).startsWith("line 3, column 'x2': missing value ('NA')"));
        Path nan = file("nan.csv", "x1,x2,label\n1,2,0\n3,NaN,1\n");
        assertEquals("line 3, column 'x2': NaN is not a finite number", error(csv(nan, ",", MissingValues.ERROR, List.of()), nan));
        assertEquals(1, csv(nan, ",", MissingValues.DROP_ROWS, List.of("NaN")).load().dataset().size());
        Path sentinel = file("sentinel.csv", "x1,x2,label\n1,2,0\n3,-999,1\n");
        assertEquals(1, csv(sentinel, ",", MissingValues.DROP_ROWS, List.of("-999")).load().dataset().size(), "a declared numeric sentinel");
    }

    @Test
    void dropRowsLeavesOutEveryRowWithAMissingCellAndRecordsTheLines() throws Exception {
        Path f = file("drop.csv", "x1,x2,label\n1,2,0\n3,,1\n5,6,\n7,8,1\n");
        LoadedData d = csv(f, ",", MissingValues.DROP_ROWS, List.of()).load();
        assertEquals(2, d.dataset().size());
        assertEquals(List.of("0", "1"), labels(d));
        assertEquals(7.0, value(d.dataset().getExample(1), "x1"));
        assertEquals(List.of(3, 4), d.preparation().droppedLines());
        Path all = file("all.csv", "x1,x2,label\n1,,0\n");
        assertTrue(error(csv(all, ",", MissingValues.DROP_ROWS, List.of()), all).contains("DROP_ROWS left none"));
    }

    @Test
    void meanImputeLoadsRowsWithoutTheMissingFeaturesAndRemembersThem() throws Exception {
        Path f = file("impute.csv", "x1,x2,label\n1,2,0\n3,,1\n,6,0\n7,8,1\n");
        LoadedData d = csv(f, ",", MissingValues.MEAN_IMPUTE, List.of()).load();
        assertEquals(4, d.dataset().size());
        assertEquals(Map.of(1, List.of("x2"), 2, List.of("x1")), d.preparation().missingCells());
        assertTrue(Double.isNaN(value(d.dataset().getExample(1), "x2")), "left for the runner to fill with the training mean");
        Path label = file("nolabel.csv", "x1,x2,label\n1,2,0\n3,4,\n");
        assertTrue(error(csv(label, ",", MissingValues.MEAN_IMPUTE, List.of()), label)
                .startsWith("line 3, column 'label': missing response (an empty cell); a response cannot be imputed"));
    }

    @Test
    void whiteSpaceLinesAndNonUtf8BytesNameTheLine() throws Exception {
        Path f = file("ws.csv", "x1,x2,label\n1,2,0\n   \n3,4,1\n");
        assertEquals("line 3: a line of only white space; delete it", error(csv(f, ",", MissingValues.ERROR, List.of()), f));
        Path latin = tmp.resolve("latin1.csv");
        byte[] head = "x1,x2,label\n1,2,0\n3,4,".getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[head.length + 3];
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[head.length] = (byte) 0xE9; // é in ISO-8859-1
        bytes[head.length + 1] = 't';
        bytes[head.length + 2] = '\n';
        Files.write(latin, bytes);
        assertEquals("line 3: byte 0xE9 is not UTF-8 (save the file as UTF-8)", error(csv(latin, ",", MissingValues.ERROR, List.of()), latin));
    }

    @Test
    void quotedHeaderRepeatsAreStillFound() throws Exception {
        Path f = file("dup.csv", "\"x\",x,label\n1,2,0\n");
        assertEquals("line 1: column 'x' appears twice (columns 1 and 2)", error(csv(f, ",", MissingValues.ERROR, List.of()), f));
    }

    @Test
    void theShippedFilesLoadAsTribuosCsvLoaderLoadsThem() throws Exception {
        for (String[] spec : new String[][]{{"iris", "label", "CLASSIFICATION"}, {"diabetes", "target", "REGRESSION"}}) {
            Task task = Task.valueOf(spec[2]);
            LoadedData d = new CsvData("datasets/" + spec[0] + ".csv", spec[1], task).load();
            org.tribuo.OutputFactory<?> factory = task == Task.CLASSIFICATION
                    ? new org.tribuo.classification.LabelFactory() : new org.tribuo.regression.RegressionFactory();
            org.tribuo.MutableDataset<?> tribuo = new org.tribuo.data.csv.CSVLoader<>(factory)
                    .load(BaseDir.resolve("datasets/" + spec[0] + ".csv"), spec[1]);
            assertEquals(tribuo.size(), d.dataset().size());
            for (int i = 0; i < tribuo.size(); i++) {
                Example<?> a = tribuo.getExample(i);
                Example<?> b = d.dataset().getExample(i);
                if (task == Task.REGRESSION) {
                    // Tribuo names a single response DIM-0; Occam names it after the response column.
                    assertEquals(new org.tribuo.regression.Regressor(spec[1], ((org.tribuo.regression.Regressor) a.getOutput()).getValues()[0]),
                            b.getOutput(), spec[0] + " row " + i);
                } else {
                    assertEquals(a.getOutput(), b.getOutput(), spec[0] + " row " + i);
                }
                assertEquals(a.size(), b.size());
                double[] va = new double[a.size()];
                double[] vb = new double[b.size()];
                int k = 0;
                for (Feature x : a) {
                    va[k] = x.getValue();
                    vb[k++] = value(b, x.getName());
                }
                assertArrayEquals(va, vb, spec[0] + " row " + i);
            }
        }
    }

    @Test
    void mutatedFilesLoadOrFailWithOneLineNamingTheFile() throws Exception {
        byte[] base = ("\"x1\",x2,label\r\n1.5,2,setosa\r\n3,\"4\",1\r\n5,6,\"a, b\"\r\n7,8,1.0\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] alphabet = ",;\"\r\n \t0.-eNa\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        java.util.SplittableRandom rng = new java.util.SplittableRandom(20261202L);
        Path f = tmp.resolve("mutant.csv");
        int loaded = 0;
        for (int m = 0; m < 400; m++) {
            byte[] b = base.clone();
            int edits = 1 + rng.nextInt(3);
            for (int k = 0; k < edits; k++) {
                int at = rng.nextInt(b.length);
                switch (rng.nextInt(3)) {
                    case 0 -> b[at] = alphabet[rng.nextInt(alphabet.length)];
                    case 1 -> b = java.util.Arrays.copyOf(b, Math.max(1, at));
                    default -> {
                        byte[] c = new byte[b.length - 1];
                        System.arraycopy(b, 0, c, 0, at);
                        System.arraycopy(b, at + 1, c, at, b.length - at - 1);
                        b = c.length == 0 ? new byte[]{','} : c;
                    }
                }
            }
            Files.write(f, b);
            for (MissingValues policy : MissingValues.values()) {
                try {
                    csv(f, ",", policy, List.of()).load();
                    loaded++;
                } catch (DataException e) {
                    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
                    assertTrue(e.getMessage().startsWith(f + ": "), "names the file: " + e.getMessage());
                }
            }
        }
        assertTrue(loaded > 0, "some mutants are still valid files");
    }

    @Test
    void newPropertiesAreValidatedAndRoundTrip() {
        assertEquals("separator", assertThrows(PropertyException.class,
                () -> new CsvData("a.csv", "label", Task.CLASSIFICATION, ":", MissingValues.ERROR, List.of())).getProperty());
        assertEquals("missingValues", assertThrows(PropertyException.class,
                () -> new CsvData("a.csv", "label", Task.CLASSIFICATION, ",", null, List.of())).getProperty());
        assertEquals("missingTokens", assertThrows(PropertyException.class,
                () -> new CsvData("a.csv", "label", Task.CLASSIFICATION, ",", MissingValues.ERROR, List.of(""))).getProperty());
        assertEquals("missingTokens", assertThrows(PropertyException.class,
                () -> new CsvData("a.csv", "label", Task.CLASSIFICATION, ",", MissingValues.ERROR, List.of(" NA"))).getProperty());
        DataConfigs.roundTrip(new CsvData("datasets/iris.csv", "label", Task.CLASSIFICATION, ";", MissingValues.MEAN_IMPUTE, List.of("NA", "?")));
        DataConfigs.roundTrip(new CsvData("datasets/iris.csv", "label", Task.CLASSIFICATION, "\t", MissingValues.DROP_ROWS, List.of()));
    }
}
