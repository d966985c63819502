package org.occam.core.optim;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Parameter;
import org.occam.core.spi.Optimizer;
import org.occam.core.spi.TrainingClock;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A step of Occam's own optimizers split into {@code begin} and the two {@code updateHalf} calls
 * (as the data-parallel pass runs it on two threads; not part of the SPI) gives the bits of the ordinary step, for every built-in rule, with a
 * schedule, over many steps and tensors of odd and even sizes.
 */
public class SplitStepTest {

    static Stream<Arguments> optimizers() {
        return Stream.of(
                Arguments.of(new Sgd(0.05)),
                Arguments.of(new Sgd(0.05, 0.9, false)),
                Arguments.of(new Sgd(0.05, 0.9, true, new CosineSchedule(0.1))),
                Arguments.of(new Adam(0.01)),
                Arguments.of(new AdamW(0.01, 0.05)),
                Arguments.of(new RmsProp(0.01, 0.9, 1e-7)),
                Arguments.of(new AdaGrad(0.05, 0.1, 1e-7)));
    }

    private static List<Parameter> tensors() {
        List<Parameter> ps = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(11);
        for (int n : new int[]{1, 2, 7, 40}) {
            Matrix m = new Matrix(1, n);
            for (int i = 0; i < n; i++) {
                m.data()[i] = r.nextGaussian();
            }
            ps.add(new Parameter("layer" + n, "weight", Parameter.Role.WEIGHT, false, m));
        }
        return ps;
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    public void aSplitStepGivesTheBitsOfAStep(Optimizer optimizer) {
        List<Parameter> whole = tensors();
        List<Parameter> split = tensors();
        Optimizer.OptimizerRun a = optimizer.start(whole);
        assertTrue(optimizer.start(split) instanceof AbstractOptimizer.PositionwiseRun);
        AbstractOptimizer.PositionwiseRun b = (AbstractOptimizer.PositionwiseRun) optimizer.start(split);
        SplittableRandom g = new SplittableRandom(3);
        for (int t = 0; t < 50; t++) {
            for (int i = 0; i < whole.size(); i++) {
                double[] gw = whole.get(i).gradient().data();
                for (int j = 0; j < gw.length; j++) {
                    gw[j] = g.nextGaussian();
                }
                System.arraycopy(gw, 0, split.get(i).gradient().data(), 0, gw.length);
            }
            TrainingClock clock = new TrainingClock(t / 10, t, t % 10, 10, 5);
            double etaA = a.step(clock);
            double etaB = b.begin(clock);
            b.updateHalf(false);                  // the order of the halves does not matter
            b.updateHalf(true);
            assertEquals(etaA, etaB, 0.0);
            for (int i = 0; i < whole.size(); i++) {
                assertArrayEquals(whole.get(i).value().data(), split.get(i).value().data(), "step " + t + ", tensor " + i);
            }
        }
    }
}
