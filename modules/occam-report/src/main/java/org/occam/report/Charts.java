package org.occam.report;

import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The report plots, drawn with XChart and encoded as PNG: line charts (learning and metric
 * curves, metrics against λ with error bars), weight histograms and box plots, decision
 * boundaries, confusion matrices and regression scatter plots. One look for all of them.
 */
public final class Charts {
    /** Series colours (Tableau 10), also the class colours of decision boundaries. */
    public static final Color[] PALETTE = {
            new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
            new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
            new Color(188, 189, 34), new Color(23, 190, 207)};

    /** A dashed stroke, for test-split and validation curves. */
    public static final BasicStroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{6f, 4f}, 0f);
    /** A solid stroke. */
    public static final BasicStroke SOLID = new BasicStroke(2f);

    private Charts() {}

    /**
     * @param title the title
     * @param xTitle x axis title
     * @param yTitle y axis title
     * @param width pixels
     * @param height pixels
     * @return an empty XY chart with the report style
     */
    public static XYChart xy(String title, String xTitle, String yTitle, int width, int height) {
        XYChart c = new XYChart(width, height);
        c.setTitle(title);
        c.setXAxisTitle(xTitle);
        c.setYAxisTitle(yTitle);
        style(c.getStyler());
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        c.getStyler().setMarkerSize(5);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        c.getStyler().setErrorBarsColorSeriesColor(true);
        return c;
    }

    private static void style(org.knowm.xchart.style.AxesChartStyler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(new Color(200, 200, 200));
        s.setPlotGridLinesColor(new Color(230, 230, 230));
        s.setLegendBorderColor(new Color(210, 210, 210));
        s.setChartTitleBoxVisible(false);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setAntiAlias(true);
        s.setDecimalPattern("#,##0.####");
    }

    /**
     * Adds a line series (non-finite points dropped; a series of one point is drawn as a dot).
     * @param c the chart
     * @param name legend name
     * @param x x values
     * @param y y values
     * @param color colour
     * @param stroke stroke
     * @return the series, or null when no point is finite
     */
    public static XYSeries line(XYChart c, String name, double[] x, double[] y, Color color, BasicStroke stroke) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                xs.add(x[i]);
                ys.add(y[i]);
            }
        }
        if (xs.isEmpty()) {
            return null;
        }
        XYSeries s = c.addSeries(name, xs, ys);
        s.setLineColor(color);
        s.setLineStyle(stroke);
        // A line through one point is invisible: a single point (a one-epoch run) gets a marker.
        s.setMarker(xs.size() == 1 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        s.setMarkerColor(color);
        return s;
    }

    /** Up to this many epochs, every epoch gets its tick. */
    static final int EVERY_EPOCH_TICKED = 10;

    /**
     * Makes the x axis of a chart drawn against epochs tick at round numbers. XChart ticks an axis
     * whose values are equally spaced at every k-th value from the first (epochs 1, 11, 21, …);
     * other axes at multiples of a 1-2-5 step (20, 40, 60, …). Up to {@value #EVERY_EPOCH_TICKED}
     * epochs the first is right (every epoch gets a tick); beyond, an invisible point half an epoch
     * after the first breaks the equal spacing, so the axis ticks at multiples of the step. Call it
     * after adding the series; a chart without series is left alone.
     * @param c the chart
     * @param epochs the epoch numbers drawn
     */
    public static void epochAxis(XYChart c, double[] epochs) {
        double first = Arrays.stream(epochs).filter(Double::isFinite).min().orElse(Double.NaN);
        double last = Arrays.stream(epochs).filter(Double::isFinite).max().orElse(Double.NaN);
        if (c.getSeriesMap().isEmpty() || Double.isNaN(first)) {
            return;
        }
        if (last == first) {
            // One epoch: a single centred tick, with room on both sides.
            c.getStyler().setXAxisMin(first - 1);
            c.getStyler().setXAxisMax(first + 1);
            return;
        }
        if (last - first < EVERY_EPOCH_TICKED) {
            return;
        }
        roundXTicks(c, first, last, first + 0.5);
    }

    /**
     * Makes XChart tick an x axis at multiples of a 1-2-5 step instead of at every k-th data value
     * (what it does when the values are equally spaced, as epochs and histogram bins are): an
     * invisible point at a position off the data's spacing breaks the equal spacing.
     * @param c the chart (with its series added)
     * @param lo left end of the axis
     * @param hi right end of the axis
     * @param offGrid a position in [lo, hi] that is not on the data's regular spacing
     */
    static void roundXTicks(XYChart c, double lo, double hi, double offGrid) {
        XYSeries spacer = c.addSeries(" axis spacer", new double[]{offGrid}, new double[]{Double.NaN});
        spacer.setShowInLegend(false);
        spacer.setMarker(SeriesMarkers.NONE);
        spacer.setLineColor(new Color(0, 0, 0, 0));
        c.getStyler().setXAxisMin(lo);
        c.getStyler().setXAxisMax(hi);
    }

    /**
     * Adds a scatter series (non-finite points dropped).
     * @param c the chart
     * @param name legend name
     * @param x x values
     * @param y y values
     * @param color fill colour
     * @param marker marker shape
     * @return the series
     */
    public static XYSeries scatter(XYChart c, String name, double[] x, double[] y, Color color, Marker marker) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            // Non-finite points cannot be placed (and would make XChart's axis range infinite).
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                xs.add(x[i]);
                ys.add(y[i]);
            }
        }
        if (xs.isEmpty()) {
            xs.add(Double.NaN);
            ys.add(Double.NaN);
        }
        XYSeries s = c.addSeries(name, xs, ys);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(marker);
        s.setMarkerColor(color);
        return s;
    }

    /**
     * A vertical marker line from the bottom to the top of a y range.
     * @param c the chart
     * @param name legend name
     * @param x position
     * @param yLow bottom
     * @param yHigh top
     * @param color colour
     */
    public static void vertical(XYChart c, String name, double x, double yLow, double yHigh, Color color) {
        if (!Double.isFinite(x) || !Double.isFinite(yLow) || !Double.isFinite(yHigh)) {
            return;
        }
        XYSeries s = c.addSeries(name, new double[]{x, x}, new double[]{yLow, yHigh});
        s.setLineColor(color);
        s.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{2f, 3f}, 0f));
        s.setMarker(SeriesMarkers.NONE);
    }

    /**
     * A histogram of a weight matrix's entries as a step area, with the share of entries per bin.
     * @param w the weights
     * @param title the title
     * @param bins number of bins
     * @param color colour
     * @return the chart
     */
    public static XYChart histogram(WeightSummary w, String title, int bins, Color color) {
        XYChart c = xy(title, "weight value", "share of weights", 460, 300);
        c.getStyler().setLegendVisible(false);
        double[] finite = Arrays.stream(w.values()).filter(Double::isFinite).toArray();
        if (finite.length == 0) {
            throw new IllegalArgumentException(w.tensor() + " has no finite weight");
        }
        double[] range = span(Arrays.stream(finite).min().getAsDouble(), Arrays.stream(finite).max().getAsDouble());
        double lo = range[0];
        // Bin edges are lo + b·(hi/bins − lo/bins), which cannot overflow even when hi − lo would.
        double width = range[1] / bins - range[0] / bins;
        double[] x = new double[bins];
        double[] y = new double[bins];
        for (int b = 0; b < bins; b++) {
            x[b] = lo + (b + 0.5) * width;
        }
        for (double v : finite) {
            int b = (int) Math.max(0, Math.min(bins - 1, Math.floor((v / bins - lo / bins) / width * bins)));
            y[b] += 1.0 / finite.length;
        }
        XYSeries s = c.addSeries("weights", x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.StepArea);
        s.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 150));
        s.setLineColor(color);
        s.setMarker(SeriesMarkers.NONE);
        roundXTicks(c, lo, lo + bins * width, lo + 0.37 * width);
        return c;
    }

    /** The largest magnitude an axis reaches. */
    static final double DRAWABLE = 1e300;

    /**
     * A drawable range around [lo, hi]: an empty range (all values equal, e.g. a layer of zeros)
     * is widened to ±max(1, |lo|)·0.5 around the value, and the ends are kept within
     * ±{@value #DRAWABLE} (XChart's axis arithmetic overflows near {@link Double#MAX_VALUE};
     * values beyond are drawn at the edge).
     * @param lo smallest value (finite)
     * @param hi largest value (finite)
     * @return {lower, upper}
     */
    static double[] span(double lo, double hi) {
        double limit = DRAWABLE;
        lo = Math.max(-limit, Math.min(limit, lo));
        hi = Math.max(-limit, Math.min(limit, hi));
        if (!(hi > lo)) {
            double half = 0.5 * Math.max(1.0, Math.abs(lo));
            return new double[]{Math.max(-limit, lo - half), Math.min(limit, hi + half)};
        }
        return new double[]{lo, hi};
    }

    /**
     * Box plots drawn from exact statistics: the box spans the quartiles, the bar is the median,
     * the whiskers reach the minimum and the maximum, the diamond is the mean.
     * @param title the title
     * @param yTitle y axis title
     * @param labels one label per box
     * @param boxes the statistics, one per box
     * @param colors one colour per box
     * @param width pixels
     * @return the chart
     */
    public static XYChart boxPlot(String title, String yTitle, List<String> labels, List<WeightSummary> boxes, List<Color> colors, int width) {
        XYChart c = xy(title, "", yTitle, width, 380);
        c.getStyler().setLegendVisible(false);
        c.getStyler().setXAxisMin(-0.6);
        c.getStyler().setXAxisMax(boxes.size() - 0.4);
        c.getStyler().setXAxisTicksVisible(false);
        double lo = boxes.stream().mapToDouble(WeightSummary::min).filter(Double::isFinite).min().orElse(0);
        double hi = boxes.stream().mapToDouble(WeightSummary::max).filter(Double::isFinite).max().orElse(1);
        double[] range = span(lo, hi);
        double pad = range[1] / 2 - range[0] / 2;
        c.getStyler().setYAxisMin(range[0] - 0.28 * pad);
        c.getStyler().setYAxisMax(range[1] + 0.1 * pad);
        c.getStyler().setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        c.getStyler().setAnnotationTextFontColor(Color.DARK_GRAY);
        for (int i = 0; i < labels.size(); i++) {
            // Box labels inside the plot, under the lowest whisker (XChart's x axis has no categories).
            c.addAnnotation(new AnnotationText(labels.get(i), i, range[0] - 0.16 * pad, false));
        }
        for (int i = 0; i < boxes.size(); i++) {
            WeightSummary b = boxes.get(i);
            Color col = colors.get(i % colors.size());
            double h = 0.3;
            XYSeries box = c.addSeries("box " + i, new double[]{i - h, i + h, i + h, i - h, i - h},
                    new double[]{b.q1(), b.q1(), b.q3(), b.q3(), b.q1()});
            box.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            box.setFillColor(new Color(col.getRed(), col.getGreen(), col.getBlue(), 90));
            box.setLineColor(col);
            box.setLineStyle(new BasicStroke(1.5f));
            box.setMarker(SeriesMarkers.NONE);
            XYSeries median = c.addSeries("median " + i, new double[]{i - h, i + h}, new double[]{b.median(), b.median()});
            median.setLineColor(Color.BLACK);
            median.setLineStyle(SOLID);
            median.setMarker(SeriesMarkers.NONE);
            // Series names must be unique: named by box and end, never by value (a layer of zeros has min = q3).
            String[] ends = {"lower whisker " + i, "upper whisker " + i};
            double[][] segments = {{b.min(), b.q1()}, {b.q3(), b.max()}};
            for (int k = 0; k < 2; k++) {
                XYSeries whisker = c.addSeries(ends[k], new double[]{i, i}, segments[k]);
                whisker.setLineColor(col);
                whisker.setLineStyle(new BasicStroke(1.2f));
                whisker.setMarker(SeriesMarkers.NONE);
            }
            XYSeries minMax = c.addSeries("min/max " + i, new double[]{i - h / 2, i + h / 2, Double.NaN, i - h / 2, i + h / 2},
                    new double[]{b.min(), b.min(), Double.NaN, b.max(), b.max()});
            minMax.setLineColor(col);
            minMax.setLineStyle(new BasicStroke(1.2f));
            minMax.setMarker(SeriesMarkers.NONE);
            XYSeries mean = c.addSeries("mean " + i, new double[]{i}, new double[]{b.mean()});
            mean.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            mean.setMarker(SeriesMarkers.DIAMOND);
            mean.setMarkerColor(Color.BLACK);
        }
        return c;
    }

    /**
     * A decision boundary: every grid cell as a pale square of its predicted class, then the
     * training rows (circles) and the test rows (diamonds with a dark edge) in their true class.
     * @param b the evaluated boundary
     * @param rows the run's rows
     * @param title the title
     * @param width pixels
     * @param height pixels
     * @param legend whether to show the legend
     * @return the chart
     */
    public static XYChart decisionBoundary(DecisionBoundary b, RunRows rows, String title, int width, int height, boolean legend) {
        XYChart c = xy(title, b.featureX(), b.featureY(), width, height);
        c.getStyler().setXAxisMin(b.xMin());
        c.getStyler().setXAxisMax(b.xMax());
        c.getStyler().setYAxisMin(b.yMin());
        c.getStyler().setYAxisMax(b.yMax());
        c.getStyler().setLegendVisible(legend);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        c.getStyler().setPlotGridLinesVisible(false);
        int n = b.resolution();
        // Cell size in pixels, so the squares tile the plot area (which is about 85% of the chart).
        int cell = (int) Math.ceil(Math.max(width * 0.85 / n, height * 0.75 / n)) + 1;
        for (int k = 0; k < b.classes().size(); k++) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int iy = 0; iy < n; iy++) {
                for (int ix = 0; ix < n; ix++) {
                    if (b.cells()[iy][ix] == k) {
                        xs.add(DecisionBoundary.centre(b.xMin(), b.xMax(), n, ix));
                        ys.add(DecisionBoundary.centre(b.yMin(), b.yMax(), n, iy));
                    }
                }
            }
            if (xs.isEmpty()) {
                continue;
            }
            XYSeries s = c.addSeries("predicted " + b.classes().get(k), xs, ys);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.SQUARE);
            s.setMarkerColor(pale(PALETTE[k % PALETTE.length]));
        }
        c.getStyler().setMarkerSize(cell);
        // XChart has one marker size per chart; data points are drawn as separate small series on top.
        addPoints(c, b, rows, rows.partition().train(), "train", SeriesMarkers.CIRCLE);
        addPoints(c, b, rows, rows.partition().test(), "test", SeriesMarkers.DIAMOND);
        return c;
    }

    private static void addPoints(XYChart c, DecisionBoundary b, RunRows rows, int[] which, String split, Marker marker) {
        for (int k = 0; k < b.classes().size(); k++) {
            String label = b.classes().get(k);
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int r : which) {
                if (rows.labels().get(r).equals(label) && Double.isFinite(rows.x()[r][0]) && Double.isFinite(rows.x()[r][1])) {
                    xs.add(rows.x()[r][0]);
                    ys.add(rows.x()[r][1]);
                }
            }
            if (xs.isEmpty()) {
                continue;
            }
            XYSeries s = c.addSeries(split + " " + label, xs, ys);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(new ScaledMarker(marker, split.equals("test") ? 9 : 7, split.equals("test")));
            Color col = PALETTE[k % PALETTE.length];
            s.setMarkerColor(split.equals("test") ? col.darker() : col);
        }
    }

    /** @return a light, opaque tint of a colour */
    static Color pale(Color c) {
        return new Color(255 - (255 - c.getRed()) * 35 / 100, 255 - (255 - c.getGreen()) * 35 / 100, 255 - (255 - c.getBlue()) * 35 / 100);
    }

    /**
     * A confusion matrix as a heat map with the counts written in the cells.
     * @param title the title
     * @param labels class labels
     * @param matrix rows = true class, columns = predicted class
     * @return the chart
     */
    public static HeatMapChart confusion(String title, List<String> labels, double[][] matrix) {
        int size = Math.max(320, 90 * labels.size() + 160);
        // The builder applies XChart's theme (fonts, paddings, axis settings); HeatMapChart(width,
        // height) leaves them unset and paints a blank square with every count at its centre.
        HeatMapChart c = new HeatMapChartBuilder().width(size).height(size - 40).title(title)
                .xAxisTitle("predicted class").yAxisTitle("true class").build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setChartTitleBoxVisible(false);
        c.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        c.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        c.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        c.getStyler().setPlotBorderVisible(false);
        c.getStyler().setShowValue(true);
        c.getStyler().setHeatMapValueDecimalPattern("#0");
        c.getStyler().setLegendVisible(false);
        c.getStyler().setRangeColors(CONFUSION_COLORS);
        c.getStyler().setValueFontColor(Color.BLACK);
        c.getStyler().setValueFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        List<Number[]> cells = new ArrayList<>();
        int n = labels.size();
        double max = 0;
        for (int t = 0; t < n; t++) {
            for (int p = 0; p < n; p++) {
                // HeatMapChart's y index grows upwards: put the first true class on top.
                cells.add(new Number[]{p, n - 1 - t, matrix[t][p]});
                max = Math.max(max, matrix[t][p]);
            }
        }
        // Colour from 0 (white) to the largest count; a matrix of zeros stays white.
        c.getStyler().setMin(0);
        c.getStyler().setMax(max > 0 ? max : 1);
        List<String> yLabels = new ArrayList<>(labels);
        java.util.Collections.reverse(yLabels);
        c.addSeries("confusion", labels, yLabels, cells);
        return c;
    }

    /** The confusion matrix colour scale, from a count of 0 to the largest count. */
    static final Color[] CONFUSION_COLORS = {new Color(247, 251, 255), new Color(107, 174, 214), new Color(8, 69, 148)};

    /**
     * @param chart a chart
     * @return its PNG bytes
     */
    public static byte[] png(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a chart as PNG: " + e.getMessage(), e);
        }
    }

    /**
     * Several charts in one PNG, row by row.
     * @param charts the charts (all of the same size)
     * @param rows rows
     * @param cols columns
     * @return the PNG bytes
     */
    public static byte[] pngGrid(List<? extends Chart<?, ?>> charts, int rows, int cols) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            BitmapEncoder.saveBitmap(new ArrayList<>(charts), rows, cols, out, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode charts as PNG: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /**
     * A logarithmic λ axis on which λ = 0 has a place: positions are log10(λ), λ = 0 sits one
     * decade left of the smallest positive λ, and the ticks are labelled with λ itself ("0" for
     * zero). With fewer than two distinct positive λ the axis is linear.
     * @param lambdas the λ values
     * @return the axis
     */
    public static LambdaAxis lambdaAxis(double[] lambdas) {
        double minPositive = Arrays.stream(lambdas).filter(l -> l > 0).min().orElse(Double.NaN);
        boolean log = Double.isFinite(minPositive) && Arrays.stream(lambdas).filter(l -> l > 0).distinct().count() > 1;
        double zero = log ? Math.floor(Math.log10(minPositive)) - 1 : 0;
        return new LambdaAxis(log, zero);
    }

    /**
     * The x axis of a λ plot.
     * @param log whether positions are log10(λ)
     * @param zeroPosition where λ = 0 is drawn (in axis units)
     */
    public record LambdaAxis(boolean log, double zeroPosition) {
        /**
         * @param lambda a λ
         * @return its x position
         */
        public double x(double lambda) {
            if (!log) {
                return lambda;
            }
            return lambda <= 0 ? zeroPosition : Math.log10(lambda);
        }

        /**
         * Configures a chart's x axis: decade ticks labelled with λ.
         * @param c the chart
         */
        public void apply(XYChart c) {
            if (log) {
                c.getStyler().setXAxisMin(zeroPosition - 0.3);
                Function<Double, String> f = v -> {
                    long k = Math.round(v);
                    if (Math.abs(v - k) > 1e-6) {
                        return "";
                    }
                    return k == Math.round(zeroPosition) ? "0" : Html.number(Math.pow(10, k));
                };
                c.getStyler().setxAxisTickLabelsFormattingFunction(f);
            }
        }

        /** @return a note on how λ = 0 is drawn, or empty */
        public String note() {
            return log ? "λ on a log scale; λ = 0 is drawn one decade left of the smallest positive λ, labelled 0." : "";
        }
    }
}
