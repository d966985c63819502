package org.occam.experiments.data;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.regression.Regressor;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CSV data: loading (see CsvRulesTest for the parser rules), and one message per kind of bad file. */
class CsvDataTest {
    @TempDir
    Path tmp;

    private Path file(String text) throws Exception {
        return Files.writeString(tmp.resolve("data.csv"), text);
    }

    private String error(String text) throws Exception {
        Path f = file(text);
        DataException e = assertThrows(DataException.class, () -> new CsvData(f.toString(), "label", Task.CLASSIFICATION).load());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(f.toString() + ": "), "starts with the file: " + e.getMessage());
        return e.getMessage().substring(f.toString().length() + 2);
    }

    private static String sha256(Path f) throws Exception {
        try (InputStream in = Files.newInputStream(f)) {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
        }
    }

    @Test
    void loadsClassificationRowsInFileOrderWithTheFilesChecksum() throws Exception {
        Path f = file("a,label,b\n1,x0,2\n".replace("x0", "0") + "3,1,4\n\n5,0,6\n");
        LoadedData d = new CsvData(f.toString(), "label", Task.CLASSIFICATION).load();
        assertEquals("data", d.name());
        assertEquals(Task.CLASSIFICATION, d.task());
        assertEquals(sha256(f), d.sha256());
        List<String> labels = new ArrayList<>();
        List<Double> a = new ArrayList<>();
        for (Example<?> e : d.dataset()) {
            labels.add(((Label) e.getOutput()).getLabel());
            a.add(e.lookup("a").getValue());
        }
        assertEquals(List.of("0", "1", "0"), labels, "the response column anywhere, blank lines skipped");
        assertEquals(List.of(1.0, 3.0, 5.0), a);
        assertEquals(2, d.dataset().getFeatureMap().size());
    }

    @Test
    void loadsRegressionTargets() throws Exception {
        Path f = Files.writeString(tmp.resolve("reg.csv"), "x,target\n1,0.5\n2,-1.25\n");
        LoadedData d = new CsvData(f.toString(), "target", Task.REGRESSION).load();
        MutableDataset<?> ds = d.dataset();
        List<Double> y = new ArrayList<>();
        for (Example<?> e : ds) {
            y.add(((Regressor) e.getOutput()).getValues()[0]);
        }
        assertEquals(List.of(0.5, -1.25), y);
    }

    @Test
    void relativePathsResolveAgainstTheBaseDirectory() throws Exception {
        LoadedData d = new CsvData("datasets/iris.csv", "label", Task.CLASSIFICATION).load();
        assertEquals(150, d.dataset().size());
        assertEquals(sha256(BaseDir.resolve("datasets/iris.csv")), d.sha256());
    }

    @Test
    void raggedRow() throws Exception {
        assertEquals("line 3: 2 cells, the header has 3", error("x1,x2,label\n1,2,0\n3,4\n"));
        assertEquals("line 2: 4 cells, the header has 3", error("x1,x2,label\n1,2,0,9\n"));
    }

    @Test
    void nonNumericCell() throws Exception {
        assertEquals("line 2, column 'x2': not a number: 'abc'", error("x1,x2,label\n1,abc,0\n"));
        // an empty cell is a missing value now (CsvRulesTest), no longer "not a number"
        assertEquals("line 2, column 'x1': not a number: 'NA'", error("x1,x2,label\nNA,2,0\n"));
    }

    @Test
    void nanAndInfinity() throws Exception {
        assertEquals("line 2, column 'x1': NaN is not a finite number", error("x1,x2,label\nNaN,2,0\n"));
        assertEquals("line 2, column 'x2': Infinity is not a finite number", error("x1,x2,label\n1,Infinity,0\n"));
        assertEquals("line 2, column 'x2': -Infinity is not a finite number", error("x1,x2,label\n1,-Infinity,0\n"));
        assertEquals("line 2, column 'x2': 1e999 is not a finite number", error("x1,x2,label\n1,1e999,0\n"));
    }

    @Test
    void missingResponseColumn() throws Exception {
        assertEquals("line 1: no column named 'label' (property 'responseColumn'); columns are [x1, x2, y]",
                error("x1,x2,y\n1,2,0\n"));
    }

    @Test
    void noRowsOrNoHeader() throws Exception {
        assertEquals("no data rows after the header", error("x1,x2,label\n"));
        assertEquals("no data rows after the header", error("x1,x2,label\n\n\n"));
        assertEquals("line 1: empty file, expected a header line", error(""));
    }

    @Test
    void badHeaders() throws Exception {
        assertEquals("line 1: column 'x' appears twice (columns 1 and 3)", error("x,y,x,label\n1,2,3,0\n"));
        assertEquals("line 1: column 3 has no name", error("x1,x2,,label\n1,2,3,0\n"));
        assertEquals("line 1: no feature columns, only the response column 'label'", error("label\n0\n1\n"));
    }

    @Test
    void missingFileNamesTheProperty() {
        Path missing = tmp.resolve("absent.csv");
        DataException e = assertThrows(DataException.class, () -> new CsvData(missing.toString(), "label", Task.CLASSIFICATION).load());
        assertEquals(missing + ": no such file (property 'path' of CsvData)", e.getMessage());
    }

    @Test
    void invalidPropertiesAreRejected() {
        assertEquals("path", assertThrows(PropertyException.class, () -> new CsvData(null, "label", Task.CLASSIFICATION)).getProperty());
        assertEquals("path", assertThrows(PropertyException.class, () -> new CsvData(" ", "label", Task.CLASSIFICATION)).getProperty());
        assertEquals("responseColumn", assertThrows(PropertyException.class, () -> new CsvData("a.csv", "", Task.CLASSIFICATION)).getProperty());
        assertEquals("task", assertThrows(PropertyException.class, () -> new CsvData("a.csv", "label", null)).getProperty());
    }

    @Test
    void configRoundTrip() {
        DataConfigs.roundTrip(new CsvData("datasets/iris.csv", "label", Task.CLASSIFICATION));
        DataConfigs.roundTrip(new CsvData("/abs/diabetes.csv", "target", Task.REGRESSION));
    }
}
