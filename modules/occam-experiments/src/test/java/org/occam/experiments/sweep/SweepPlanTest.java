package org.occam.experiments.sweep;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.experiments.data.DataException;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepPlanTest {
    @TempDir
    Path dir;

    @Test
    void cartesianProductTimesSeedsTimesFolds() throws Exception {
        Path config = SweepFixtures.moonsConfig(dir, 2, "");
        SweepPlan plan = SweepFixtures.plan(config, dir.resolve("runs"),
                List.of("trainer.penalties=l1,l2,enet", "l1+l2+enet.lambda=0,0.01"), 2, 3);
        assertEquals(6, plan.pointCount());
        assertEquals(6 * 2 * 3, plan.combinations().size());
        SweepPlan.Combination c = plan.combinations().get(0);
        assertEquals("p000-s1-f0", c.id());
        assertEquals(Map.of("trainer.penalties", "l1", "l1+l2+enet.lambda", "0"), c.values());
        assertEquals(List.of("trainer.penalties=l1", "l1.lambda=0", "l2.lambda=0", "enet.lambda=0", "trainer.seed=1"), c.overrides());
        assertEquals(List.of(true, false), plan.listAxes());
        assertEquals(List.of(1L, 2L), plan.seeds());
        assertEquals("p005-s2-f2", plan.combinations().get(plan.combinations().size() - 1).id());
        assertTrue(plan.directory().startsWith(dir.resolve("runs").resolve("tiny-moons")));
        assertTrue(plan.directory().getFileName().toString().matches("sweep-[0-9a-f]{12}"));
        assertEquals("sweep-" + plan.hash() + "-p000-s1-f0", c.runId());
    }

    @Test
    void theSameSweepHasTheSameDirectoryAndAnotherGridAnother() throws Exception {
        Path config = SweepFixtures.moonsConfig(dir, 2, "");
        SweepPlan a = SweepFixtures.plan(config, dir, List.of("l2.lambda=0,0.01"), 1, 0);
        SweepPlan b = SweepFixtures.plan(config, dir, List.of("l2.lambda=0,0.01"), 1, 0);
        SweepPlan c = SweepFixtures.plan(config, dir, List.of("l2.lambda=0,0.1"), 1, 0);
        SweepPlan d = SweepFixtures.plan(config, dir, List.of("l2.lambda=0,0.01"), 2, 0);
        assertEquals(a.directory(), b.directory());
        assertNotEquals(a.directory(), c.directory());
        assertNotEquals(a.directory(), d.directory());
    }

    @Test
    void configDeclaredSweepWithCommandLineAxesOnTop() throws Exception {
        Path config = SweepFixtures.moonsConfig(dir, 2, """
                <component name="sweep" type="org.occam.experiments.sweep.Sweep">
                  <propertylist name="grid"><item>l2.lambda=0,0.01,0.1</item><item>trainer.epochs=1,2</item></propertylist>
                  <property name="seeds" value="2"/>
                </component>""");
        SweepSpec declared = SweepSpec.of(config, List.of(), List.of(), null, null, null, null);
        assertEquals(List.of("l2.lambda=0,0.01,0.1", "trainer.epochs=1,2"), declared.axes().stream().map(GridAxis::spec).toList());
        assertEquals(2, declared.seeds());
        SweepSpec overridden = SweepSpec.of(config, List.of(), List.of(GridAxis.parse("l2.lambda=1")), 1, null, null, null);
        assertEquals(List.of("l2.lambda=1", "trainer.epochs=1,2"), overridden.axes().stream().map(GridAxis::spec).toList());
        assertEquals(1, overridden.seeds());
    }

    @Test
    void badKeysAndValuesFailBeforeAnyRunNamingThem() throws Exception {
        Path config = SweepFixtures.moonsConfig(dir, 2, "");
        Path runs = dir.resolve("runs");
        assertMessage(() -> SweepFixtures.plan(config, runs, List.of("l3.lambda=0.1"), 1, 0), "no component 'l3'");
        assertMessage(() -> SweepFixtures.plan(config, runs, List.of("l2.lamda=0.1"), 1, 0), "lamda");
        assertMessage(() -> SweepFixtures.plan(config, runs, List.of("l2.lambda=0.1,-1"), 1, 0), "value '-1'");
        assertMessage(() -> SweepFixtures.plan(config, runs, List.of("trainer.penalties=l2,l9"), 1, 0), "value 'l9'");
        assertMessage(() -> SweepFixtures.plan(config, runs, List.of("trainer.seed=1,2"), 2, 0), "both set the trainer seed");
        assertMessage(() -> SweepFixtures.plan(config, runs, List.of(), 1, 0), "nothing to sweep");
    }

    @Test
    void withoutValidationRowsOnlyCrossValidationCanChoose() throws Exception {
        Path config = SweepFixtures.moonsConfig(dir, 2, "");
        Path runs = dir.resolve("runs");
        SweepSpec spec = SweepSpec.of(config, List.of("split.validationFraction=0"), List.of(GridAxis.parse("l2.lambda=0,1")), 1, 0, null, null);
        assertMessage(() -> SweepPlan.of(spec, runs), "never on test");
        SweepSpec cv = SweepSpec.of(config, List.of("split.validationFraction=0"), List.of(GridAxis.parse("l2.lambda=0,1")), 1, 3, null, null);
        assertEquals(6, SweepPlan.of(cv, runs).combinations().size());
    }

    @Test
    void selectionMetricMustFitTheTask() throws Exception {
        Path config = SweepFixtures.moonsConfig(dir, 2, "");
        SweepSpec spec = SweepSpec.of(config, List.of(), List.of(GridAxis.parse("l2.lambda=0,1")), 1, 0, null, "mse");
        assertMessage(() -> SweepPlan.of(spec, dir), "does not apply to a classification task");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable e, String fragment) {
        DataException ex = assertThrows(DataException.class, e);
        assertTrue(ex.getMessage().contains(fragment), ex.getMessage());
    }
}
