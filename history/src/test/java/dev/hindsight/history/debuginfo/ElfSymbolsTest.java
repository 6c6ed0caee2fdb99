package dev.hindsight.history.debuginfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ElfSymbolsTest {
    /** A static ELF whose symbol table holds _start at 0x401000 and the object msg at 0x402000. */
    private static final Path HELLO = Path.of(System.getProperty("hindsight.shared", "../../shared"),
            "realtraces/dynamorio-test_simple/hello");

    @Test
    void shouldFindFunctionsAndObjectsFromTheSymbolTable() throws IOException {
        ElfSymbols s = ElfSymbols.read(List.of(HELLO), List.of(0L));
        assertEquals(FunctionSymbol.minimal("_start", 0x401000), s.find(0x401000));
        assertEquals("_start", s.find(0x401025).printName());
        assertEquals("msg", s.find(0x402000).printName());
        assertNull(s.find(0x400fff));
    }

    @Test
    void shouldRelocateToTheGivenBase() throws IOException {
        // The lowest PT_LOAD of hello is at 0x400000; loading it at 0x7f0000000000 moves everything.
        ElfSymbols s = ElfSymbols.read(List.of(HELLO), List.of(0x7f0000000000L));
        assertEquals(FunctionSymbol.minimal("_start", 0x7f0000001000L), s.find(0x7f0000001005L));
        assertNull(s.find(0x401000));
    }

    @Test
    void shouldRejectNonElfFiles() throws IOException {
        Path f = Files.createTempFile("not-elf", ".bin");
        Files.write(f, new byte[100]);
        assertThrows(IOException.class, () -> ElfSymbols.read(List.of(f), List.of(0L)));
        Files.delete(f);
    }
}
