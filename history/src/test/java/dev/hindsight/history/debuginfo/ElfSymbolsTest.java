package dev.hindsight.history.debuginfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void shouldNamePltEntriesAsGdbDoes(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("p.c");
        Files.writeString(src, "#include <stdio.h>\n#include <string.h>\nchar b[64];\n"
                + "int main(int c, char **v) { memset(b, c, sizeof b); puts(v[0]); return b[1]; }\n");
        Path dynamic = gcc(dir, src, "p-dyn", "-O0");
        Path fixed = gcc(dir, src, "p-static", "-O0", "-static");
        // puts is called through its PLT entry: the call's target holds "puts@plt" (BFD's synthetic symbol).
        ElfSymbols d = ElfSymbols.read(List.of(dynamic), List.of(0L));
        assertEquals("puts@plt", d.find(callTarget(dynamic, "puts@plt")).printName());
        // A static program reaches IFUNCs (memset) through PLT entries with IRELATIVE slots, which
        // BFD leaves unnamed (objdump says _init+0x..); gdb looks for symbols in the pc's section
        // only, so the zero-size _init in .init does not claim them either: no symbol.
        ElfSymbols st = ElfSymbols.read(List.of(fixed), List.of(0L));
        assertNull(st.find(callTarget(fixed, "_init+0x")));
    }

    /** The target of the first call objdump shows to a symbol starting with {@code name}. */
    private static long callTarget(Path exe, String name) throws Exception {
        Process p = new ProcessBuilder("objdump", "-d", "--no-show-raw-insn", exe.toString()).start();
        String text = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("call +([0-9a-f]+) <" + java.util.regex.Pattern.quote(name))
                .matcher(text);
        assertTrue(m.find(), "no call to " + name + " in " + exe);
        return Long.parseLong(m.group(1), 16);
    }

    private static Path gcc(Path dir, Path src, String name, String... flags) throws Exception {
        Path out = dir.resolve(name);
        List<String> cmd = new java.util.ArrayList<>(List.of("gcc", "-o", out.toString(), src.toString()));
        cmd.addAll(List.of(flags));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), log);
        return out;
    }

    @Test
    void shouldRejectNonElfFiles() throws IOException {
        Path f = Files.createTempFile("not-elf", ".bin");
        Files.write(f, new byte[100]);
        assertThrows(IOException.class, () -> ElfSymbols.read(List.of(f), List.of(0L)));
        Files.delete(f);
    }
}
