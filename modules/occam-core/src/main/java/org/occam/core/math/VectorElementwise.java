package org.occam.core.math;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link Elementwise}'s kernels on the Vector API; loaded only when the module is present. */
final class VectorElementwise implements Elementwise.Kernels {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    @Override
    public void reluBackward(double[] z, double[] gy, double[] gz, int n) {
        DoubleVector zero = DoubleVector.zero(S);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += S.length()) {
            VectorMask<Double> positive = DoubleVector.fromArray(S, z, i).compare(VectorOperators.GT, 0.0);
            zero.blend(DoubleVector.fromArray(S, gy, i), positive).intoArray(gz, i);
        }
        for (; i < n; i++) {
            gz[i] = z[i] > 0 ? gy[i] : 0.0;
        }
    }

    @Override
    public void addBlockColumnSums(double[] g, int fromRow, int toRow, int width, double[] out) {
        int j = 0;
        for (int end = S.loopBound(width); j < end; j += S.length()) {
            DoubleVector sum = DoubleVector.zero(S);
            for (int r = fromRow; r < toRow; r++) {
                sum = sum.add(DoubleVector.fromArray(S, g, r * width + j));
            }
            DoubleVector.fromArray(S, out, j).add(sum).intoArray(out, j);
        }
        for (; j < width; j++) {
            double sum = 0.0;
            for (int r = fromRow; r < toRow; r++) {
                sum += g[r * width + j];
            }
            out[j] += sum;
        }
    }
}
