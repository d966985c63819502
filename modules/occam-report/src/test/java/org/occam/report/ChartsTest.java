package org.occam.report;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.AxisPair;
import org.knowm.xchart.internal.chartpart.Chart;
import org.occam.core.math.Matrix;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The content of the report's pictures, decoded from the PNG bytes: confusion matrix cells
 * coloured by their count with the count inside, box plots and histograms of degenerate weight
 * matrices, and the tick values of epoch axes.
 */
class ChartsTest {

    @Test
    void confusionMatrixCellsAreColouredByCountAndHoldTheirCounts() throws IOException {
        List<String> labels = List.of("a", "b", "c");
        double[][] m = {{50, 3, 0}, {7, 31, 12}, {1, 20, 44}};
        BufferedImage img = decode(Charts.png(Charts.confusion("Confusion matrix (test)", labels, m)));
        int[] box = scaleColouredBox(img);
        assertTrue(box[2] - box[0] > 150 && box[3] - box[1] > 150, "the cells cover the plot, found " + java.util.Arrays.toString(box));
        double cw = (box[2] - box[0] + 1) / 3.0;
        double ch = (box[3] - box[1] + 1) / 3.0;
        double[][] lightness = new double[3][3];
        for (int t = 0; t < 3; t++) {
            for (int p = 0; p < 3; p++) {
                // Row t from the top is true class t; column p is predicted class p.
                int x0 = (int) (box[0] + p * cw);
                int y0 = (int) (box[1] + t * ch);
                // The cell colour, sampled off-centre where no digit is drawn.
                Color c = new Color(img.getRGB((int) (x0 + 0.15 * cw), (int) (y0 + 0.15 * ch)));
                Color c2 = new Color(img.getRGB((int) (x0 + 0.85 * cw), (int) (y0 + 0.85 * ch)));
                assertEquals(c, c2, "cell (" + t + "," + p + ") is one colour");
                lightness[t][p] = c.getRed() + c.getGreen() + c.getBlue();
                // The count: dark glyph pixels in the cell's centre, none near its corners.
                int glyph = 0;
                for (int y = (int) (y0 + 0.3 * ch); y < y0 + 0.7 * ch; y++) {
                    for (int x = (int) (x0 + 0.3 * cw); x < x0 + 0.7 * cw; x++) {
                        if (dark(new Color(img.getRGB(x, y)))) {
                            glyph++;
                        }
                    }
                }
                assertTrue(glyph > 15, "the count of cell (" + t + "," + p + ") is drawn in it, found " + glyph + " glyph pixels");
            }
        }
        // Colours follow the counts: larger count, darker cell; equal lightness only for equal counts.
        for (int i = 0; i < 9; i++) {
            for (int j = 0; j < 9; j++) {
                double ci = m[i / 3][i % 3];
                double cj = m[j / 3][j % 3];
                if (ci > cj) {
                    assertTrue(lightness[i / 3][i % 3] < lightness[j / 3][j % 3], "count " + ci + " is darker than count " + cj);
                }
            }
        }
        // A count of 0 is (near) white, the largest count the darkest colour of the scale.
        assertTrue(lightness[0][2] > 740, "zero count cell is near white: " + lightness[0][2]);
        Color darkest = Charts.CONFUSION_COLORS[Charts.CONFUSION_COLORS.length - 1];
        assertEquals(darkest.getRed() + darkest.getGreen() + darkest.getBlue(), lightness[0][0], 6);
    }

    @Test
    void singleClassConfusionMatrixIsOneFilledCellWithItsCount() throws IOException {
        BufferedImage img = decode(Charts.png(Charts.confusion("Confusion matrix (test)", List.of("only"), new double[][]{{25}})));
        int[] box = scaleColouredBox(img);
        assertTrue(box[2] - box[0] > 100 && box[3] - box[1] > 100, java.util.Arrays.toString(box));
        int cx = (box[0] + box[2]) / 2;
        int cy = (box[1] + box[3]) / 2;
        int glyph = 0;
        for (int y = cy - 20; y < cy + 20; y++) {
            for (int x = cx - 30; x < cx + 30; x++) {
                glyph += dark(new Color(img.getRGB(x, y))) ? 1 : 0;
            }
        }
        assertTrue(glyph > 15, "the count is drawn in the cell");
    }

    @Test
    void boxPlotAndHistogramsDrawAllZeroAndHugeWeights() throws IOException {
        // L1 with λ = 1 zeroes whole layers: min = q1 = median = q3 = max = 0 (XChart refused duplicate series names).
        WeightSummary zeros = WeightSummary.of("hidden1.weight", new Matrix(16, 2));
        WeightSummary mostlyZero = WeightSummary.of("hidden2.weight", Matrix.of(new double[]{0, 0, 0, 0, 0, 0, 0.4}));
        WeightSummary huge = WeightSummary.of("output.weight", Matrix.of(new double[]{-1e307, 0, 1e307, 5e306}));
        XYChart box = Charts.boxPlot("Weights per layer", "weight value", List.of("hidden1", "hidden2", "output"),
                List.of(zeros, mostlyZero, huge), List.of(Charts.PALETTE), 480);
        assertNonBlank(decode(Charts.png(box)), "box plot");
        XYChart zerosOnly = Charts.boxPlot("Weights per layer", "weight value", List.of("hidden1", "hidden2"),
                List.of(zeros, zeros), List.of(Charts.PALETTE), 420);
        assertNonBlank(decode(Charts.png(zerosOnly)), "box plot of zero layers");
        for (WeightSummary w : List.of(zeros, mostlyZero, huge)) {
            assertNonBlank(decode(Charts.png(Charts.histogram(w, "Histogram", 40, Charts.PALETTE[0]))), "histogram of " + w.tensor());
        }
    }

    @Test
    void epochAxesTickAtRoundNumbers() {
        for (int epochs : new int[]{1, 2, 5, 10, 12, 30, 100, 200, 1000, 1234}) {
            List<Double> ticks = epochTicks(epochs);
            assertTrue(!ticks.isEmpty(), epochs + " epochs: no tick");
            for (double t : ticks) {
                assertEquals(Math.rint(t), t, epochs + " epochs: ticks are whole epochs, found " + ticks);
            }
            if (epochs <= Charts.EVERY_EPOCH_TICKED) {
                List<Double> every = new ArrayList<>();
                for (int e = 1; e <= epochs; e++) {
                    every.add((double) e);
                }
                assertEquals(every, ticks, epochs + " epochs: every epoch ticked");
                continue;
            }
            double step = ticks.get(1) - ticks.get(0);
            double decade = Math.pow(10, Math.floor(Math.log10(step)));
            double mantissa = step / decade;
            assertTrue(mantissa == 1 || mantissa == 2 || mantissa == 5, epochs + " epochs: step " + step + " is 1, 2 or 5 × 10^k: " + ticks);
            for (int i = 0; i < ticks.size(); i++) {
                assertEquals(0, ticks.get(i) % step, 1e-9, epochs + " epochs: tick " + ticks.get(i) + " is a multiple of " + step + ": " + ticks);
                if (i > 0) {
                    assertEquals(step, ticks.get(i) - ticks.get(i - 1), 1e-9, epochs + " epochs: even steps " + ticks);
                }
            }
            assertTrue(ticks.size() >= 3 && ticks.size() <= 15, epochs + " epochs: a readable number of ticks " + ticks);
            assertTrue(ticks.get(ticks.size() - 1) + step > epochs, epochs + " epochs: ticks reach the end " + ticks);
        }
    }

    /** The labelled x ticks inside [1, epochs] of a 600-pixel chart drawn against epochs 1…n, as XChart drew them. */
    private static List<Double> epochTicks(int epochs) {
        XYChart c = Charts.xy("loss", "epoch", "loss", 600, 380);
        double[] x = new double[epochs];
        double[] y = new double[epochs];
        for (int i = 0; i < epochs; i++) {
            x[i] = i + 1;
            y[i] = Math.exp(-i / 50.0);
        }
        Charts.line(c, "train", x, y, Charts.PALETTE[0], Charts.SOLID);
        Charts.epochAxis(c, x);
        Charts.png(c); // lays the chart out
        try {
            Field f = Chart.class.getDeclaredField("axisPair");
            f.setAccessible(true);
            List<String> labels = ((AxisPair) f.get(c)).getXAxis().getAxisTickCalculator().getTickLabels();
            List<Double> out = new ArrayList<>();
            for (String l : labels) {
                double v = Double.parseDouble(l.replace(",", ""));
                if (v >= 1 && v <= epochs) {
                    out.add(v);
                }
            }
            return out;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    static BufferedImage decode(byte[] png) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertTrue(img != null, "a PNG");
        return img;
    }

    /** Fails unless the image has a plot: at least a few colours and some pixels that are not background. */
    static void assertNonBlank(BufferedImage img, String what) {
        Set<Integer> colours = new HashSet<>();
        long inked = 0;
        int background = img.getRGB(0, 0);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                colours.add(rgb);
                inked += rgb != background ? 1 : 0;
            }
        }
        double share = (double) inked / ((long) img.getWidth() * img.getHeight());
        assertTrue(colours.size() >= 8 && share > 0.01, what + " is blank: " + colours.size() + " colours, " + share + " of the pixels drawn");
    }

    private static boolean dark(Color c) {
        return c.getRed() < 80 && c.getGreen() < 80 && c.getBlue() < 80;
    }

    /** Bounding box {x0, y0, x1, y1} of the pixels coloured from the confusion matrix's blue scale. */
    private static int[] scaleColouredBox(BufferedImage img) {
        int x0 = Integer.MAX_VALUE;
        int y0 = Integer.MAX_VALUE;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                Color c = new Color(img.getRGB(x, y));
                if (c.getBlue() - c.getRed() >= 7 && c.getBlue() >= c.getGreen()) {
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                }
            }
        }
        assertTrue(x1 >= 0, "no cell is coloured: the matrix is blank");
        return new int[]{x0, y0, x1, y1};
    }
}
