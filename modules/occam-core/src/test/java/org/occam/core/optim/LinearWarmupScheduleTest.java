package org.occam.core.optim;

import org.junit.jupiter.api.Test;
import org.occam.core.spi.TrainingClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.occam.core.testing.ConfigAssertions.assertConfigRoundTrip;
import static org.occam.core.testing.ConfigAssertions.assertPropertyException;

public class LinearWarmupScheduleTest {
    /** 4 epochs × 5 batches. */
    private static TrainingClock step(long t) {
        return new TrainingClock((int) (t / 5), t, (int) (t % 5), 5, 4);
    }

    @Test
    public void rampsLinearlyThenDelegates() {
        // W = 4, η = 0.8: steps 0..3 → 0.2, 0.4, 0.6, 0.8; afterwards the wrapped ExponentialSchedule(0.5)
        // on the unshifted clock: step 4 is epoch 0 → 0.8, step 5 is epoch 1 → 0.4, step 12 is epoch 2 → 0.2
        LinearWarmupSchedule s = new LinearWarmupSchedule(4, new ExponentialSchedule(0.5));
        assertEquals(0.8 / 4, s.rate(0.8, step(0)), 1e-16);
        assertEquals(0.4, s.rate(0.8, step(1)), 1e-16);
        assertEquals(0.6, s.rate(0.8, step(2)), 1e-15);
        assertEquals(0.8, s.rate(0.8, step(3)), 1e-16);
        assertEquals(0.8, s.rate(0.8, step(4)), 1e-16);
        assertEquals(0.4, s.rate(0.8, step(5)), 1e-16);
        assertEquals(0.2, s.rate(0.8, step(12)), 1e-16);
    }

    @Test
    public void warmupOfOneStepIsTheWrappedSchedule() {
        LinearWarmupSchedule s = new LinearWarmupSchedule(1, new CosineSchedule(0.0));
        CosineSchedule c = new CosineSchedule(0.0);
        for (long t = 0; t < 20; t++) {
            assertEquals(c.rate(0.3, step(t)), s.rate(0.3, step(t)), 0.0);
        }
    }

    @Test
    public void warmupDuringAnEpochBoundaryIgnoresTheWrappedSchedule() {
        // W = 8 spans epochs 0 and 1; during warm-up the rate is η·(t+1)/W whatever the wrapped schedule says
        LinearWarmupSchedule s = new LinearWarmupSchedule(8, new StepSchedule(1, 0.1));
        assertEquals(0.7 * 7 / 8, s.rate(0.7, step(6)), 1e-16);
        assertEquals(0.7 * 0.1, s.rate(0.7, step(8)), 1e-16);
    }

    @Test
    public void badConfigs() {
        assertPropertyException("warmupSteps", () -> new LinearWarmupSchedule(0, new ConstantSchedule()));
        assertPropertyException("warmupSteps", () -> new LinearWarmupSchedule(-5, new ConstantSchedule()));
        assertPropertyException("after", () -> new LinearWarmupSchedule(10, null));
    }

    @Test
    public void configAndProvenanceRoundTrip() {
        assertConfigRoundTrip(new LinearWarmupSchedule(100, new ConstantSchedule()));
        assertConfigRoundTrip(new LinearWarmupSchedule(7, new CosineSchedule(0.001)));
        assertConfigRoundTrip(new LinearWarmupSchedule(3, new LinearWarmupSchedule(5, new StepSchedule(2, 0.5))));
    }
}
