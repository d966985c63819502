package org.occam.report.tune;

import org.junit.jupiter.api.Test;
import org.occam.experiments.data.DataException;
import org.occam.report.Verdict.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The decisions of occam tune on synthetic verdicts and hand-made tables. */
class TuneRuleTest {

    /** A synthetic problem whose verdict is known: overfits below lo, underfits above hi, fine between. */
    private static Function<Double, Kind> band(double lo, double hi, List<Double> asked) {
        return l -> {
            asked.add(l);
            return l < lo ? Kind.OVERFITTING : l > hi ? Kind.UNDERFITTING : Kind.FINE;
        };
    }

    @Test
    void factorIsTimesTenWhenOverfittingAndOverTenWhenUnderfitting() {
        assertEquals(10.0, TuneRule.factor(Kind.OVERFITTING));
        assertEquals(0.1, TuneRule.factor(Kind.UNDERFITTING));
        assertTrue(Double.isNaN(TuneRule.factor(Kind.FINE)));
    }

    @Test
    void overfittingRaisesLambdaUntilTheVerdictChanges() {
        List<Double> asked = new ArrayList<>();
        TuneRule.Walk w = TuneRule.walk(0.01, 1e-6, 1e3, band(0.5, 50, asked));
        assertEquals(List.of(0.01, 0.1, 1.0), asked);
        assertEquals(TuneRule.Stop.VERDICT_CHANGED, w.stop());
        assertEquals(Kind.FINE, w.steps().get(2).verdict());
        assertEquals(0.1, w.bracket()[0]);
        assertEquals(1.0, w.bracket()[1]);
        assertTrue(w.explanation().contains("overfitting at λ = 0.1 to fine at λ = 1"), w.explanation());
    }

    @Test
    void underfittingLowersLambdaUntilTheVerdictChanges() {
        List<Double> asked = new ArrayList<>();
        TuneRule.Walk w = TuneRule.walk(0.01, 1e-6, 1e3, band(1e-5, 2e-4, asked));
        assertEquals(List.of(0.01, 0.001, 1e-4), asked);
        assertEquals(TuneRule.Stop.VERDICT_CHANGED, w.stop());
        assertEquals(1e-4, w.bracket()[0]);
        assertEquals(0.001, w.bracket()[1]);
    }

    @Test
    void aJumpOverTheFineBandStillStopsAtTheChange() {
        // overfitting up to 0.05, underfitting from 0.2: 0.01 over → 0.1 fine? no: 0.1 lies in the band
        List<Double> asked = new ArrayList<>();
        TuneRule.Walk w = TuneRule.walk(0.01, 1e-6, 1e3, l -> {
            asked.add(l);
            return l < 0.05 ? Kind.OVERFITTING : Kind.UNDERFITTING;
        });
        assertEquals(List.of(0.01, 0.1), asked);
        assertEquals(Kind.UNDERFITTING, w.steps().get(1).verdict());
        assertEquals(TuneRule.Stop.VERDICT_CHANGED, w.stop());
    }

    @Test
    void theUpperBoundStopsAnOverfittingWalkAndSaysSo() {
        List<Double> asked = new ArrayList<>();
        TuneRule.Walk w = TuneRule.walk(0.01, 1e-6, 5, l -> {
            asked.add(l);
            return Kind.OVERFITTING;
        });
        assertEquals(List.of(0.01, 0.1, 1.0, 5.0), asked, "the last step is clamped to the bound");
        assertEquals(TuneRule.Stop.BOUND, w.stop());
        assertEquals(5.0, w.bound());
        assertTrue(w.explanation().contains("bound λ = 5") && w.explanation().contains("overfitting"), w.explanation());
    }

    @Test
    void theLowerBoundStopsAnUnderfittingWalk() {
        List<Double> asked = new ArrayList<>();
        TuneRule.Walk w = TuneRule.walk(0.01, 1e-4, 1e3, l -> {
            asked.add(l);
            return Kind.UNDERFITTING;
        });
        assertEquals(List.of(0.01, 0.001, 1e-4), asked);
        assertEquals(TuneRule.Stop.BOUND, w.stop());
        assertEquals(1e-4, w.bound());
    }

    @Test
    void fineAtTheStartTriesTheSimplerModelOnce() {
        List<Double> asked = new ArrayList<>();
        TuneRule.Walk w = TuneRule.walk(0.01, 1e-6, 1e3, band(0.001, 1, asked));
        assertEquals(List.of(0.01, 0.1), asked);
        assertEquals(TuneRule.Stop.FINE_AT_START, w.stop());
        assertEquals(0.01, w.bracket()[0]);
        assertEquals(0.1, w.bracket()[1]);
    }

    @Test
    void refinementIsEquallySpacedInLogLambdaInsideTheBracket() {
        List<Double> r = TuneRule.refine(1.0, 0.1, 3);
        assertEquals(3, r.size());
        double[] expected = {Math.pow(10, -0.75), Math.pow(10, -0.5), Math.pow(10, -0.25)};
        for (int i = 0; i < 3; i++) {
            assertEquals(expected[i], r.get(i), 1e-5);
        }
    }

    /**
     * A hand-made table (higher is better): best mean 0.90 at λ = 0.01 with SE 0.05/√4 = 0.025, so
     * the threshold is 0.875; λ = 0.1 (0.88) is within, λ = 1 (0.80) is not: the choice is 0.1.
     */
    @Test
    void oneStandardErrorChoosesTheLargestLambdaWithinOneSeOfTheBest() {
        List<TuneRule.Point> table = List.of(
                new TuneRule.Point(0.001, 0.85, 0.04, 4),
                new TuneRule.Point(0.01, 0.90, 0.05, 4),
                new TuneRule.Point(0.1, 0.88, 0.06, 4),
                new TuneRule.Point(1.0, 0.80, 0.02, 4));
        TuneRule.Choice c = TuneRule.oneStandardError(table, true);
        assertEquals(0.01, c.best().lambda());
        assertEquals(0.1, c.chosen().lambda());
        assertEquals(0.875, c.threshold(), 1e-12);
    }

    /** Lower is better (MSE): best 10.0 ± 2/√4 = 1 at λ = 0.1; λ = 1 (10.9) within, λ = 10 (11.5) not. */
    @Test
    void oneStandardErrorForAnErrorMetric() {
        List<TuneRule.Point> table = List.of(
                new TuneRule.Point(10, 11.5, 1, 4),
                new TuneRule.Point(0.1, 10.0, 2, 4),
                new TuneRule.Point(1, 10.9, 3, 4),
                new TuneRule.Point(0.01, 10.2, 1, 4));
        TuneRule.Choice c = TuneRule.oneStandardError(table, false);
        assertEquals(0.1, c.best().lambda());
        assertEquals(1.0, c.chosen().lambda());
        assertEquals(11.0, c.threshold(), 1e-12);
    }

    @Test
    void withoutSpreadTheBestIsChosenUnlessALargerLambdaTies() {
        List<TuneRule.Point> table = List.of(new TuneRule.Point(0.01, 0.9, 0, 5), new TuneRule.Point(0.1, 0.89, 0, 5));
        assertEquals(0.01, TuneRule.oneStandardError(table, true).chosen().lambda());
    }

    @Test
    void majorityVerdictWithTiesFine() {
        assertEquals(Kind.OVERFITTING, TuneRule.majority(List.of(Kind.OVERFITTING, Kind.FINE, Kind.OVERFITTING)));
        assertEquals(Kind.FINE, TuneRule.majority(List.of(Kind.OVERFITTING, Kind.UNDERFITTING)));
        assertEquals(Kind.UNDERFITTING, TuneRule.majority(List.of(Kind.UNDERFITTING)));
    }

    @Test
    void badRangesAreRejectedNamingTheOption() {
        DataException e = assertThrows(DataException.class, () -> TuneRule.walk(0.01, 0, 1, l -> Kind.FINE));
        assertTrue(e.getMessage().startsWith("--min"), e.getMessage());
        e = assertThrows(DataException.class, () -> TuneRule.walk(0.01, 1e-6, 1e-7, l -> Kind.FINE));
        assertTrue(e.getMessage().startsWith("--max"), e.getMessage());
        e = assertThrows(DataException.class, () -> TuneRule.walk(10, 1e-6, 1, l -> Kind.FINE));
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
        assertThrows(DataException.class, () -> TuneRule.oneStandardError(List.of(new TuneRule.Point(1, Double.NaN, 0, 0)), true));
    }

    @Test
    void lambdaTextIsStable() {
        assertEquals("0.01", TuneRule.format(0.01));
        assertEquals("0.000001", TuneRule.format(1e-6));
        assertEquals("0.316228", TuneRule.format(Math.sqrt(0.1)));
        assertEquals("1000", TuneRule.format(1000));
    }
}
