package org.occam.bench;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Measures this core's float64 peak: twelve independent chains of vector fused multiply-adds on the
 * widest vector shape, which is what a GEMM could reach at best. Needs
 * {@code --add-modules jdk.incubator.vector}; loaded only when that module is present.
 */
final class PeakFlops {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    private PeakFlops() {}

    /** @return the lanes of the vectors the chains use (4 with AVX2, 8 with AVX-512) */
    static int lanes() {
        return S.length();
    }

    /** @return GFLOP/s of one thread, best of several runs */
    static double measure() {
        double best = 0;
        for (int r = 0; r < 8; r++) {
            long iters = 20_000_000;
            long t0 = System.nanoTime();
            double sink = chains(iters);
            long t = System.nanoTime() - t0;
            if (sink == 42) {
                System.out.print("");
            }
            best = Math.max(best, iters * 12.0 * S.length() * 2 / t);
        }
        return best;
    }

    /**
     * @param threads threads running the same FMA loop at once
     * @return their summed GFLOP/s (≈ threads × {@link #measure()} on independent cores)
     */
    static double measureConcurrent(int threads) throws InterruptedException {
        double[] each = new double[threads];
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            ts[t] = new Thread(() -> each[id] = measure());
            ts[t].start();
        }
        double sum = 0;
        for (int t = 0; t < threads; t++) {
            ts[t].join();
            sum += each[t];
        }
        return sum;
    }

    private static double chains(long iters) {
        DoubleVector b = DoubleVector.broadcast(S, 1.0000001);
        DoubleVector c = DoubleVector.broadcast(S, 1e-9);
        DoubleVector a0 = DoubleVector.broadcast(S, 0), a1 = DoubleVector.broadcast(S, 1), a2 = DoubleVector.broadcast(S, 2);
        DoubleVector a3 = DoubleVector.broadcast(S, 3), a4 = DoubleVector.broadcast(S, 4), a5 = DoubleVector.broadcast(S, 5);
        DoubleVector a6 = DoubleVector.broadcast(S, 6), a7 = DoubleVector.broadcast(S, 7), a8 = DoubleVector.broadcast(S, 8);
        DoubleVector a9 = DoubleVector.broadcast(S, 9), a10 = DoubleVector.broadcast(S, 10), a11 = DoubleVector.broadcast(S, 11);
        for (long i = 0; i < iters; i++) {
            a0 = a0.fma(b, c); a1 = a1.fma(b, c); a2 = a2.fma(b, c); a3 = a3.fma(b, c);
            a4 = a4.fma(b, c); a5 = a5.fma(b, c); a6 = a6.fma(b, c); a7 = a7.fma(b, c);
            a8 = a8.fma(b, c); a9 = a9.fma(b, c); a10 = a10.fma(b, c); a11 = a11.fma(b, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }
}
