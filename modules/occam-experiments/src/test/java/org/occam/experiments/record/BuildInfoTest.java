package org.occam.experiments.record;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The dirty flag is read exactly: true, false, or unknown (an unfiltered placeholder or nothing). */
class BuildInfoTest {
    @Test
    void dirtyIsTrueFalseOrUnknown() {
        assertEquals(Boolean.TRUE, BuildInfo.parseDirty("true"));
        assertEquals(Boolean.FALSE, BuildInfo.parseDirty("false"));
        assertNull(BuildInfo.parseDirty("${git.dirty}"));
        assertNull(BuildInfo.parseDirty(""));
    }
}
