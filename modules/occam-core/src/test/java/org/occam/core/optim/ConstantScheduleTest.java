package org.occam.core.optim;

import org.junit.jupiter.api.Test;
import org.occam.core.spi.TrainingClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.occam.core.testing.ConfigAssertions.assertConfigRoundTrip;

public class ConstantScheduleTest {

    @Test
    public void rateIsTheBaseRateAtEveryStep() {
        ConstantSchedule s = new ConstantSchedule();
        for (int epoch = 0; epoch < 5; epoch++) {
            for (int b = 0; b < 3; b++) {
                assertEquals(0.37, s.rate(0.37, new TrainingClock(epoch, epoch * 3L + b, b, 3, 5)), 0.0);
            }
        }
    }

    @Test
    public void configAndProvenanceRoundTrip() {
        assertConfigRoundTrip(new ConstantSchedule());
    }
}
