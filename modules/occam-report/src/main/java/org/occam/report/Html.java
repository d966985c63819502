package org.occam.report;

import java.util.Locale;

/** Text helpers shared by the HTML and Markdown writers. */
public final class Html {
    private Html() {}

    /**
     * @param s text
     * @return the text with HTML's special characters escaped
     */
    public static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * @param s text
     * @return the text safe inside a Markdown table cell
     */
    public static String markdownCell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    /**
     * A compact number: integers without decimals, small and large magnitudes in scientific
     * notation, otherwise up to four significant decimals; "–" for NaN.
     * @param v the number
     * @return its text
     */
    public static String number(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e7) {
            return Long.toString((long) v);
        }
        double a = Math.abs(v);
        if (a < 1e-3 || a >= 1e6) {
            String s = String.format(Locale.ROOT, "%.3g", v);
            return s.contains("e") ? s.replaceAll("\\.?0+e", "e").replace("e-0", "e-").replace("e+0", "e").replace("e+", "e") : s;
        }
        String s = String.format(Locale.ROOT, "%.4f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    /**
     * @param v a number
     * @param digits decimals
     * @return fixed-point text, "–" for NaN
     */
    public static String fixed(double v, int digits) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    /**
     * @param mean a mean
     * @param std its standard deviation
     * @param digits decimals
     * @return "mean ± std"
     */
    public static String pm(double mean, double std, int digits) {
        return Double.isNaN(mean) ? "–" : fixed(mean, digits) + " ± " + fixed(std, digits);
    }
}
