package dev.hindsight.history.debuginfo;

import dev.hindsight.history.target.TargetMemory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Frames unwound with a gcc-built program's call frame information from fake registers and a fake
 * stack laid out as that program's frames are, and their arguments read at their locations
 * (frame base: the CFA); values formatted as gdb 13.1 prints them.
 */
class LiveFramesTest {
    private static final String C = """
            int bar (int x) { return x + 5; }
            int foo (int x, int y) { return bar (x) + y; }
            int main (void) { return foo (7, 1) - 13; }
            """;

    @TempDir
    static Path dir;
    private static Path exe;
    private static DwarfFunctions functions;
    private static CallFrameInfo cfi;
    private static long bar;
    private static long foo;
    private static long main;

    @BeforeAll
    static void compile() throws Exception {
        Path src = dir.resolve("t.c");
        Files.writeString(src, C);
        exe = dir.resolve("t");
        Process p = new ProcessBuilder("gcc", "-g", "-O0", "-no-pie", "-o", exe.toString(), src.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), log);
        functions = DwarfFunctions.read(List.of(exe), List.of(0L));
        cfi = CallFrameInfo.read(List.of(exe), List.of(0L));
        bar = functions.rangesOf("bar")[0];
        foo = functions.rangesOf("foo")[0];
        main = functions.rangesOf("main")[0];
    }

    /** The return address of the first {@code call rel32} from {@code [from, ...)} to {@code target}. */
    private static long returnAddress(long from, long target) throws Exception {
        ElfSections elf = ElfSections.read(exe);
        ByteBuffer text = elf.section(".text");
        long base = elf.sectionAddress(".text");
        for (int i = (int) (from - base); i + 5 <= text.limit(); i++) {
            if ((text.get(i) & 0xff) == 0xe8 && base + i + 5 + text.getInt(i + 1) == target) {
                return base + i + 5;
            }
        }
        throw new AssertionError("no call to 0x" + Long.toHexString(target));
    }

    /** A stack of 8-byte slots. */
    private static final class Stack implements TargetMemory {
        final Map<Long, Byte> bytes = new HashMap<>();

        void put(long address, long value, int size) {
            for (int i = 0; i < size; i++) {
                bytes.put(address + i, (byte) (value >>> (8 * i)));
            }
        }

        @Override
        public int read(long address, byte[] buffer, int offset, int length) {
            for (int i = 0; i < length; i++) {
                Byte b = bytes.get(address + i);
                if (b == null) {
                    return i;
                }
                buffer[offset + i] = b;
            }
            return length;
        }
    }

    /**
     * Stopped in bar after its prologue ({@code push %rbp; mov %rsp,%rbp}): bar's rbp 0x7f00
     * (its CFA 0x7f10), foo's 0x7f40 (CFA 0x7f50), main's 0x7f80 (CFA 0x7f90).
     */
    private static LiveFrames stoppedInBar(Stack stack, long retFoo, long retMain) {
        stack.put(0x7f00, 0x7f40, 8);     // bar's saved rbp
        stack.put(0x7f08, retFoo, 8);     // bar's return address
        stack.put(0x7f10 - 20, 7, 4);     // bar's x (DW_OP_fbreg -20)
        stack.put(0x7f40, 0x7f80, 8);     // foo's saved rbp
        stack.put(0x7f48, retMain, 8);    // foo's return address
        stack.put(0x7f50 - 20, 7, 4);     // foo's x
        stack.put(0x7f50 - 24, 1, 4);     // foo's y
        Map<String, Long> regs = Map.of("rip", bar + 4, "rsp", 0x7f00L, "rbp", 0x7f00L, "rdi", 7L);
        return new LiveFrames(functions, cfi, stack, regs::get);
    }

    @Test
    void shouldUnwindThroughTheSavedFramePointersAndReadArgumentsAtTheirLocations() throws Exception {
        long retFoo = returnAddress(foo, bar);
        long retMain = returnAddress(main, foo);
        LiveFrames frames = stoppedInBar(new Stack(), retFoo, retMain);
        assertEquals(bar + 4, frames.pc(0));
        assertEquals(retFoo, frames.pc(1));
        assertEquals(retMain, frames.pc(2));
        assertEquals("x=7", frames.arguments(0));
        assertEquals("x=7, y=1", frames.arguments(1));
        assertEquals(0x7f10L, frames.frame(0).cfa);
        assertEquals(0x7f50L, frames.frame(1).cfa);
        assertEquals(0x7f40L, frames.frame(1).register(6)); // foo's rbp, restored from bar's frame
        assertEquals(0x7f10L, frames.frame(1).register(7)); // its rsp: bar's CFA
    }

    @Test
    void shouldStopWhereTheStackCannotBeRead() throws Exception {
        long retFoo = returnAddress(foo, bar);
        Stack stack = new Stack();
        stack.put(0x7f00, 0x7f40, 8);
        stack.put(0x7f08, retFoo, 8);
        Map<String, Long> regs = Map.of("rip", bar + 4, "rsp", 0x7f00L, "rbp", 0x7f00L);
        LiveFrames frames = new LiveFrames(functions, cfi, stack, regs::get);
        assertEquals(retFoo, frames.pc(1));
        // bar's x is not on this stack: gdb's memory error
        assertEquals("x=<error: Cannot access memory at address 0x7efc>", frames.arguments(0));
        assertEquals(-1, frames.pc(2)); // foo's saved registers are unreadable
        assertNull(frames.arguments(2));
    }

    @Test
    void shouldNotUnwindWithoutCallFrameInformation() {
        Map<String, Long> regs = Map.of("rip", bar + 4, "rsp", 0x7f00L, "rbp", 0x7f00L);
        LiveFrames frames = new LiveFrames(functions, CallFrameInfo.empty(), new Stack(), regs::get);
        assertEquals(bar + 4, frames.pc(0));
        assertEquals(-1, frames.pc(1));
        assertNull(frames.arguments(0)); // no CFA, no frame base: the btrace frames' arguments then
        assertTrue(new LiveFrames(functions, cfi, new Stack(), name -> null).pc(0) == -1);
    }

    @Test
    void shouldFormatWithTheProcessMemoryAsGdbDoes() {
        Stack m = new Stack();
        byte[] text = "hi\t\"x\"\n\u00e9".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        for (int i = 0; i < text.length; i++) {
            m.put(0x5000 + i, text[i], 1);
        }
        m.put(0x5000 + text.length, 0, 1);
        m.put(0x6000, 21, 4);
        m.put(0x6010, 'z', 1);
        DwarfFunctions.ValueFormat string = new DwarfFunctions.ValueFormat("string", 8);
        assertEquals("0x5000 \"hi\\t\\\"x\\\"\\n\\351\"", LiveArguments.format(string, 0x5000, m));
        assertEquals("0x0", LiveArguments.format(string, 0, m));
        assertEquals("0x4000 <error: Cannot access memory at address 0x4000>", LiveArguments.format(string, 0x4000, m));
        DwarfFunctions.ValueFormat intRef = new DwarfFunctions.ValueFormat("reference", 8,
                new DwarfFunctions.ValueFormat("signed", 4));
        assertEquals("@0x6000: 21", LiveArguments.format(intRef, 0x6000, m));
        DwarfFunctions.ValueFormat charRef = new DwarfFunctions.ValueFormat("reference", 8,
                new DwarfFunctions.ValueFormat("char", 1));
        assertEquals("@0x6010: 122 'z'", LiveArguments.format(charRef, 0x6010, m));
        DwarfFunctions.ValueFormat color = new DwarfFunctions.ValueFormat("enum", 4, null,
                Map.of(0L, "RED", 5L, "GREEN", 6L, "BLUE"));
        assertEquals("GREEN", LiveArguments.format(color, 5, m));
        assertEquals("7", LiveArguments.format(color, 7, m));
        SymbolLookup vals = a -> a >= 0x5000 && a < 0x5010 ? FunctionSymbol.minimal("vals", 0x5000) : null;
        DwarfFunctions.ValueFormat pointer = new DwarfFunctions.ValueFormat("pointer", 8);
        assertEquals("0x5008 <vals+8>", LiveArguments.format(pointer, 0x5008, m, vals));
        assertEquals("0x5000 <vals> \"hi\\t\\\"x\\\"\\n\\351\"", LiveArguments.format(string, 0x5000, m, vals));
        assertEquals("0x7000", LiveArguments.format(pointer, 0x7000, m, vals));
    }
}
