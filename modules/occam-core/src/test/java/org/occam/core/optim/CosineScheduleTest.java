package org.occam.core.optim;

import org.junit.jupiter.api.Test;
import org.occam.core.spi.TrainingClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.occam.core.testing.ConfigAssertions.assertConfigRoundTrip;
import static org.occam.core.testing.ConfigAssertions.assertPropertyException;

public class CosineScheduleTest {
    /** 10 epochs × 20 batches: T = 200 steps. */
    private static TrainingClock step(long t) {
        return new TrainingClock((int) (t / 20), t, (int) (t % 20), 20, 10);
    }

    @Test
    public void startEndAndMidpoint() {
        CosineSchedule s = new CosineSchedule(0.01);
        assertEquals(0.5, s.rate(0.5, step(0)), 1e-16);
        assertEquals(0.01, s.rate(0.5, step(200)), 1e-16);
        assertEquals((0.5 + 0.01) / 2, s.rate(0.5, step(100)), 1e-16);
    }

    @Test
    public void closedFormAtQuarterPoints() {
        // η_min + ½(η − η_min)(1 + cos(πt/T)): at t = T/4 the cosine is √2/2, at 3T/4 it is −√2/2
        CosineSchedule s = new CosineSchedule(0.0);
        assertEquals(0.5 * (1 + Math.sqrt(0.5)), s.rate(1.0, step(50)), 1e-15);
        assertEquals(0.5 * (1 - Math.sqrt(0.5)), s.rate(1.0, step(150)), 1e-15);
    }

    @Test
    public void monotoneAndClampedAfterTheEnd() {
        CosineSchedule s = new CosineSchedule(0.1);
        double prev = Double.POSITIVE_INFINITY;
        for (long t = 0; t <= 200; t++) {
            double r = s.rate(1.0, step(t));
            assertTrue(r <= prev && r >= 0.1 - 1e-16, "t = " + t);
            prev = r;
        }
        assertEquals(0.1, s.rate(1.0, step(250)), 1e-16);
    }

    @Test
    public void badConfigs() {
        for (double min : new double[]{-0.001, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertPropertyException("minRate", () -> new CosineSchedule(min));
        }
    }

    @Test
    public void configAndProvenanceRoundTrip() {
        assertConfigRoundTrip(new CosineSchedule(0.0));
        assertConfigRoundTrip(new CosineSchedule(1e-4));
    }
}
