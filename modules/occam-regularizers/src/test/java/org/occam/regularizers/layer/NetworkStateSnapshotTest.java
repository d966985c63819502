package org.occam.regularizers.layer;

import org.junit.jupiter.api.Test;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Activation;
import org.occam.core.nn.Initializer;
import org.occam.core.nn.Mode;
import org.occam.core.nn.Network;
import org.occam.core.train.MlpBuilder;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Early stopping's "restore the best weights" must restore batch normalization's running statistics too. */
public class NetworkStateSnapshotTest {
    @Test
    public void snapshotAndRestoreIncludeRunningStatistics() {
        Network net = MlpBuilder.build(2, new int[]{4}, Activation.RELU, 2, Initializer.HE_UNIFORM,
                List.of(new BatchNormalization(0.9, 1e-3)), new SplittableRandom(1));
        Matrix x = Matrix.of(new double[]{1, 2}, new double[]{3, -1}, new double[]{0.5, 4});
        double[] before = net.forward(x, Mode.INFER).data();
        List<Matrix> snap = net.snapshot();
        net.forward(Matrix.of(new double[]{10, -20}, new double[]{30, 5}), Mode.TRAIN); // moves the running statistics
        assertFalse(java.util.Arrays.equals(before, net.forward(x, Mode.INFER).data()));
        net.restore(snap);
        assertArrayEquals(before, net.forward(x, Mode.INFER).data(), 0.0);
    }
}
