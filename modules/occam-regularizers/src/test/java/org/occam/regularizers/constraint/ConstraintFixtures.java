package org.occam.regularizers.constraint;

import org.occam.core.nn.Dense;
import org.occam.core.nn.Network;
import org.occam.core.nn.Parameter;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Checks the constraint tests share. */
final class ConstraintFixtures {
    private ConstraintFixtures() {}

    /**
     * @param before values before the projection
     * @param ps the parameters after it
     * @param constrained names of the tensors that may change
     */
    static void assertOthersUntouched(List<double[]> before, List<Parameter> ps, List<String> constrained) {
        for (int t = 0; t < ps.size(); t++) {
            if (!constrained.contains(ps.get(t).name())) {
                assertArrayEquals(before.get(t), ps.get(t).value().data(), ps.get(t) + " changed");
            }
        }
    }

    /**
     * @param w a row-major matrix
     * @param cols its columns
     * @param row the row
     * @return the row's Euclidean norm
     */
    static double rowNorm(double[] w, int cols, int row) {
        double s = 0;
        for (int j = 0; j < cols; j++) {
            s += w[row * cols + j] * w[row * cols + j];
        }
        return Math.sqrt(s);
    }

    /**
     * @param network a network
     * @param includeOutput also the output layer
     * @return the largest row norm of the hidden (and output) dense weights
     */
    static double largestRowNorm(Network network, boolean includeOutput) {
        double max = 0;
        for (Dense d : network.denseLayers()) {
            if (d.weight().isOutputLayer() && !includeOutput) {
                continue;
            }
            var w = d.weight().value();
            for (int r = 0; r < w.rows(); r++) {
                max = Math.max(max, rowNorm(w.data(), w.cols(), r));
            }
        }
        return max;
    }
}
