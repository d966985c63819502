package org.occam.regularizers.gradient;

import com.oracle.labs.mlrg.olcut.config.PropertyException;

/** The domain check the clipping transforms share. */
final class ClipChecks {
    private ClipChecks() {}

    /**
     * @param name the property
     * @param value its value
     * @throws PropertyException unless value is finite and &gt; 0
     */
    static void positive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new PropertyException("", name, "expected a finite " + name + " > 0, found " + value);
        }
    }

    /**
     * The Euclidean norm √Σg², rescaled when the plain sum of squares overflows.
     * @param g values
     * @return ‖g‖₂
     */
    static double norm(double[] g) {
        double s = 0;
        for (double v : g) {
            s += v * v;
        }
        if (!Double.isInfinite(s)) {
            return Math.sqrt(s);
        }
        double max = 0;
        for (double v : g) {
            max = Math.max(max, Math.abs(v));
        }
        if (Double.isInfinite(max)) {
            return Double.POSITIVE_INFINITY;
        }
        double t = 0;
        for (double v : g) {
            double u = v / max;
            t += u * u;
        }
        return max * Math.sqrt(t);
    }

    /**
     * g ← g·k.
     * @param g values, changed in place
     * @param k the factor
     */
    static void scaleInPlace(double[] g, double k) {
        for (int i = 0; i < g.length; i++) {
            g[i] *= k;
        }
    }
}
