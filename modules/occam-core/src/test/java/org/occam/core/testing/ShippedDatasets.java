package org.occam.core.testing;

import org.tribuo.DataSource;
import org.tribuo.Dataset;
import org.tribuo.MutableDataset;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.data.csv.CSVLoader;
import org.tribuo.dataset.DatasetView;
import org.tribuo.transform.TransformationMap;
import org.tribuo.transform.TransformerMap;
import org.tribuo.transform.transformations.MeanStdDevTransformation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Test access to the shipped datasets in the repository's {@code datasets/} folder: Tribuo's
 * {@link CSVLoader}, the fixed test split of {@code datasets/splits/<name>_test_idx.txt}, and
 * feature standardization fitted on the training part only (Tribuo's {@link MeanStdDevTransformation}).
 */
public final class ShippedDatasets {
    private ShippedDatasets() {}

    /**
     * A train / test pair.
     * @param train the training part
     * @param test the test part
     * @param <T> the output type
     */
    public record Split<T extends Output<T>>(Dataset<T> train, Dataset<T> test) {}

    /** @return the repository's datasets folder, found from the module's working directory */
    public static Path datasetsDir() {
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path d = p.resolve("datasets");
            if (Files.isDirectory(d.resolve("splits"))) {
                return d;
            }
        }
        throw new IllegalStateException("no datasets/ folder above " + Paths.get("").toAbsolutePath());
    }

    /**
     * Loads a shipped CSV, splits it by its test-index file and standardizes features with the
     * training statistics.
     * @param name the file name without .csv, e.g. {@code moons_n1000}
     * @param response the response column ({@code label} or {@code target})
     * @param factory the output factory
     * @param <T> the output type
     * @return the standardized split
     */
    public static <T extends Output<T>> Split<T> load(String name, String response, OutputFactory<T> factory) {
        Split<T> raw = loadRaw(name, response, factory);
        // The shipped CSVs are dense (Tribuo's CSVLoader emits zero values), so there are no implicit
        // zeros to count. Asking for them anyway (includeImplicitZeroFeatures = true) hits a Tribuo
        // 4.3.2 defect: MeanStdDevStatistics.observeSparse(0) resets the mean to 0, which turns the
        // transformation into x / std, without centering.
        TransformerMap t = raw.train().createTransformers(new TransformationMap(List.of(new MeanStdDevTransformation())), false);
        return new Split<>(t.transformDataset(raw.train(), true), t.transformDataset(raw.test(), true));
    }

    /**
     * As {@link #load} but without standardization.
     * @param name the file name without .csv
     * @param response the response column
     * @param factory the output factory
     * @param <T> the output type
     * @return the raw split
     */
    public static <T extends Output<T>> Split<T> loadRaw(String name, String response, OutputFactory<T> factory) {
        try {
            Path dir = datasetsDir();
            DataSource<T> source = new CSVLoader<>(factory).loadDataSource(dir.resolve(name + ".csv"), response);
            MutableDataset<T> all = new MutableDataset<>(source);
            Set<Integer> test = new TreeSet<>();
            for (String line : Files.readAllLines(dir.resolve("splits").resolve(name + "_test_idx.txt"))) {
                if (!line.isBlank()) {
                    test.add(Integer.parseInt(line.trim()));
                }
            }
            int[] testIdx = test.stream().mapToInt(Integer::intValue).toArray();
            int[] trainIdx = IntStream.range(0, all.size()).filter(i -> !test.contains(i)).toArray();
            return new Split<>(new DatasetView<>(all, trainIdx, "train"), new DatasetView<>(all, testIdx, "test"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
