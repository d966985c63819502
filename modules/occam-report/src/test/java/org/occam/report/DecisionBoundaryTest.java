package org.occam.report;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DecisionBoundaryTest {
    private static DecisionBoundary of(int[][] cells) {
        return new DecisionBoundary("x", "y", 0, 1, 0, 1, cells.length, List.of("a", "b"), cells);
    }

    @Test
    void aStraightBoundaryHasTwoRegions() {
        int[][] c = new int[6][6];
        for (int y = 0; y < 6; y++) {
            for (int x = 3; x < 6; x++) {
                c[y][x] = 1;
            }
        }
        assertEquals(Map.of("a", 1, "b", 1), of(c).regionsByClass());
        assertEquals(2, of(c).regions());
    }

    @Test
    void islandsAndDiagonalsCountSeparately() {
        int[][] c = {
                {1, 0, 0, 0, 0},
                {0, 1, 0, 0, 0},
                {0, 0, 0, 0, 0},
                {0, 0, 0, 1, 1},
                {0, 0, 0, 1, 0}};
        // Class b: two diagonal cells (4-connectivity: not joined) and one L-shaped island = 3.
        // Class a: the background, plus the single cell enclosed at the bottom right = 2.
        assertEquals(Map.of("a", 2, "b", 3), of(c).regionsByClass());
        assertEquals(5, of(c).regions());
    }

    @Test
    void cellCentres() {
        assertEquals(0.125, DecisionBoundary.centre(0, 1, 4, 0), 1e-12);
        assertEquals(0.875, DecisionBoundary.centre(0, 1, 4, 3), 1e-12);
    }
}
