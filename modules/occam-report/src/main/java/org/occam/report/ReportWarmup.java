package org.occam.report;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.occam.core.math.Matrix;
import org.occam.experiments.Warmup;

import java.util.List;

/**
 * Prepares the process for drawing a run report while the run trains: draws and PNG-encodes
 * small charts of every kind the report draws (lines with a legend and round epoch ticks, scatter
 * markers, a step-area histogram, a box plot with annotations, a heat map with values), on
 * throwaway data, and discards them. That loads and initializes what the first chart of a process
 * otherwise pays for on the report's critical path — Java2D and its Marlin renderer, the font
 * manager and fonts, XChart, the ImageIO PNG writer — on the second core, which single-threaded
 * training leaves to the JIT compiler alone.
 * <p>
 * It writes nothing and shares nothing with the report: every chart and image is its own, so the
 * report's bytes are the same with and without it (a test compares them).
 */
final class ReportWarmup {
    private ReportWarmup() {}

    /** @return the running warm-up */
    static Warmup start() {
        return Warmup.start("occam-report-warmup", ReportWarmup::drawSamples);
    }

    /** Draws and encodes one small chart of each kind (package-private for the test). */
    static void drawSamples() {
        double[] epochs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        double[] loss = {0.9, 0.7, 0.6, 0.52, 0.47, 0.44, 0.42, 0.41, 0.405, 0.4, 0.398, 0.397};
        double[] other = new double[loss.length];
        for (int i = 0; i < loss.length; i++) {
            other[i] = loss[i] * 1.1;
        }
        XYChart lines = Charts.xy("Warm-up", "epoch", "loss", 160, 120);
        Charts.line(lines, "train", epochs, loss, Charts.PALETTE[0], Charts.SOLID);
        Charts.line(lines, "validation", epochs, other, Charts.PALETTE[1], Charts.DASHED);
        Charts.scatter(lines, "best", new double[]{3}, new double[]{0.6}, Charts.PALETTE[2], SeriesMarkers.CIRCLE);
        Charts.epochAxis(lines, epochs);
        Charts.png(lines);

        Matrix w = new Matrix(4, 3, new double[]{-0.5, 0.25, 0.0, 1.5, -1.0, 0.75, 0.1, -0.2, 0.3, 0.9, -0.6, 0.05});
        WeightSummary s = WeightSummary.of("w", w);
        Charts.png(Charts.histogram(s, "Warm-up", 8, Charts.PALETTE[0]));
        Charts.png(Charts.boxPlot("Warm-up", "weight value", List.of("w"), List.of(s), List.of(Charts.PALETTE[0]), 160));
        Charts.png(Charts.confusion("Warm-up", List.of("a", "b"), new double[][]{{3, 1}, {0, 4}}));

        XYChart squares = Charts.xy("Warm-up", "x", "y", 120, 120);
        XYSeries sq = squares.addSeries("cells", new double[]{0, 1}, new double[]{0, 1});
        sq.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        sq.setMarker(new ScaledMarker(SeriesMarkers.DIAMOND, 7, true));
        Charts.png(squares);
    }
}
