package org.occam.report;

import org.tribuo.Model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A classifier with two input features evaluated on a regular grid: the predicted class of every
 * cell centre, and the number of connected regions each class forms on the grid (4-neighbour
 * connectivity). A smooth two-class boundary gives two regions; islands and pockets of one class
 * inside the other add regions, so the count measures how fragmented a boundary is.
 * @param featureX the first feature's name
 * @param featureY the second feature's name
 * @param xMin left edge
 * @param xMax right edge
 * @param yMin bottom edge
 * @param yMax top edge
 * @param resolution cells per side
 * @param classes the class labels, sorted
 * @param cells predicted class index of cell (row = y index from the bottom, column = x index)
 */
public record DecisionBoundary(String featureX, String featureY, double xMin, double xMax, double yMin, double yMax,
                               int resolution, List<String> classes, int[][] cells) {

    /** Default cells per side. */
    public static final int RESOLUTION = 120;

    /** Margin around the data, as a fraction of each feature's range. */
    public static final double MARGIN = 0.1;

    /**
     * Evaluates a two-feature classifier on a grid spanning the rows' bounding box plus a margin
     * of {@value #MARGIN} of the range on every side.
     * @param model the classifier
     * @param rows the run's rows (two features)
     * @param resolution cells per side
     * @return the boundary
     */
    public static DecisionBoundary evaluate(Model<?> model, RunRows rows, int resolution) {
        if (rows.features().size() != 2 || !rows.classification()) {
            throw new IllegalArgumentException("a decision boundary needs a classifier with two input features, found "
                    + rows.features().size() + " features");
        }
        double[] lo = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        double[] hi = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (double[] r : rows.x()) {
            // Rows with an infinite or NaN feature have no place on the plot; they do not stretch the grid.
            if (Double.isFinite(r[0]) && Double.isFinite(r[1])) {
                for (int f = 0; f < 2; f++) {
                    lo[f] = Math.min(lo[f], r[f]);
                    hi[f] = Math.max(hi[f], r[f]);
                }
            }
        }
        if (lo[0] > hi[0]) {
            throw new IllegalArgumentException("no row has finite values for both features");
        }
        for (int f = 0; f < 2; f++) {
            double[] range = Charts.span(lo[f], hi[f]);
            double m = 2 * MARGIN * (range[1] / 2 - range[0] / 2);
            lo[f] = range[0] - m;
            hi[f] = range[1] + m;
        }
        double[][] points = new double[resolution * resolution][];
        for (int iy = 0; iy < resolution; iy++) {
            for (int ix = 0; ix < resolution; ix++) {
                points[iy * resolution + ix] = new double[]{centre(lo[0], hi[0], resolution, ix), centre(lo[1], hi[1], resolution, iy)};
            }
        }
        List<String> predicted = RunRows.classify(model, rows.features(), points);
        TreeSet<String> classSet = new TreeSet<>(rows.labels());
        classSet.addAll(predicted);
        List<String> classes = new ArrayList<>(classSet);
        int[][] cells = new int[resolution][resolution];
        for (int iy = 0; iy < resolution; iy++) {
            for (int ix = 0; ix < resolution; ix++) {
                cells[iy][ix] = classes.indexOf(predicted.get(iy * resolution + ix));
            }
        }
        return new DecisionBoundary(rows.features().get(0), rows.features().get(1), lo[0], hi[0], lo[1], hi[1], resolution, classes, cells);
    }

    /**
     * @param lo lower edge
     * @param hi upper edge
     * @param n cells
     * @param i cell index
     * @return the centre of cell i
     */
    public static double centre(double lo, double hi, int n, int i) {
        return lo + (hi / n - lo / n) * (i + 0.5); // hi − lo itself may overflow
    }

    /** @return class label → number of 4-connected regions it forms on the grid */
    public Map<String, Integer> regionsByClass() {
        int n = resolution;
        boolean[][] seen = new boolean[n][n];
        int[] count = new int[classes.size()];
        ArrayDeque<int[]> queue = new ArrayDeque<>();
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                if (seen[y][x]) {
                    continue;
                }
                int c = cells[y][x];
                count[c]++;
                seen[y][x] = true;
                queue.add(new int[]{y, x});
                while (!queue.isEmpty()) {
                    int[] p = queue.poll();
                    int[][] next = {{p[0] + 1, p[1]}, {p[0] - 1, p[1]}, {p[0], p[1] + 1}, {p[0], p[1] - 1}};
                    for (int[] q : next) {
                        if (q[0] >= 0 && q[0] < n && q[1] >= 0 && q[1] < n && !seen[q[0]][q[1]] && cells[q[0]][q[1]] == c) {
                            seen[q[0]][q[1]] = true;
                            queue.add(q);
                        }
                    }
                }
            }
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            out.put(classes.get(c), count[c]);
        }
        return out;
    }

    /** @return the total number of connected regions over all classes */
    public int regions() {
        return regionsByClass().values().stream().mapToInt(Integer::intValue).sum();
    }
}
