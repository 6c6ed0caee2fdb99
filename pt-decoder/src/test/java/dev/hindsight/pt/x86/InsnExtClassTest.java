package dev.hindsight.pt.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InsnExtClassTest {

    private static Set<InsnExtClass> where(java.util.function.Predicate<InsnExtClass> p) {
        Set<InsnExtClass> s = EnumSet.noneOf(InsnExtClass.class);
        for (InsnExtClass c : InsnExtClass.values()) {
            if (p.test(c)) {
                s.add(c);
            }
        }
        return s;
    }

    @Test
    void shouldKeepLibiptsOrder() {
        assertEquals(0, InsnExtClass.INVALID.ordinal());
        assertEquals(20, InsnExtClass.MOV_CR3.ordinal());
        assertEquals(37, InsnExtClass.JMPABS.ordinal());
    }

    @Test
    void shouldChangeCplOnInterruptsAndSystemCalls() {
        assertEquals(EnumSet.of(InsnExtClass.INT, InsnExtClass.INT3, InsnExtClass.INT1,
                InsnExtClass.INTO, InsnExtClass.IRET, InsnExtClass.SYSCALL, InsnExtClass.SYSENTER,
                InsnExtClass.SYSEXIT, InsnExtClass.SYSRET), where(InsnExtClass::changesCpl));
    }

    @Test
    void shouldNameIretsVmentriesUiretAndCr3Writes() {
        assertEquals(EnumSet.of(InsnExtClass.IRET, InsnExtClass.SYSRET, InsnExtClass.SYSEXIT,
                InsnExtClass.ERETS, InsnExtClass.ERETU), where(InsnExtClass::isIret));
        assertEquals(EnumSet.of(InsnExtClass.VMLAUNCH, InsnExtClass.VMRESUME),
                where(InsnExtClass::isVmentry));
        assertTrue(InsnExtClass.UIRET.isUiret());
        assertFalse(InsnExtClass.IRET.isUiret());
        assertEquals(EnumSet.of(InsnExtClass.MOV_CR3), where(InsnExtClass::changesCr3));
    }
}
