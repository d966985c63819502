package org.occam.core.optim;

import org.junit.jupiter.api.Test;
import org.occam.core.spi.TrainingClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.occam.core.testing.ConfigAssertions.assertConfigRoundTrip;
import static org.occam.core.testing.ConfigAssertions.assertPropertyException;

public class StepScheduleTest {

    private static TrainingClock epoch(int e) {
        return new TrainingClock(e, e * 10L + 3, 3, 10, 20);
    }

    @Test
    public void decaysEveryStepEpochs() {
        // η·γ^⌊epoch/3⌋ with η = 0.8, γ = 0.5: epochs 0–2 → 0.8, 3–5 → 0.4, 6–8 → 0.2, 9 → 0.1
        StepSchedule s = new StepSchedule(3, 0.5);
        double[] expected = {0.8, 0.8, 0.8, 0.4, 0.4, 0.4, 0.2, 0.2, 0.2, 0.1};
        for (int e = 0; e < expected.length; e++) {
            assertEquals(expected[e], s.rate(0.8, epoch(e)), 1e-16, "epoch " + e);
        }
    }

    @Test
    public void gammaOneIsConstant() {
        assertEquals(0.3, new StepSchedule(1, 1.0).rate(0.3, epoch(17)), 0.0);
    }

    @Test
    public void badConfigs() {
        assertPropertyException("stepEpochs", () -> new StepSchedule(0, 0.5));
        assertPropertyException("stepEpochs", () -> new StepSchedule(-2, 0.5));
        for (double gamma : new double[]{0, -0.5, Math.nextUp(1.0), Double.NaN, Double.POSITIVE_INFINITY}) {
            assertPropertyException("gamma", () -> new StepSchedule(3, gamma));
        }
    }

    @Test
    public void configAndProvenanceRoundTrip() {
        assertConfigRoundTrip(new StepSchedule(10, 0.1));
        assertConfigRoundTrip(new StepSchedule(2, 0.75));
    }
}
