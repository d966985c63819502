package org.occam.regression;

import org.junit.jupiter.api.Test;
import org.occam.core.history.EpochRecord;
import org.occam.core.math.Matrix;
import org.occam.core.model.AbstractMLPModel;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.regression.Regressor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A configured trainer is immutable while it trains (target encoding is a pure function of the
 * configuration and the rows): two {@code train} calls running at once on one trainer give the
 * models that the same two calls give one after the other.
 */
class ConcurrentTrainingTest {

    /** Every parameter's bits and every epoch's validation loss, so targets encoded differently show. */
    private static String fingerprint(Model<Regressor> model) {
        AbstractMLPModel<?> m = (AbstractMLPModel<?>) model;
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Matrix> e : m.parameterValues().entrySet()) {
            sb.append(e.getKey()).append(java.util.Arrays.hashCode(e.getValue().data())).append(';');
        }
        for (EpochRecord r : m.trainingHistory().orElseThrow().epochs()) {
            sb.append(r.validationLoss()).append(';');
        }
        return sb.toString();
    }

    @Test
    void twoConcurrentTrainCallsGiveTheSequentialResults() throws Exception {
        MutableDataset<Regressor> train = MLPRegressionTrainerTest.twoOutputs(200, 1);
        // a large validation set keeps the validation encoding busy while the other call encodes its targets
        MutableDataset<Regressor> valid = MLPRegressionTrainerTest.twoOutputs(20000, 2);
        MLPRegressionTrainer trainer = MLPRegressionTrainer.builder().hiddenLayerSizes(4).epochs(1).minibatchSize(50)
                .trainMetricsEachEpoch(false).build();
        List<String> sequential = List.of(fingerprint(trainer.train(train, valid, Map.of(), 0)),
                fingerprint(trainer.train(train, valid, Map.of(), 1)));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                List<Future<String>> f = new ArrayList<>();
                for (int k = 0; k < 2; k++) {
                    int invocation = k;
                    f.add(pool.submit(() -> fingerprint(trainer.train(train, valid, Map.of(), invocation))));
                }
                assertEquals(sequential.get(0), f.get(0).get(), "round " + round + ", first call");
                assertEquals(sequential.get(1), f.get(1).get(), "round " + round + ", second call");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
