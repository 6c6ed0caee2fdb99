package dev.hindsight.history;

import dev.hindsight.history.debuginfo.FunctionSymbol;
import dev.hindsight.history.debuginfo.SymbolLookup;
import dev.hindsight.pt.x86.ExecMode;
import dev.hindsight.pt.x86.disasm.CapstoneDisassembler;
import dev.hindsight.pt.x86.disasm.Syntax;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Expected texts are gdb 13.1's {@code disassemble /r} of the same bytes (a gcc -O0 PIE). */
class GdbDisassemblyTest {
    private static CapstoneDisassembler capstone;
    private static GdbDisassembly gdb;

    private static final SymbolLookup SYMBOLS = pc -> pc >= 0x1129 && pc < 0x1148 ? FunctionSymbol.minimal("bar", 0x1129)
            : pc >= 0x1148 && pc < 0x1184 ? FunctionSymbol.minimal("foo", 0x1148)
            : pc >= 0x1184 && pc < 0x11bb ? FunctionSymbol.minimal("main", 0x1184)
            : pc >= 0x4014 && pc < 0x4018 ? FunctionSymbol.minimal("glob", 0x4014) : null;

    @BeforeAll
    static void open() {
        capstone = CapstoneDisassembler.open(ExecMode.BITS_64, Syntax.ATT);
        gdb = new GdbDisassembly(capstone, SYMBOLS);
    }

    @AfterAll
    static void close() {
        capstone.close();
    }

    private static String text(long ip, int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return gdb.format(b, b.length, ip);
    }

    @Test
    void shouldPadTheMnemonicBeforeOperandsOnly() {
        assertEquals("push   %rbp", text(0x1184, 0x55));
        assertEquals("mov    %rsp,%rbp", text(0x1185, 0x48, 0x89, 0xe5));
        assertEquals("leave", text(0x11b9, 0xc9));
        assertEquals("ret", text(0x11ba, 0xc3));
    }

    @Test
    void shouldPrintNumbersInHexAndKeepSuffixesOnlyWithoutRegisters() {
        assertEquals("sub    $0x10,%rsp", text(0x1188, 0x48, 0x83, 0xec, 0x10));
        assertEquals("movl   $0x0,-0x4(%rbp)", text(0x118c, 0xc7, 0x45, 0xfc, 0, 0, 0, 0));
        assertEquals("mov    -0x8(%rbp),%eax", text(0x119c, 0x8b, 0x45, 0xf8));
        assertEquals("add    %eax,-0x4(%rbp)", text(0x11a6, 0x01, 0x45, 0xfc));
        assertEquals("addl   $0x1,-0x8(%rbp)", text(0x11a9, 0x83, 0x45, 0xf8, 0x01));
        assertEquals("cmpl   $0x2,-0x8(%rbp)", text(0x11ad, 0x83, 0x7d, 0xf8, 0x02));
        assertEquals("and    $0x1,%eax", text(0x11b6, 0x83, 0xe0, 0x01));
    }

    @Test
    void shouldNameBranchTargetsAndRipRelativeData() {
        assertEquals("jmp    0x11ad <main+41>", text(0x119a, 0xeb, 0x11));
        assertEquals("call   0x1148 <foo>", text(0x11a1, 0xe8, 0xa2, 0xff, 0xff, 0xff));
        assertEquals("jle    0x119c <main+24>", text(0x11b1, 0x7e, 0xe9));
        assertEquals("mov    0x2ede(%rip),%edx        # 0x4014 <glob>", text(0x1130, 0x8b, 0x15, 0xde, 0x2e, 0, 0));
        assertEquals("mov    %eax,0x2ed3(%rip)        # 0x4014 <glob>", text(0x113b, 0x89, 0x05, 0xd3, 0x2e, 0, 0));
    }
}
