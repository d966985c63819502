package org.occam.report.tune;

import org.occam.experiments.data.DataException;
import org.occam.report.Verdict;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The decisions of {@code occam tune}, free of any training (so they can be tested on hand-made
 * verdicts and tables).
 *
 * <p><b>Direction.</b> From λ₀, each evaluated λ's verdict decides the next:
 * OVERFITTING → λ × 10, UNDERFITTING → λ / 10. The walk stops when the verdict differs from the
 * first one (the verdict changed: the last two λ bracket the change), or when the next λ would
 * leave [min, max] (a step that overshoots is clamped to the bound once; at the bound the walk stops
 * and says so). A FINE verdict at λ₀ has no direction; Occam's razor then tries the simpler model
 * λ₀ × 10 once, and the bracket is [λ₀, 10λ₀].
 *
 * <p><b>Refinement.</b> {@value #REFINE_POINTS} points between the last two λ, equally spaced in
 * log λ (strictly inside the bracket).
 *
 * <p><b>Choice: the one-standard-error rule.</b> Let λ_best be the λ with the best mean CV metric m̄
 * and SE_best = s/√n its standard error (s the sample standard deviation over the n fold × seed
 * runs). The chosen λ is the <i>largest</i> λ whose mean is within one SE of the best:
 * m̄(λ) ≥ m̄_best − SE_best when higher is better (≤ m̄_best + SE_best when lower is better) —
 * the simplest model that fits as well as the best one.
 *
 * <p><b>Verdict of a point.</b> The majority of its runs' verdicts; a tie is FINE.
 */
public final class TuneRule {
    /** Points the refinement adds between the last two λ. */
    public static final int REFINE_POINTS = 3;
    /** The factor of one step. */
    public static final double STEP = 10.0;

    private TuneRule() {}

    /** Why the walk stopped. */
    public enum Stop {
        /** The verdict changed between the last two λ. */
        VERDICT_CHANGED,
        /** λ₀ was FINE; the simpler model 10λ₀ was tried once. */
        FINE_AT_START,
        /** The next step would have left [min, max]. */
        BOUND
    }

    /**
     * One evaluated λ of the walk.
     * @param lambda λ
     * @param verdict its verdict
     */
    public record Step(double lambda, Verdict.Kind verdict) {}

    /**
     * The walk.
     * @param steps the evaluated λ in order
     * @param stop why it stopped
     * @param bound the bound that was hit (NaN unless {@code stop == BOUND})
     */
    public record Walk(List<Step> steps, Stop stop, double bound) {
        /** @return the two λ the refinement goes between (one λ if the walk has a single step) */
        public double[] bracket() {
            if (steps.size() == 1) {
                return new double[]{steps.get(0).lambda()};
            }
            double a = steps.get(steps.size() - 2).lambda();
            double b = steps.get(steps.size() - 1).lambda();
            return new double[]{Math.min(a, b), Math.max(a, b)};
        }

        /** @return one sentence on how the walk ended */
        public String explanation() {
            Step first = steps.get(0);
            Step last = steps.get(steps.size() - 1);
            switch (stop) {
                case VERDICT_CHANGED:
                    return String.format(Locale.ROOT, "the verdict changed from %s at λ = %s to %s at λ = %s",
                            steps.get(steps.size() - 2).verdict().word(), format(steps.get(steps.size() - 2).lambda()),
                            last.verdict().word(), format(last.lambda()));
                case FINE_AT_START:
                    return String.format(Locale.ROOT, "λ₀ = %s was already fine; the simpler model λ = %s was tried once (%s)",
                            format(first.lambda()), format(last.lambda()), last.verdict().word());
                case BOUND:
                    return String.format(Locale.ROOT, "the bound λ = %s was reached while still %s: the best λ may lie beyond the range",
                            format(bound), last.verdict().word());
                default:
                    throw new IllegalStateException("unknown stop " + stop);
            }
        }
    }

    /**
     * @param verdict a point's verdict
     * @return the factor λ is multiplied by next: 10 when overfitting, 1/10 when underfitting, NaN when fine
     */
    public static double factor(Verdict.Kind verdict) {
        switch (verdict) {
            case OVERFITTING:
                return STEP;
            case UNDERFITTING:
                return 1 / STEP;
            case FINE:
                return Double.NaN;
            default:
                throw new IllegalStateException("unknown verdict " + verdict);
        }
    }

    /**
     * Walks from λ₀ by the direction rule.
     * @param start λ₀ (inside [min, max])
     * @param min the lower bound (&gt; 0)
     * @param max the upper bound (&gt; min)
     * @param evaluate λ → its verdict (runs the cross-validation)
     * @return the walk
     */
    public static Walk walk(double start, double min, double max, Function<Double, Verdict.Kind> evaluate) {
        checkRange(start, min, max);
        List<Step> steps = new ArrayList<>();
        double lambda = round(start);
        Verdict.Kind first = evaluate.apply(lambda);
        steps.add(new Step(lambda, first));
        if (first == Verdict.Kind.FINE) {
            if (lambda >= max) {
                return new Walk(steps, Stop.BOUND, max);
            }
            double next = round(Math.min(lambda * STEP, max));
            steps.add(new Step(next, evaluate.apply(next)));
            return new Walk(steps, Stop.FINE_AT_START, Double.NaN);
        }
        double f = factor(first);
        while (true) {
            double bound = f > 1 ? max : min;
            if (f > 1 ? lambda >= max : lambda <= min) {
                return new Walk(steps, Stop.BOUND, bound);
            }
            double next = round(f > 1 ? Math.min(lambda * f, max) : Math.max(lambda * f, min));
            Verdict.Kind v = evaluate.apply(next);
            steps.add(new Step(next, v));
            lambda = next;
            if (v != first) {
                return new Walk(steps, Stop.VERDICT_CHANGED, Double.NaN);
            }
        }
    }

    /**
     * @param a one end (&gt; 0)
     * @param b the other end (&gt; 0, ≠ a)
     * @param points how many
     * @return {@code points} λ strictly between a and b, equally spaced in log λ, increasing
     */
    public static List<Double> refine(double a, double b, int points) {
        double lo = Math.log(Math.min(a, b));
        double hi = Math.log(Math.max(a, b));
        List<Double> out = new ArrayList<>();
        for (int i = 1; i <= points; i++) {
            out.add(round(Math.exp(lo + (hi - lo) * i / (points + 1))));
        }
        return out;
    }

    /**
     * A λ's cross-validation result.
     * @param lambda λ
     * @param mean the mean CV metric
     * @param std the sample standard deviation over the runs
     * @param n the number of runs
     */
    public record Point(double lambda, double mean, double std, int n) {
        /** @return the standard error std/√n */
        public double standardError() {
            return n > 0 ? std / Math.sqrt(n) : Double.NaN;
        }
    }

    /**
     * The one-SE choice.
     * @param chosen the largest λ within one SE of the best
     * @param best the λ with the best mean
     * @param threshold the metric value the chosen λ had to reach (best ∓ SE)
     */
    public record Choice(Point chosen, Point best, double threshold) {}

    /**
     * @param points the evaluated λ (any order; non-finite means are skipped)
     * @param higherIsBetter the metric's direction
     * @return the one-SE choice
     * @throws DataException if no point has a finite mean
     */
    public static Choice oneStandardError(List<Point> points, boolean higherIsBetter) {
        Point best = null;
        for (Point p : points) {
            if (Double.isFinite(p.mean()) && (best == null || (higherIsBetter ? p.mean() > best.mean() : p.mean() < best.mean()))) {
                best = p;
            }
        }
        if (best == null) {
            throw new DataException("no evaluated λ has a finite cross-validation metric; nothing to choose from");
        }
        double se = Double.isFinite(best.standardError()) ? best.standardError() : 0.0;
        double threshold = higherIsBetter ? best.mean() - se : best.mean() + se;
        Point chosen = best;
        for (Point p : points) {
            boolean within = Double.isFinite(p.mean()) && (higherIsBetter ? p.mean() >= threshold : p.mean() <= threshold);
            if (within && p.lambda() > chosen.lambda()) {
                chosen = p;
            }
        }
        return new Choice(chosen, best, threshold);
    }

    /**
     * @param verdicts the runs' verdicts at one λ
     * @return the majority; a tie is FINE
     */
    public static Verdict.Kind majority(List<Verdict.Kind> verdicts) {
        Map<Verdict.Kind, Integer> counts = new EnumMap<>(Verdict.Kind.class);
        verdicts.forEach(v -> counts.merge(v, 1, Integer::sum));
        Verdict.Kind top = Verdict.Kind.FINE;
        int topCount = -1;
        boolean tie = false;
        for (Map.Entry<Verdict.Kind, Integer> e : counts.entrySet()) {
            if (e.getValue() > topCount) {
                top = e.getKey();
                topCount = e.getValue();
                tie = false;
            } else if (e.getValue() == topCount) {
                tie = true;
            }
        }
        return tie ? Verdict.Kind.FINE : top;
    }

    /**
     * @param start λ₀
     * @param min lower bound
     * @param max upper bound
     * @throws DataException naming the option when the range is not 0 &lt; min ≤ λ₀ ≤ max, min &lt; max
     */
    public static void checkRange(double start, double min, double max) {
        if (!(min > 0 && Double.isFinite(min))) {
            throw new DataException("--min: expected a finite λ > 0, found " + min);
        }
        if (!(max > min && Double.isFinite(max))) {
            throw new DataException("--max: expected a finite λ > --min " + min + ", found " + max);
        }
        if (!(start >= min && start <= max)) {
            throw new DataException("the starting λ " + start + " lies outside [--min, --max] = [" + min + ", " + max + "]");
        }
    }

    /**
     * @param lambda λ
     * @return λ rounded to 6 significant digits, so that the same λ always has the same text
     */
    public static double round(double lambda) {
        return new BigDecimal(lambda).round(new MathContext(6)).doubleValue();
    }

    /**
     * @param lambda λ
     * @return its text in overrides and reports (the 6-digit value in plain notation, no trailing zeros)
     */
    public static String format(double lambda) {
        return BigDecimal.valueOf(round(lambda)).stripTrailingZeros().toPlainString();
    }
}
