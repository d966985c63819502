package org.occam.regularizers.batch;

import com.oracle.labs.mlrg.olcut.config.PropertyException;

/** The domain checks the batch transforms' {@code postConfig()} methods share. */
final class PropertyChecks {
    private PropertyChecks() {}

    /**
     * @param name the property
     * @param value its value
     * @throws PropertyException unless value ∈ [0, 1]
     */
    static void probability(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new PropertyException("", name, "expected a probability " + name + " in [0, 1], found " + value);
        }
    }

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
     * @param name the property
     * @param value its value
     * @throws PropertyException unless value is finite and ≥ 0
     */
    static void nonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new PropertyException("", name, "expected a finite " + name + " ≥ 0, found " + value);
        }
    }

    /**
     * @param name the property
     * @param value its value
     * @param lo the smallest allowed value
     * @param hi the largest allowed value
     * @throws PropertyException unless lo ≤ value ≤ hi
     */
    static void closedInterval(String name, double value, double lo, double hi) {
        if (!(value >= lo && value <= hi)) {
            throw new PropertyException("", name, "expected " + name + " in [" + format(lo) + ", " + format(hi) + "], found " + value);
        }
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
