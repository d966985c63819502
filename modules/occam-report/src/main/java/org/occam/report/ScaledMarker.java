package org.occam.report;

import org.knowm.xchart.style.markers.Marker;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;

/**
 * A marker drawn at its own size: XChart sizes all markers of a chart alike, but a decision
 * boundary needs big squares for the grid cells and small symbols for the data points on top.
 */
final class ScaledMarker extends Marker {
    private final Marker shape;
    private final int size;
    private final boolean outlined;

    ScaledMarker(Marker shape, int size, boolean outlined) {
        this.shape = shape;
        this.size = size;
        this.outlined = outlined;
    }

    @Override
    public void paint(Graphics2D g, double xOffset, double yOffset, int markerSize) {
        if (outlined) {
            Color fill = g.getColor();
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1f));
            shape.paint(g, xOffset, yOffset, size + 3);
            g.setColor(fill);
        }
        shape.paint(g, xOffset, yOffset, size);
    }
}
