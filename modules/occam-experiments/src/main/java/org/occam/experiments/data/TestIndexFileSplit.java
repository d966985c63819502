package org.occam.experiments.data;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * A fixed test set read from a file of 0-based row indices (one per line, header not counted),
 * as {@code datasets/splits/<name>_test_idx.txt}; every other row is training data, of which an
 * optional {@code validationFraction} is held out at random (seeded).
 */
public final class TestIndexFileSplit implements DataSplit {
    @Config(mandatory = true, description = "File of 0-based test row indices, one per line.")
    private String path;

    @Config(description = "Fraction of the non-test rows held out for validation, in [0, 1).")
    private double validationFraction = 0.0;

    @Config(description = "Seed of the validation hold-out.")
    private long seed = 1;

    /** For OLCUT. */
    private TestIndexFileSplit() {}

    /**
     * @param path the index file
     * @param validationFraction validation share of the non-test rows
     * @param seed hold-out seed
     */
    public TestIndexFileSplit(String path, double validationFraction, long seed) {
        this.path = path;
        this.validationFraction = validationFraction;
        this.seed = seed;
        postConfig();
    }

    @Override
    public void postConfig() {
        if (path == null || path.isBlank()) {
            throw new PropertyException("", "path", "expected the path of a test-index file, found " + path);
        }
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new PropertyException("", "validationFraction", "expected validationFraction in [0, 1), found " + validationFraction);
        }
    }

    @Override
    public Partition split(int rows) {
        Path file = BaseDir.resolve(path);
        TreeSet<Integer> test = new TreeSet<>();
        Map<Integer, Integer> lineOf = new HashMap<>();
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                String s = lines.get(i).trim();
                if (s.isEmpty()) {
                    continue;
                }
                int idx;
                try {
                    idx = Integer.parseInt(s);
                } catch (NumberFormatException e) {
                    throw new DataException(file + ": line " + (i + 1) + ": not a row index: '" + s + "'");
                }
                if (idx < 0 || idx >= rows) {
                    throw new DataException(file + ": line " + (i + 1) + ": row index " + idx + " outside the data's 0.." + (rows - 1));
                }
                Integer earlier = lineOf.putIfAbsent(idx, i + 1);
                if (earlier != null) {
                    throw new DataException(file + ": line " + (i + 1) + ": row index " + idx + " appears again (first on line "
                            + earlier + "); every test row must be listed once");
                }
                test.add(idx);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new DataException(file + ": no such test-index file (property 'path' of TestIndexFileSplit)", e);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new DataException(file + ": not a UTF-8 text file of row indices (property 'path' of TestIndexFileSplit)", e);
        } catch (IOException e) {
            throw new DataException(file + ": cannot read the test-index file (property 'path' of TestIndexFileSplit): " + e.getMessage(), e);
        }
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            if (!test.contains(i)) {
                rest.add(i);
            }
        }
        if (test.isEmpty()) {
            throw new DataException(file + ": lists no row index, so the test split would have no rows");
        }
        if (rest.isEmpty()) {
            throw new DataException(file + ": every row is a test row, nothing is left to train on");
        }
        int nValid = (int) Math.round(validationFraction * rest.size());
        if (validationFraction > 0 && nValid == 0) {
            throw new DataException("TestIndexFileSplit: validationFraction=" + validationFraction + " of the " + rest.size()
                    + " non-test rows rounds to no validation rows");
        }
        if (nValid == rest.size()) {
            throw new DataException("TestIndexFileSplit: validationFraction=" + validationFraction + " of the " + rest.size()
                    + " non-test rows leaves no training rows");
        }
        int[][] trainValid = FractionSplit.holdOut(rest, nValid, new SplittableRandom(seed));
        return new Partition(trainValid[0], trainValid[1], test.stream().mapToInt(Integer::intValue).toArray());
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "DataSplit");
    }

    @Override
    public String toString() {
        return "TestIndexFileSplit(path=" + path + ",validationFraction=" + validationFraction + ",seed=" + seed + ")";
    }
}
