package org.occam.bench;

import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.data.csv.CSVLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Loads a benchmark CSV (features, then a {@code label} column) into a Tribuo dataset. */
final class BenchData {
    private BenchData() {}

    /**
     * @param csv the file
     * @param labelColumn the response column
     * @return the dataset
     * @throws IOException if the file cannot be read
     */
    static MutableDataset<Label> load(Path csv, String labelColumn) throws IOException {
        if (!Files.isRegularFile(csv)) {
            throw new IOException("no such file: " + csv);
        }
        CSVLoader<Label> loader = new CSVLoader<>(new LabelFactory());
        return new MutableDataset<>(loader.loadDataSource(csv, labelColumn));
    }

    /** @return the peak resident set size of this process in MiB (VmHWM), or -1 where /proc is missing */
    static double peakRssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /**
     * @param pairs name, default, name, default, …
     * @return the defaults in order
     */
    static Map<String, String> defaults(String... pairs) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    /**
     * Parses {@code --name value} pairs.
     * @param args the arguments
     * @param defaults every allowed name with its default
     * @return name → value
     */
    static Map<String, String> options(String[] args, Map<String, String> defaults) {
        Map<String, String> out = new java.util.LinkedHashMap<>(defaults);
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (name == null || !defaults.containsKey(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown or incomplete argument '" + args[i] + "'; expected --name value with names "
                        + defaults.keySet());
            }
            out.put(name, args[++i]);
        }
        return out;
    }
}
