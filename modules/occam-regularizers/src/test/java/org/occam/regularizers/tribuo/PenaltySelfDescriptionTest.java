package org.occam.regularizers.tribuo;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.junit.jupiter.api.Test;
import org.occam.core.spi.LambdaConvention;
import org.occam.core.spi.Penalty;
import org.occam.regularizers.penalty.DecoupledWeightDecay;
import org.occam.regularizers.penalty.ElasticNet;
import org.occam.regularizers.penalty.L1;
import org.occam.regularizers.penalty.L2;
import org.occam.regularizers.penalty.PenaltySchedule;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.math.optimisers.SGD;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Penalties say themselves whether they read n and whether they act after the step, and the Tribuo
 * adapter decides from that alone (no instanceof, no reflection): so a wrapper such as
 * {@link PenaltySchedule} is judged by what it wraps.
 */
class PenaltySelfDescriptionTest {

    @Test
    void catalogPenaltiesDescribeThemselves() {
        assertTrue(new L2(0.1, LambdaConvention.DATASET).usesDatasetSize());
        assertFalse(new L2(0.1, LambdaConvention.KERAS).usesDatasetSize());
        assertFalse(new L2(0.1, LambdaConvention.KERAS).actsAfterStep());
        assertTrue(new L1(0.1, LambdaConvention.KERAS, L1.Update.PROXIMAL).actsAfterStep());
        assertFalse(new L1(0.1, LambdaConvention.KERAS, L1.Update.SUBGRADIENT).actsAfterStep());
        assertTrue(ElasticNet.ofRatio(0.1, 0.5, LambdaConvention.DATASET).usesDatasetSize());
        assertTrue(new DecoupledWeightDecay(0.01).actsAfterStep());
        assertFalse(new DecoupledWeightDecay(0.01).usesDatasetSize());
        Penalty wrapped = new PenaltySchedule(new L1(0.1, LambdaConvention.SKLEARN, L1.Update.PROXIMAL), 0, 0, 5);
        assertTrue(wrapped.actsAfterStep());
        assertFalse(wrapped.usesDatasetSize());
    }

    @Test
    void aScheduledCoupledPenaltyWorksWithAnyTribuoOptimiserAndNoN() {
        Penalty scheduled = new PenaltySchedule(new L2(0.1, LambdaConvention.KERAS), 0, 0, 5);
        PenalizedOptimiser o = new PenalizedOptimiser(new AdaGrad(0.1), List.of(scheduled), 0, 8);
        assertEquals(List.of(scheduled), o.penalties());
    }

    @Test
    void aScheduledProximalPenaltyStillNeedsSgdAndAScheduledDatasetPenaltyStillNeedsN() {
        Penalty proximal = new PenaltySchedule(new L1(0.1, LambdaConvention.KERAS, L1.Update.PROXIMAL), 0, 0, 5);
        PropertyException e = assertThrows(PropertyException.class,
                () -> new PenalizedOptimiser(new AdaGrad(0.1), List.of(proximal), 0, 8));
        assertEquals("optimiser", e.getProperty());
        new PenalizedOptimiser(SGD.getSimpleSGD(0.1), List.of(proximal), 0, 8);
        Penalty dataset = new PenaltySchedule(new L2(0.1, LambdaConvention.DATASET), 0, 0, 5);
        assertEquals("trainingSetSize", assertThrows(PropertyException.class,
                () -> new PenalizedOptimiser(SGD.getSimpleSGD(0.1), List.of(dataset), 0, 8)).getProperty());
    }
}
