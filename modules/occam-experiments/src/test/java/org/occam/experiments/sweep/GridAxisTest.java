package org.occam.experiments.sweep;

import org.junit.jupiter.api.Test;
import org.occam.experiments.data.DataException;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GridAxisTest {
    @Test
    void parsesOneComponent() {
        GridAxis a = GridAxis.parse("l2.lambda=0, 0.001,0.01");
        assertEquals(List.of("l2"), a.components());
        assertEquals("lambda", a.property());
        assertEquals(List.of("0", "0.001", "0.01"), a.values());
        assertEquals("l2.lambda", a.key());
        assertEquals(List.of("l2.lambda=0.001"), a.overrides("0.001", false));
    }

    @Test
    void severalComponentsShareOneAxis() {
        GridAxis a = GridAxis.parse("l1+l2+enet.lambda=0.1,1");
        assertEquals(List.of("l1", "l2", "enet"), a.components());
        assertEquals(List.of("l1.lambda=1", "l2.lambda=1", "enet.lambda=1"), a.overrides("1", false));
    }

    @Test
    void listValuesJoinItemsWithPlusAndNoneIsEmpty() {
        GridAxis a = GridAxis.parse("trainer.penalties=l1,l2,l1+l2,none");
        assertEquals(List.of("trainer.penalties=l1"), a.overrides("l1", true));
        assertEquals(List.of("trainer.penalties=l1,l2"), a.overrides("l1+l2", true));
        assertEquals(List.of("trainer.penalties="), a.overrides("none", true));
        // On a simple property '+' is kept: 1e+3 is a number, not two items.
        assertEquals(List.of("l2.lambda=1e+3"), GridAxis.parse("l2.lambda=1e+3").overrides("1e+3", false));
    }

    @Test
    void rejectsMalformedSpecs() {
        for (String bad : List.of("lambda=1", "l2.lambda", ".lambda=1", "l2.=1", "l2.lambda=1,,2", "l2.lambda=1,1", "+l2.lambda=1")) {
            DataException e = assertThrows(DataException.class, () -> GridAxis.parse(bad), bad);
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
    }
}
