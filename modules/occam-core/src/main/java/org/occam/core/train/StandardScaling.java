package org.occam.core.train;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
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
 * or {@link SimpleTransform#sub} for constants), so models serialize through Tribuo's protobuf path.
 */
public final class StandardScaling implements Transformation {

    /** Creates the transformation (no settings). */
    public StandardScaling() {}

    @Override
    public TransformStatistics createStats() {
        return new Stats();
    }

    @Override
    public TransformationProvenance getProvenance() {
        return new ScalingProvenance();
    }

    @Override
    public String toString() {
        return "StandardScaling()";
    }

    private static final class Stats implements TransformStatistics {
        private final TransformStatistics tribuo = new MeanStdDevTransformation().createStats();
        private double min = Double.POSITIVE_INFINITY;
        private double max = Double.NEGATIVE_INFINITY;
        private long count = 0;

        @Override
        public void observeValue(double value) {
            tribuo.observeValue(value);
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
            return tribuo.generateTransformer();
        }
    }

    /** Provenance of the (setting-free) transformation. */
    public static final class ScalingProvenance implements TransformationProvenance {
        private static final long serialVersionUID = 1L;

        /** Creates it. */
        public ScalingProvenance() {}

        /**
         * Deserialization constructor.
         * @param map the (empty) provenance map
         */
        public ScalingProvenance(Map<String, Provenance> map) {}

        @Override
        public String getClassName() {
            return StandardScaling.class.getName();
        }

        @Override
        public Map<String, Provenance> getConfiguredParameters() {
            return Collections.emptyMap();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ScalingProvenance;
        }

        @Override
        public int hashCode() {
            return ScalingProvenance.class.hashCode();
        }

        @Override
        public String toString() {
            return "StandardScaling()";
        }
    }
}
