package org.occam.core.train;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import org.tribuo.transform.TransformStatistics;
import org.tribuo.transform.Transformation;
import org.tribuo.transform.TransformationProvenance;
import org.tribuo.transform.Transformer;
import org.tribuo.transform.transformations.MeanStdDevTransformation;
import org.tribuo.transform.transformations.SimpleTransform;

import java.util.Collections;
import java.util.Map;

/**
 * Feature standardization x ↦ (x − mean)/std fitted on the training rows, for use with Tribuo's
 * {@code TransformTrainer}, with the two guards Tribuo 4.3.2's {@link MeanStdDevTransformation}
 * lacks:
 * <ul>
 *   <li>a constant feature (std 0, e.g. the always-blank border pixels of digits) maps to
 *       x − mean instead of 0/0 = NaN (scikit-learn's {@code StandardScaler} uses scale 1 there);</li>
 *   <li>implicit zeros are counted as zeros: Tribuo's statistics' {@code observeSparse(n)} resets
 *       the running mean to 0 even for n = 0, so only dividing by the deviation, never centring.</li>
 * </ul>
 * The transformers it produces are Tribuo's own (a {@link MeanStdDevTransformation} transformer,
 * or {@link SimpleTransform#sub} for constants), so models serialize through Tribuo's protobuf path
 * and load with Tribuo and the model modules alone.
 * <p>
 * The deviation is Tribuo's sample standard deviation (n − 1) by default; {@link Deviation#POPULATION}
 * divides by the population one (n), as scikit-learn's {@code StandardScaler} and Occam's own target
 * standardization ({@code MLPRegressionTrainer.standardizeTargets}) do: Tribuo's transformer with
 * target deviation √(n/(n − 1)), so x ↦ (x − mean)/s_sample·√(n/(n − 1)) = (x − mean)/s_population.
 */
public final class StandardScaling implements Transformation {

    /** Which standard deviation divides. */
    public enum Deviation {
        /** √(Σ(x − mean)²/(n − 1)), Tribuo's {@code MeanStdDevTransformation}. */
        SAMPLE,
        /** √(Σ(x − mean)²/n), scikit-learn's {@code StandardScaler}. */
        POPULATION
    }

    private final Deviation deviation;

    /** Creates the transformation with Tribuo's sample deviation. */
    public StandardScaling() {
        this(Deviation.SAMPLE);
    }

    /**
     * @param deviation the standard deviation to divide by
     */
    public StandardScaling(Deviation deviation) {
        this.deviation = java.util.Objects.requireNonNull(deviation, "deviation");
    }

    /** @return the deviation it divides by */
    public Deviation deviation() {
        return deviation;
    }

    @Override
    public TransformStatistics createStats() {
        return new Stats(deviation);
    }

    @Override
    public TransformationProvenance getProvenance() {
        return new ScalingProvenance(deviation);
    }

    @Override
    public String toString() {
        return deviation == Deviation.SAMPLE ? "StandardScaling()" : "StandardScaling(deviation=" + deviation + ")";
    }

    private static final class Stats implements TransformStatistics {
        private final Deviation deviation;
        private final TransformStatistics tribuo = new MeanStdDevTransformation().createStats();
        private final java.util.List<Double> values = new java.util.ArrayList<>();
        private double min = Double.POSITIVE_INFINITY;
        private double max = Double.NEGATIVE_INFINITY;
        private long count = 0;

        Stats(Deviation deviation) {
            this.deviation = deviation;
        }

        @Override
        public void observeValue(double value) {
            tribuo.observeValue(value);
            if (deviation == Deviation.POPULATION) {
                values.add(value);   // replayed once n is known, into Tribuo's statistics with the right target deviation
            }
            min = Math.min(min, value);
            max = Math.max(max, value);
            count++;
        }

        @Override
        @Deprecated
        public void observeSparse() {
            observeValue(0.0);
        }

        @Override
        public void observeSparse(int sparseCount) {
            for (int i = 0; i < sparseCount; i++) {
                observeValue(0.0);
            }
        }

        @Override
        public Transformer generateTransformer() {
            if (count == 0) {
                return SimpleTransform.sub(0.0);
            }
            if (min == max) {
                return SimpleTransform.sub(min);
            }
            if (deviation == Deviation.POPULATION) {
                TransformStatistics population = new MeanStdDevTransformation(0.0, Math.sqrt(count / (count - 1.0))).createStats();
                for (double v : values) {
                    population.observeValue(v);
                }
                return population.generateTransformer();
            }
            return tribuo.generateTransformer();
        }
    }

    /** Provenance of the (setting-free) transformation. */
    public static final class ScalingProvenance implements TransformationProvenance {
        private static final long serialVersionUID = 1L;

        private final Deviation deviation;

        /** Creates it for the sample deviation. */
        public ScalingProvenance() {
            this(Deviation.SAMPLE);
        }

        /**
         * @param deviation the deviation
         */
        public ScalingProvenance(Deviation deviation) {
            this.deviation = deviation;
        }

        /**
         * Deserialization constructor.
         * @param map the provenance map: empty for the sample deviation, else its {@code deviation}
         */
        public ScalingProvenance(Map<String, Provenance> map) {
            Provenance d = map.get("deviation");
            this.deviation = d instanceof StringProvenance ? Deviation.valueOf(((StringProvenance) d).getValue()) : Deviation.SAMPLE;
        }

        @Override
        public String getClassName() {
            return StandardScaling.class.getName();
        }

        @Override
        public Map<String, Provenance> getConfiguredParameters() {
            // the sample deviation keeps the empty map of the records made before the setting existed
            return deviation == Deviation.SAMPLE ? Collections.emptyMap()
                    : Map.of("deviation", new StringProvenance("deviation", deviation.name()));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ScalingProvenance && ((ScalingProvenance) o).deviation == deviation;
        }

        @Override
        public int hashCode() {
            return ScalingProvenance.class.hashCode() * 31 + deviation.hashCode();
        }

        @Override
        public String toString() {
            return new StandardScaling(deviation).toString();
        }
    }
}
