package dev.hindsight.collect.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcMapsTest {
    @Test
    void shouldParseFileAnonymousAndPseudoMappings() {
        List<ProcMaps.Mapping> m = ProcMaps.parse(List.of(
                "55d0c0a00000-55d0c0a02000 r-xp 00001000 fd:01 1234    /usr/bin/my prog",
                "7ffd1c3f0000-7ffd1c3f2000 r-xp 00000000 00:00 0                          [vdso]",
                "7f0000000000-7f0000001000 rw-p 00000000 00:00 0 ",
                "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0  [vsyscall]"));
        assertEquals(4, m.size());
        assertEquals(0x55d0c0a00000L, m.get(0).start());
        assertEquals(0x1000, m.get(0).offset());
        assertEquals("/usr/bin/my prog", m.get(0).path());
        assertTrue(m.get(0).fileBacked() && m.get(0).executable());
        assertEquals("[vdso]", m.get(1).path());
        assertFalse(m.get(1).fileBacked());
        assertFalse(m.get(2).executable());
        assertEquals("", m.get(2).path());
        assertEquals(0xffffffffff600000L, m.get(3).start());
        assertTrue(m.get(3).contains(0xffffffffff600800L));
        assertFalse(m.get(3).contains(0x1000));
    }

    @Test
    void shouldFindOwnExecutableMappings() throws IOException {
        int pid = (int) ProcessHandle.current().pid();
        assertTrue(ProcMaps.read(pid).stream().anyMatch(x -> x.executable() && x.fileBacked()));
    }

    @Test
    void shouldRejectGarbage() {
        assertThrows(IllegalArgumentException.class, () -> ProcMaps.parse(List.of("nonsense")));
    }
}
