package org.occam.report.tune;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.occam.report.Charts;
import org.occam.report.Page;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report of a tune ({@code report.html} and {@code report.md} in the tune directory): the mean
 * CV metric against λ with ±1 SE error bars, the verdict at each λ, the order of the steps, why the
 * walk stopped, and why the chosen λ was chosen; then the refit's test metrics.
 */
public final class TuneReport {
    private TuneReport() {}

    /**
     * @param o the tune's outcome
     * @param spec its spec
     * @throws IOException if writing fails
     */
    public static void write(TuneRunner.Outcome o, TuneRunner.Spec spec) throws IOException {
        Page page = new Page("occam tune: " + o.penalty() + ".lambda",
                spec.config() + ", " + spec.folds() + "-fold cross-validation × " + spec.seeds() + " seed(s), validation "
                        + o.metric() + " (" + (o.higherIsBetter() ? "higher" : "lower") + " is better)");
        TuneRule.Choice c = o.choice();
        page.heading("Choice");
        page.paragraph(String.format(Locale.ROOT, "Chosen λ = %s by the one-standard-error rule: the largest λ whose mean CV %s "
                        + "is within one standard error of the best (%s %s %.4g = %.4g %s %.4g). The best mean is at λ = %s "
                        + "(%.4g ± %.4g SE). Occam's razor: among the settings that fit as well as the best one, the most regularized.",
                TuneRule.format(c.chosen().lambda()), o.metric(), o.higherIsBetter() ? "≥" : "≤", o.higherIsBetter() ? "best −" : "best +",
                c.best().standardError(), c.best().mean(), o.higherIsBetter() ? "−" : "+", c.best().standardError(),
                TuneRule.format(c.best().lambda()), c.best().mean(), c.best().standardError()));
        page.paragraph("The walk stopped because " + o.walk().explanation() + ".");
        StringBuilder test = new StringBuilder();
        for (Map.Entry<String, Double> e : o.testMetrics().entrySet()) {
            test.append(test.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(String.format(Locale.ROOT, "%.4f", e.getValue()));
        }
        page.paragraph("Refit at the chosen λ on all non-test rows (" + o.refit() + "), test metrics reported once and never used to choose: "
                + test + ". Trainings: " + o.trainings() + ".");

        List<TuneRunner.Evaluated> byLambda = new ArrayList<>(o.evaluated());
        byLambda.sort(Comparator.comparingDouble(TuneRunner.Evaluated::lambda));
        double[] lambdas = byLambda.stream().mapToDouble(TuneRunner.Evaluated::lambda).toArray();
        Charts.LambdaAxis axis = Charts.lambdaAxis(lambdas);
        XYChart chart = Charts.xy("validation " + o.metric() + " against λ (mean ± 1 SE over folds × seeds)", "λ",
                "validation " + o.metric(), 720, 420);
        double[] x = new double[lambdas.length];
        double[] y = new double[lambdas.length];
        double[] err = new double[lambdas.length];
        for (int i = 0; i < lambdas.length; i++) {
            x[i] = axis.x(lambdas[i]);
            y[i] = byLambda.get(i).point().mean();
            err[i] = byLambda.get(i).point().standardError();
        }
        XYSeries s = chart.addSeries("mean CV " + o.metric(), x, y, err);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setLineColor(Charts.PALETTE[0]);
        s.setMarkerColor(Charts.PALETTE[0]);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < y.length; i++) {
            if (Double.isFinite(y[i])) {
                lo = Math.min(lo, y[i] - (Double.isFinite(err[i]) ? err[i] : 0));
                hi = Math.max(hi, y[i] + (Double.isFinite(err[i]) ? err[i] : 0));
            }
        }
        Charts.vertical(chart, "chosen λ = " + TuneRule.format(c.chosen().lambda()), axis.x(c.chosen().lambda()), lo, hi, Charts.PALETTE[1]);
        if (c.best().lambda() != c.chosen().lambda()) {
            Charts.vertical(chart, "best mean λ = " + TuneRule.format(c.best().lambda()), axis.x(c.best().lambda()), lo, hi, Charts.PALETTE[2]);
        }
        axis.apply(chart);
        page.heading("Metric against λ");
        page.figure(new Page.Figure("metric-vs-lambda.png", Charts.png(chart), "validation metric against λ",
                "Mean CV validation " + o.metric() + " per λ with ±1 SE error bars. " + axis.note()));

        page.heading("Steps, in order");
        List<List<String>> rows = new ArrayList<>();
        for (TuneRunner.Evaluated e : o.evaluated()) {
            String mark = e.lambda() == c.chosen().lambda() ? "chosen" : e.lambda() == c.best().lambda() ? "best mean" : "";
            rows.add(List.of(Integer.toString(e.order()), e.phase(), TuneRule.format(e.lambda()),
                    String.format(Locale.ROOT, "%.4f", e.point().mean()), String.format(Locale.ROOT, "%.4f", e.point().standardError()),
                    Integer.toString(e.point().n()), e.verdict().word(), verdictCounts(e), mark,
                    e.sweepDirectory().getFileName().toString()));
        }
        page.table(List.of("step", "phase", "λ", "mean " + o.metric(), "SE", "runs", "verdict", "run verdicts", "", "sweep"), rows);
        page.note("Direction rule: overfitting → λ × 10, underfitting → λ / 10, until the verdict changes or a bound of ["
                + TuneRule.format(spec.min()) + ", " + TuneRule.format(spec.max()) + "] is reached; then " + TuneRule.REFINE_POINTS
                + " points between the last two λ on a log scale. A point's verdict is the majority of its runs' verdicts (a tie is fine).");
        page.write(o.directory());
    }

    private static String verdictCounts(TuneRunner.Evaluated e) {
        long over = e.verdicts().stream().filter(v -> v == org.occam.report.Verdict.Kind.OVERFITTING).count();
        long under = e.verdicts().stream().filter(v -> v == org.occam.report.Verdict.Kind.UNDERFITTING).count();
        long fine = e.verdicts().size() - over - under;
        return over + " over / " + fine + " fine / " + under + " under";
    }
}
