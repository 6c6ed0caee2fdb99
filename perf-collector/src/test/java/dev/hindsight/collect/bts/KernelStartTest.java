package dev.hindsight.collect.bts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelStartTest {
    @TempDir
    Path dir;

    @Test
    void shouldFindTextInKallsyms() throws IOException {
        Path f = dir.resolve("kallsyms");
        Files.writeString(f, "ffffffff81000000 T startup_64\nffffffff81000000 T _text\n"
                + "ffffffff81001000 t foo\n");
        assertEquals(0xffffffff81000000L, KernelStart.read(f));
    }

    @Test
    void shouldGiveZeroWhenHiddenOrMissing() throws IOException {
        Path f = dir.resolve("kallsyms");
        Files.writeString(f, "0000000000000000 T _text\n");
        assertEquals(0, KernelStart.read(f));
        assertEquals(0, KernelStart.read(dir.resolve("none")));
    }

    @Test
    void shouldUseBit63WithoutAKernelStart() {
        assertTrue(KernelStart.isKernel(0x8000000000000000L, 0));
        assertFalse(KernelStart.isKernel(0x7fffffffffffL, 0));
        assertTrue(KernelStart.isKernel(0xffffffff81000010L, 0xffffffff81000000L));
        assertFalse(KernelStart.isKernel(0xffffffff80000000L, 0xffffffff81000000L));
    }
}
