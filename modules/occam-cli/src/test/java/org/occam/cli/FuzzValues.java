package org.occam.cli;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The values the fuzzer puts where a config or a CSV had a value: extreme and non-finite numbers,
 * out-of-range integers, empty and blank text, quotes, separators, unicode, words.
 */
final class FuzzValues {
    private FuzzValues() {}

    /** Numbers and text a property or a cell may be given. */
    static final List<String> VALUES = List.of(
            "NaN", "nan", "Infinity", "-Infinity", "+Infinity", "Inf",
            "-1", "0", "-0.0", "1", "2", "0.5", "1.5", "3.0",
            "1e308", "-1e308", "1e309", "4.9e-324", "1e-320",
            "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
            "99999999999999999999999", "0x10", "1_000", "１",
            "", " ", "  1 ", "\t", "abc", "true", "null", "NA", "none",
            "ü€", "\uD83D\uDE00", "\"", "'", "\"quoted\"", "a,b", "1;2", "1,2,3");

    /** Label spellings: text labels, numbers spelled differently, missing. */
    static final List<String> LABELS = List.of(
            "setosa", "spam", "x y", "1.0", "01", "1e0", "+1", "-1", "0", "2", "99", "", " ", "NaN", "NA",
            "\"1\"", "\"a,b\"", "ü", "1e308", "Infinity");

    /** Integer values above this are left out for properties that set how long a run takes. */
    static final long COST_CAP = 64;

    /**
     * Properties whose large valid values make a run take long (many epochs, wide layers, many
     * rows, many samples): those get no value above {@link #COST_CAP}, since a slow valid run
     * is not a defect and would only stall the fuzzer.
     */
    static final List<String> COST_PROPERTIES = List.of("epochs", "hiddenLayerSizes", "samples", "numSamples", "patience");

    /**
     * @param rng the mutant's random stream
     * @param costly whether the value sets how long the run takes
     * @return a value from {@link #VALUES}
     */
    static String value(SplittableRandom rng, boolean costly) {
        while (true) {
            String v = VALUES.get(rng.nextInt(VALUES.size()));
            if (!costly || !large(v)) {
                return v;
            }
        }
    }

    /**
     * @param v a value
     * @return whether it parses as an integer (or a whole floating number) above {@link #COST_CAP}
     */
    static boolean large(String v) {
        try {
            return Double.parseDouble(v.strip()) > COST_CAP;
        } catch (NumberFormatException e) {
            try {
                return Long.decode(v.strip().replace("_", "")) > COST_CAP;
            } catch (NumberFormatException e2) {
                return v.strip().matches("\\d{3,}");
            }
        }
    }

    /**
     * @param rng a random stream
     * @param list a list
     * @param <T> its type
     * @return one element, uniformly
     */
    static <T> T pick(SplittableRandom rng, List<T> list) {
        return list.get(rng.nextInt(list.size()));
    }

    /**
     * @param v a value
     * @return it escaped for an XML attribute or text node
     */
    static String xmlEscape(String v) {
        return v.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
    }
}
