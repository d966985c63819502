package org.occam.experiments.data;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import org.tribuo.transform.TransformStatistics;
import org.tribuo.transform.Transformation;
import org.tribuo.transform.TransformationProvenance;

import java.util.Collections;
import java.util.Map;

/**
 * The feature standardization of runs recorded before it moved to the model modules; kept only so
 * that those records' model files, whose provenance names this class, still load with the
 * experiments module on the class path. New runs use {@link org.occam.core.train.StandardScaling},
 * whose model files load with the model modules alone.
 * @deprecated use {@link org.occam.core.train.StandardScaling}
 */
@Deprecated
public final class StandardScaling implements Transformation {

    /** Creates the transformation (no settings). */
    public StandardScaling() {}

    @Override
    public TransformStatistics createStats() {
        return new org.occam.core.train.StandardScaling().createStats();
    }

    @Override
    public TransformationProvenance getProvenance() {
        return new ScalingProvenance();
    }

    @Override
    public String toString() {
        return "StandardScaling()";
    }

    /** Provenance of the (setting-free) transformation, as old records name it. */
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
