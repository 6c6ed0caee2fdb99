package dev.hindsight.pt.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InsnClassTest {

    @Test
    void shouldKeepLibiptsValues() {
        assertEquals(0, InsnClass.UNKNOWN.ordinal());
        assertEquals(9, InsnClass.PTWRITE.ordinal());
        assertEquals(10, InsnClass.INDIRECT.ordinal());
    }

    @Test
    void shouldTellBranchesFromOtherInstructions() {
        for (InsnClass c : InsnClass.values()) {
            boolean branch = c != InsnClass.UNKNOWN && c != InsnClass.OTHER && c != InsnClass.PTWRITE;
            assertEquals(branch, c.isBranch(), c.name());
        }
    }

    @Test
    void shouldTellFarBranches() {
        assertTrue(InsnClass.FAR_CALL.isFarBranch());
        assertTrue(InsnClass.FAR_RETURN.isFarBranch());
        assertTrue(InsnClass.FAR_JUMP.isFarBranch());
        assertFalse(InsnClass.CALL.isFarBranch());
        assertFalse(InsnClass.INDIRECT.isFarBranch());
    }
}
