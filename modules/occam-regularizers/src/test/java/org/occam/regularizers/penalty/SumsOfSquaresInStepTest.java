package org.occam.regularizers.penalty;

import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import org.junit.jupiter.api.Test;
import org.occam.core.history.EpochRecord;
import org.occam.core.history.TrainingHistory;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Activation;
import org.occam.core.nn.Initializer;
import org.occam.core.nn.Network;
import org.occam.core.nn.Parameter;
import org.occam.core.nn.SoftmaxCrossEntropy;
import org.occam.core.optim.Adam;
import org.occam.core.optim.Sgd;
import org.occam.core.spi.Constraint;
import org.occam.core.spi.LambdaConvention;
import org.occam.core.spi.Optimizer;
import org.occam.core.spi.Penalty;
import org.occam.core.spi.PenaltyContext;
import org.occam.core.spi.TrainingClock;
import org.occam.core.train.EpochEvaluator;
import org.occam.core.train.MlpBuilder;
import org.occam.core.train.TrainingLoop;
import org.occam.core.train.TrainingPlan;
import org.occam.regularizers.constraint.MaxNorm;
import org.occam.regularizers.testing.TinyTraining;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * L2's sums of squares formed in the previous step's optimizer update
 * ({@link Optimizer.OptimizerRun#stepAndSumSquares}, {@link L2#lossAndAddGradients(List, PenaltyContext, double[])})
 * against the same training with an optimizer that does not form them (each penalty then sums by
 * itself): every epoch's penalty terms and the trained parameters bit for bit, with a ragged last
 * batch, several epochs, every λ convention, several penalties, and the runs where the loop must not
 * use the sums (a constraint, penalties acting before or after the step).
 */
class SumsOfSquaresInStepTest {

    /** The wrapped optimizer, counting the steps that formed sums, or hiding that it can. */
    static final class Counting implements Optimizer {
        private final Optimizer inner;
        private final boolean formsSums;
        int sumSteps;

        Counting(Optimizer inner, boolean formsSums) {
            this.inner = inner;
            this.formsSums = formsSums;
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
                public boolean sumsSquaresInStep() {
                    return formsSums;
                }

                @Override
                public double stepAndSumSquares(TrainingClock clock, boolean[] wanted, double[] sums) {
                    sumSteps++;
                    return run.stepAndSumSquares(clock, wanted, sums);
                }
            };
        }

        @Override
        public ConfiguredObjectProvenance getProvenance() {
            return inner.getProvenance();
        }
    }

    private record Run(Network network, TrainingHistory history, int sumSteps) {}

    private static Run train(Optimizer optimizer, boolean formsSums, List<Penalty> penalties, List<Constraint> constraints) {
        TinyTraining.Data d = TinyTraining.blobs(45, 3, 7);                 // batches of 16, 16 and 13
        SplittableRandom rng = new SplittableRandom(4);
        Network net = MlpBuilder.build(3, new int[]{9, 6}, Activation.RELU, 2, Initializer.HE_UNIFORM, List.of(), rng.split());
        Counting counting = new Counting(optimizer, formsSums);
        TrainingPlan plan = new TrainingPlan(4, 16, true, false, counting, List.of(), penalties, List.of(), constraints, List.of());
        TrainingHistory h = new TrainingLoop(net, new SoftmaxCrossEntropy(), plan, EpochEvaluator.none(), d.x(), d.y(),
                null, null, rng.split()).run();
        return new Run(net, h, counting.sumSteps);
    }

    /** Trains both ways and compares; returns how many steps formed sums in the first. */
    private static int assertSameTraining(Optimizer optimizer, List<Penalty> penalties, List<Constraint> constraints) {
        Run fused = train(optimizer, true, penalties, constraints);
        Run plain = train(optimizer, false, penalties, constraints);
        assertEquals(0, plain.sumSteps());
        List<EpochRecord> a = fused.history().epochs();
        List<EpochRecord> b = plain.history().epochs();
        assertEquals(b.size(), a.size());
        for (int e = 0; e < a.size(); e++) {
            Map<String, Double> pa = a.get(e).penaltyLosses();
            Map<String, Double> pb = b.get(e).penaltyLosses();
            assertEquals(pb.keySet(), pa.keySet());
            for (String k : pb.keySet()) {
                assertEquals(Double.doubleToRawLongBits(pb.get(k)), Double.doubleToRawLongBits(pa.get(k)),
                        "epoch " + (e + 1) + " term " + k + ": " + pb.get(k) + " vs " + pa.get(k));
            }
            assertEquals(Double.doubleToRawLongBits(b.get(e).totalLoss()), Double.doubleToRawLongBits(a.get(e).totalLoss()));
        }
        for (int i = 0; i < plain.network().parameters().size(); i++) {
            Matrix pa = fused.network().parameters().get(i).value();
            Matrix pb = plain.network().parameters().get(i).value();
            assertArrayEquals(pb.data(), pa.data(), plain.network().parameters().get(i).name());
        }
        return fused.sumSteps();
    }

    private static final int STEPS = 4 * 3;

    @Test
    void sklearnL2WithMomentumUsesTheSumsAndKeepsEveryBit() {
        int used = assertSameTraining(new Sgd(0.05, 0.9, false), List.of(new L2(0.5, LambdaConvention.SKLEARN)), List.of());
        assertEquals(STEPS, used);
    }

    @Test
    void everyConventionAndScopeWithPlainAndNesterovSgdAndAdam() {
        for (LambdaConvention c : LambdaConvention.values()) {
            List<Penalty> penalties = List.of(new L2(0.3, c),
                    new L1(0.01, LambdaConvention.KERAS, L1.Update.SUBGRADIENT),          // sums by itself
                    new L2(0.2, c, true, true, List.of()));                              // output layer and biases too
            for (Optimizer o : List.of(new Sgd(0.05), new Sgd(0.05, 0.9, true), new Adam(0.01))) {
                assertEquals(STEPS, assertSameTraining(o, penalties, List.of()), c + " " + o);
            }
        }
    }

    @Test
    void notUsedWhenSomethingChangesTheWeightsAfterTheStep() {
        List<Penalty> l2 = List.of(new L2(0.5, LambdaConvention.KERAS));
        Optimizer sgd = new Sgd(0.05, 0.9, false);
        assertEquals(0, assertSameTraining(sgd, l2, List.of(new MaxNorm(0.5))));
        assertEquals(0, assertSameTraining(sgd, List.of(new L2(0.5, LambdaConvention.KERAS), new DecoupledWeightDecay(0.1)),
                List.of()));
        assertEquals(0, assertSameTraining(sgd, List.of(new L2(0.5, LambdaConvention.KERAS),
                new DecoupledWeightDecay(0.1, DecoupledWeightDecay.Order.BEFORE_STEP, false, false, List.of())), List.of()));
        assertEquals(0, assertSameTraining(sgd, List.of(new L2(0.5, LambdaConvention.KERAS),
                new L1(0.01, LambdaConvention.KERAS, L1.Update.PROXIMAL)), List.of()));
    }

    @Test
    void handedInSumsGiveTheBitsOfTheOwnPass() {
        SplittableRandom rng = new SplittableRandom(2);
        for (int tensors = 0; tensors <= 3; tensors++) {
            List<Parameter> a = new java.util.ArrayList<>();
            List<Parameter> b = new java.util.ArrayList<>();
            double[] sums = new double[tensors];
            for (int t = 0; t < tensors; t++) {
                int n = new int[]{5, 130, 1}[t];
                Matrix w = new Matrix(1, n);
                for (int i = 0; i < n; i++) {
                    w.data()[i] = rng.nextDouble(-1, 1);
                }
                double s = 0;
                for (double v : w.data()) {
                    s += v * v;
                }
                sums[t] = s;
                a.add(new Parameter("l" + t, "weight", Parameter.Role.WEIGHT, false, w.copy()));
                b.add(new Parameter("l" + t, "weight", Parameter.Role.WEIGHT, false, w.copy()));
                for (int i = 0; i < n; i++) {
                    double g = rng.nextDouble(-1, 1);
                    a.get(t).gradient().data()[i] = g;
                    b.get(t).gradient().data()[i] = g;
                }
            }
            L2 l2 = new L2(0.7, LambdaConvention.SKLEARN);
            PenaltyContext ctx = new PenaltyContext(100, 13, new TrainingClock(0, 0, 0, 8, 1));
            double own = l2.lossAndAddGradients(a, ctx);
            double handed = l2.lossAndAddGradients(b, ctx, sums);
            assertEquals(Double.doubleToRawLongBits(own), Double.doubleToRawLongBits(handed), tensors + " tensors");
            for (int t = 0; t < tensors; t++) {
                assertArrayEquals(a.get(t).gradient().data(), b.get(t).gradient().data());
            }
            assertTrue(l2.takesSumsOfSquares());
        }
    }
}
