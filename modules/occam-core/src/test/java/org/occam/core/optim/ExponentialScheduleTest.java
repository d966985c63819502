package org.occam.core.optim;

import org.junit.jupiter.api.Test;
import org.occam.core.spi.TrainingClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.occam.core.testing.ConfigAssertions.assertConfigRoundTrip;
import static org.occam.core.testing.ConfigAssertions.assertPropertyException;

public class ExponentialScheduleTest {

    @Test
    public void multipliesByGammaEveryEpoch() {
        // η·γ^epoch, η = 0.5, γ = 0.9: 0.5, 0.45, 0.405, 0.3645; constant inside an epoch
        ExponentialSchedule s = new ExponentialSchedule(0.9);
        double[] expected = {0.5, 0.45, 0.405, 0.3645};
        for (int e = 0; e < expected.length; e++) {
            for (int b = 0; b < 4; b++) {
                assertEquals(expected[e], s.rate(0.5, new TrainingClock(e, e * 4L + b, b, 4, 10)), 1e-15);
            }
        }
    }

    @Test
    public void badConfigs() {
        for (double gamma : new double[]{0, -0.1, Math.nextUp(1.0), 1.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertPropertyException("gamma", () -> new ExponentialSchedule(gamma));
        }
    }

    @Test
    public void configAndProvenanceRoundTrip() {
        assertConfigRoundTrip(new ExponentialSchedule(0.95));
        assertConfigRoundTrip(new ExponentialSchedule(1.0));
    }
}
