package org.occam.core.train;

import org.junit.jupiter.api.Test;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.transform.TransformStatistics;
import org.tribuo.transform.TransformationMap;
import org.tribuo.transform.Transformer;
import org.tribuo.transform.TransformerMap;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class StandardScalingTest {

    @Test
    public void centresAndScalesWithTheSampleDeviation() {
        TransformStatistics s = new StandardScaling().createStats();
        for (double v : new double[]{1, 2, 3, 4}) {
            s.observeValue(v);
        }
        Transformer t = s.generateTransformer();
        double std = Math.sqrt(((1.5 * 1.5) * 2 + (0.5 * 0.5) * 2) / 3); // sample deviation of 1..4 (Tribuo's n − 1)
        assertEquals((4 - 2.5) / std, t.transform(4), 1e-12);
        assertEquals(0.0, t.transform(2.5), 1e-12);
    }

    @Test
    public void populationDeviationDividesByN() {
        TransformStatistics s = new StandardScaling(StandardScaling.Deviation.POPULATION).createStats();
        for (double v : new double[]{1, 2, 3, 4}) {
            s.observeValue(v);
        }
        Transformer t = s.generateTransformer();
        double std = Math.sqrt(((1.5 * 1.5) * 2 + (0.5 * 0.5) * 2) / 4); // population deviation of 1..4 (scikit-learn's n)
        assertEquals((4 - 2.5) / std, t.transform(4), 1e-12);
        assertEquals(0.0, t.transform(2.5), 1e-12);
        assertTrue(t.getClass().getName().startsWith("org.tribuo."), "Tribuo's own transformer: " + t.getClass());
    }

    @Test
    public void provenanceNamesThePopulationDeviationAndKeepsTheSampleOneEmpty() {
        assertEquals(Map.of(), new StandardScaling().getProvenance().getConfiguredParameters());
        var population = (StandardScaling.ScalingProvenance) new StandardScaling(StandardScaling.Deviation.POPULATION).getProvenance();
        assertEquals(population, new StandardScaling.ScalingProvenance(population.getConfiguredParameters()));
        assertNotEquals(population, new StandardScaling().getProvenance());
        assertEquals(new StandardScaling().getProvenance(), new StandardScaling.ScalingProvenance(Map.of()));
    }

    @Test
    public void constantFeaturesBecomeOffsetsNotNaN() {
        TransformStatistics s = new StandardScaling().createStats();
        for (int i = 0; i < 5; i++) {
            s.observeValue(0.0);
        }
        Transformer t = s.generateTransformer();
        assertEquals(0.0, t.transform(0.0), 0.0);
        assertEquals(3.0, t.transform(3.0), 0.0);
    }

    @Test
    public void implicitZerosAreCountedAsZeros() {
        TransformStatistics s = new StandardScaling().createStats();
        s.observeValue(4.0);
        s.observeValue(8.0);
        s.observeSparse(2);   // two implicit zeros: values {4, 8, 0, 0}, mean 3
        assertEquals(0.0, s.generateTransformer().transform(3.0), 1e-12);
        TransformStatistics none = new StandardScaling().createStats();
        none.observeValue(4.0);
        none.observeValue(8.0);
        none.observeSparse(0); // Tribuo's own statistics reset the mean to 0 here
        assertEquals(0.0, none.generateTransformer().transform(6.0), 1e-12);
    }

    @Test
    public void fittedOnADatasetTheTrainingFeaturesHaveMeanZero() {
        LabelFactory f = new LabelFactory();
        MutableDataset<Label> d = new MutableDataset<>(new SimpleDataSourceProvenance("t", f), f);
        double[][] rows = {{1, 5, 7}, {2, 5, 9}, {6, 5, 2}};
        for (double[] r : rows) {
            d.add(new ArrayExample<>(new Label("a"), new String[]{"x", "c", "z"}, r));
        }
        TransformerMap m = d.createTransformers(new TransformationMap(List.of(new StandardScaling())), false);
        MutableDataset<Label> t = m.transformDataset(d, true);
        double[] sums = new double[3];
        for (var e : t) {
            int j = 0;
            for (var feat : e) {
                sums[j++] += feat.getValue();
                assertEquals(false, Double.isNaN(feat.getValue()));
            }
        }
        for (double s : sums) {
            assertEquals(0.0, s, 1e-12);
        }
    }
}
