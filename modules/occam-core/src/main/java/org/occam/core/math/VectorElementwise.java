package org.occam.core.math;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link Elementwise}'s kernels on the Vector API; loaded only when the module is present. */
final class VectorElementwise implements Elementwise.Kernels {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    @Override
    public void relu(double[] z, double[] y, int n) {
        DoubleVector zero = DoubleVector.zero(S);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += S.length()) {
            DoubleVector v = DoubleVector.fromArray(S, z, i);
            zero.blend(v, v.compare(VectorOperators.LE, 0.0).not()).intoArray(y, i);   // z > 0 or NaN: z; else +0
        }
        for (; i < n; i++) {
            y[i] = Math.max(z[i], 0.0);
        }
    }

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
        int l = S.length();
        int j = 0;
        // four vectors of columns at a time: four independent chains of additions (one column's sum is one
        // chain over the rows in order, as in the loop below)
        for (; j + 4 * l <= width; j += 4 * l) {
            DoubleVector s0 = DoubleVector.zero(S);
            DoubleVector s1 = DoubleVector.zero(S);
            DoubleVector s2 = DoubleVector.zero(S);
            DoubleVector s3 = DoubleVector.zero(S);
            for (int r = fromRow; r < toRow; r++) {
                int o = r * width + j;
                s0 = s0.add(DoubleVector.fromArray(S, g, o));
                s1 = s1.add(DoubleVector.fromArray(S, g, o + l));
                s2 = s2.add(DoubleVector.fromArray(S, g, o + 2 * l));
                s3 = s3.add(DoubleVector.fromArray(S, g, o + 3 * l));
            }
            DoubleVector.fromArray(S, out, j).add(s0).intoArray(out, j);
            DoubleVector.fromArray(S, out, j + l).add(s1).intoArray(out, j + l);
            DoubleVector.fromArray(S, out, j + 2 * l).add(s2).intoArray(out, j + 2 * l);
            DoubleVector.fromArray(S, out, j + 3 * l).add(s3).intoArray(out, j + 3 * l);
        }
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

    @Override
    public void momentumStepAndSeed(double[] w1, double[] g1, double[] v1, double[] w2, double[] g2, double[] v2,
                                    double mu, double eta, double k, double[] squares) {
        DoubleVector zero = DoubleVector.zero(S);
        int l = S.length();
        double s1 = 0.0;
        double s2 = 0.0;
        int i = 0;
        if (w2 != null) {
            // both tensors: two independent chains of additions side by side, each in its index order
            for (int end = S.loopBound(Math.min(w1.length, w2.length)); i < end; i += l) {
                DoubleVector a = step(w1, g1, v1, mu, eta, k, zero, i);
                DoubleVector b = step(w2, g2, v2, mu, eta, k, zero, i);
                for (int lane = 0; lane < l; lane++) {
                    s1 += a.lane(lane);
                    s2 += b.lane(lane);
                }
            }
            int i2 = i;
            for (int end = S.loopBound(w2.length); i2 < end; i2 += l) {
                DoubleVector b = step(w2, g2, v2, mu, eta, k, zero, i2);
                for (int lane = 0; lane < l; lane++) {
                    s2 += b.lane(lane);
                }
            }
            squares[1] = Elementwise.momentumStepAndSeedTail(w2, g2, v2, mu, eta, k, i2, w2.length, s2);
        }
        for (int end = S.loopBound(w1.length); i < end; i += l) {
            DoubleVector a = step(w1, g1, v1, mu, eta, k, zero, i);
            for (int lane = 0; lane < l; lane++) {
                s1 += a.lane(lane);
            }
        }
        squares[0] = Elementwise.momentumStepAndSeedTail(w1, g1, v1, mu, eta, k, i, w1.length, s1);
    }

    /** One vector of {@link #momentumStepAndSeed} at position i; returns the new values' squares. */
    private static DoubleVector step(double[] w, double[] g, double[] v, double mu, double eta, double k,
                                     DoubleVector zero, int i) {
        DoubleVector vv = DoubleVector.fromArray(S, v, i).mul(mu).add(DoubleVector.fromArray(S, g, i));
        vv.intoArray(v, i);
        DoubleVector wv = DoubleVector.fromArray(S, w, i).sub(vv.mul(eta));
        wv.intoArray(w, i);
        zero.add(wv.mul(k)).intoArray(g, i);
        return wv.mul(wv);
    }
}
