package org.occam.regularizers.penalty;

import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.occam.core.history.EpochRecord;
import org.occam.core.history.TrainingHistory;
import org.occam.core.math.ThreadPolicy;
import org.occam.core.nn.Activation;
import org.occam.core.nn.Initializer;
import org.occam.core.nn.Network;
import org.occam.core.nn.Parameter;
import org.occam.core.nn.SoftmaxCrossEntropy;
import org.occam.core.optim.Adam;
import org.occam.core.optim.Sgd;
import org.occam.core.spi.LambdaConvention;
import org.occam.core.spi.Optimizer;
import org.occam.core.spi.TrainingClock;
import org.occam.core.train.EpochEvaluator;
import org.occam.core.train.Hooks;
import org.occam.core.train.MlpBuilder;
import org.occam.core.train.TrainingLoop;
import org.occam.core.train.TrainingPlan;
import org.occam.regularizers.constraint.MaxNorm;
import org.occam.regularizers.testing.TinyTraining;

import java.lang.reflect.Field;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The training loop may form an L2 penalty's next-step gradient and sums of squares inside the
 * optimizer update ({@link Optimizer.OptimizerRun#stepAndSeed}); the trained weights and every
 * epoch's losses must have the bits of the loop that applies the penalty in its own pass — for SGD
 * with and without (Nesterov) momentum, Adam (the default seed), both λ conventions that read sizes
 * (a short last batch changes SKLEARN's c), and two threads.
 */
class SeededL2Test {

    /** Sgd or Adam, counting the steps that seeded. */
    static final class Counting implements Optimizer {
        private final Optimizer inner;
        int seededSteps;

        Counting(Optimizer inner) {
            this.inner = inner;
        }

        @Override
        public OptimizerRun start(List<Parameter> parameters) {
            OptimizerRun run = inner.start(parameters);
            return new OptimizerRun() {
                @Override
                public double step(TrainingClock clock) {
                    return run.step(clock);
                }

                @Override
                public double stepAndSeed(TrainingClock clock, List<Parameter> seeded, double k, double[] squares) {
                    seededSteps++;
                    return run.stepAndSeed(clock, seeded, k, squares);
                }
            };
        }

        @Override
        public ConfiguredObjectProvenance getProvenance() {
            return inner.getProvenance();
        }
    }

    private record Run(Network network, TrainingHistory history, int seededSteps) {}

    private static void setSeeding(boolean on) throws ReflectiveOperationException {
        Field f = TrainingLoop.class.getDeclaredField("seedPenalties");
        f.setAccessible(true);
        f.setBoolean(null, on);
    }

    @AfterEach
    void reset() throws ReflectiveOperationException {
        setSeeding(true);
        ThreadPolicy.setThreads(1);
        ThreadPolicy.setBackOff(true);
    }

    private static Run train(boolean seeding, Optimizer optimizer, LambdaConvention convention, int threads)
            throws ReflectiveOperationException {
        setSeeding(seeding);
        ThreadPolicy.setThreads(threads);
        ThreadPolicy.setBackOff(false);
        TinyTraining.Data d = TinyTraining.blobs(77, 5, 4);          // 77 rows, batch 16: a last batch of 13
        Network net = MlpBuilder.build(5, new int[]{24, 12}, Activation.RELU, 2, Initializer.GLOROT_UNIFORM, List.of(),
                new SplittableRandom(7));
        Counting counting = new Counting(optimizer);
        Hooks hooks = Hooks.none().withPenalties(List.of(new L2(0.3, convention)));
        TrainingPlan plan = new TrainingPlan(3, 16, true, false, counting, hooks);
        TrainingHistory h = new TrainingLoop(net, new SoftmaxCrossEntropy(), plan, EpochEvaluator.none(), d.x(), d.y(),
                null, null, new SplittableRandom(1)).run();
        return new Run(net, h, counting.seededSteps);
    }

    private static void assertSameBits(Run expected, Run actual, String what) {
        List<Parameter> e = expected.network().parameters();
        List<Parameter> a = actual.network().parameters();
        for (int i = 0; i < e.size(); i++) {
            assertArrayEquals(e.get(i).value().data(), a.get(i).value().data(), what + ": " + e.get(i).name());
        }
        for (int i = 0; i < expected.history().epochs().size(); i++) {
            EpochRecord re = expected.history().epochs().get(i);
            EpochRecord ra = actual.history().epochs().get(i);
            assertEquals(Double.doubleToRawLongBits(re.penaltyLosses().get("L2")),
                    Double.doubleToRawLongBits(ra.penaltyLosses().get("L2")), what + ": epoch " + (i + 1) + " L2 term");
            assertEquals(Double.doubleToRawLongBits(re.dataLoss()), Double.doubleToRawLongBits(ra.dataLoss()),
                    what + ": epoch " + (i + 1) + " data loss");
        }
    }

    @Test
    void seededRunsHaveTheBitsOfThePenaltyPass() throws ReflectiveOperationException {
        for (int threads : new int[]{1, 2}) {
            for (LambdaConvention convention : new LambdaConvention[]{LambdaConvention.SKLEARN, LambdaConvention.DATASET}) {
                Optimizer[] optimizers = {new Sgd(0.05, 0.9, false), new Sgd(0.05, 0.9, true), new Sgd(0.05),
                    new Adam(0.01, 0.9, 0.999, 1e-8)};
                for (Optimizer o : optimizers) {
                    String what = o + ", " + convention + ", " + threads + " thread(s)";
                    Run plain = train(false, o, convention, threads);
                    Run seeded = train(true, o, convention, threads);
                    assertEquals(0, plain.seededSteps(), what);
                    // 5 batches an epoch: every step but an epoch's last seeds the next one
                    assertEquals(3 * 4, seeded.seededSteps(), what);
                    assertSameBits(plain, seeded, what);
                    assertTrue(plain.history().epochs().get(2).penaltyLosses().get("L2") > 0, what);
                }
            }
        }
    }

    @Test
    void aSecondPenaltyOrAConstraintTurnsSeedingOff() throws ReflectiveOperationException {
        TinyTraining.Data d = TinyTraining.blobs(40, 3, 5);
        for (int variant = 0; variant < 2; variant++) {
            Network net = MlpBuilder.build(3, new int[]{6}, Activation.RELU, 2, Initializer.GLOROT_UNIFORM, List.of(),
                    new SplittableRandom(2));
            Counting counting = new Counting(new Sgd(0.1, 0.9, false));
            Hooks hooks = variant == 0
                    ? Hooks.none().withPenalties(List.of(new L2(0.1, LambdaConvention.KERAS), new L1(0.01, LambdaConvention.KERAS, L1.Update.SUBGRADIENT)))
                    : Hooks.none().withPenalties(List.of(new L2(0.1, LambdaConvention.KERAS)))
                    .withConstraints(List.of(new MaxNorm(3.0)));
            TrainingPlan plan = new TrainingPlan(2, 8, true, false, counting, hooks);
            new TrainingLoop(net, new SoftmaxCrossEntropy(), plan, EpochEvaluator.none(), d.x(), d.y(), null, null,
                    new SplittableRandom(1)).run();
            assertEquals(0, counting.seededSteps, "variant " + variant);
        }
    }
}
