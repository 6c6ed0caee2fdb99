package dev.hindsight.history.debuginfo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CIE/FDE parsing and CFA rows: against {@code readelf --debug-dump=frames-interp} for every row
 * of programs gcc builds here (PIE, -O0 and -O2, {@code .eh_frame} and {@code .debug_frame}) and of
 * the system's libc, and against hand-built {@code .eh_frame} bytes.
 */
class CallFrameInfoTest {
    private static final String C = """
            volatile long sink;
            __attribute__((noinline)) long many (long a, long b, long c, long d, long e, long f)
            {
              long x = a * b, y = c * d, z = e * f;
              for (long i = 0; i < a; i++) { x += y * i; y ^= z + i; z += x >> 3; sink = x + y + z; }
              return x + y + z;
            }
            __attribute__((noinline)) long deep (long n) { char buf[300]; buf[n & 255] = (char) n; sink = buf[7];
              return n > 0 ? deep (n - 1) + buf[n & 255] : 0; }
            int main (int argc, char **argv) { return (int) (many (argc, 2, 3, 4, 5, 6) + deep (argc)); }
            """;

    @TempDir
    Path dir;

    private Path compile(String name, String... flags) throws Exception {
        Path src = dir.resolve("cfi.c");
        Files.writeString(src, C);
        Path out = dir.resolve(name);
        List<String> cmd = new ArrayList<>(List.of("gcc", "-g", "-fpie", "-pie"));
        cmd.addAll(List.of(flags));
        cmd.addAll(List.of("-o", out.toString(), src.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), log);
        return out;
    }

    private static String readelf(Path file) throws Exception {
        Process p = new ProcessBuilder("readelf", "--debug-dump=frames-interp", file.toString())
                .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        // readelf exits with 1 on some system libraries after a complete dump: judge the dump
        assertTrue(text.contains("Contents of the ."), text);
        return text;
    }

    private static final Pattern FDE = Pattern.compile("^[0-9a-f]+ [0-9a-f]+ [0-9a-f]+ FDE cie=[0-9a-f]+ pc=([0-9a-f]+)\\.\\.([0-9a-f]+)$");
    private static final Pattern ROW = Pattern.compile("^([0-9a-f]{16}) (.*)$");

    /**
     * Checks the row at each LOC readelf lists for an FDE of the section against
     * {@link CallFrameInfo#rules}; returns how many rows were compared.
     *
     * @param section the section whose rows are checked (another section's rows are skipped)
     */
    private static int compareWithReadelf(CallFrameInfo cfi, String dump, String section) {
        int rows = 0;
        boolean inSection = false;
        boolean inFde = false;
        long fdeEnd = 0;
        List<String> columns = List.of();
        for (String line : dump.split("\n")) {
            if (line.startsWith("Contents of the ")) {
                inSection = line.contains(section + " section");
                inFde = false;
                continue;
            }
            if (!inSection) {
                continue;
            }
            Matcher f = FDE.matcher(line);
            if (f.matches()) {
                inFde = true;
                long begin = Long.parseUnsignedLong(f.group(1), 16);
                long end = Long.parseUnsignedLong(f.group(2), 16);
                fdeEnd = end;
                if (begin != end) {
                    assertArrayEquals(new long[] {begin, end}, cfi.fdeRange(begin), line);
                }
                continue;
            }
            if (line.contains(" CIE ")) {
                inFde = false;
                continue;
            }
            if (line.strip().startsWith("LOC")) {
                columns = Arrays.asList(line.strip().split("\\s+"));
                continue;
            }
            Matcher r = ROW.matcher(line);
            if (!inFde || !r.matches()) {
                continue;
            }
            // a register rule prints as "r1 (rdx)": keep the name
            String[] cells = r.group(2).replaceAll("r\\d+ \\((\\w+)\\)", "$1").strip().split("\\s+");
            long loc = Long.parseUnsignedLong(r.group(1), 16);
            if (Long.compareUnsigned(loc, fdeEnd) >= 0) {
                continue; // a row advanced to the FDE's end (the PLT's): no code of it there
            }
            CfaRules rules = cfi.rules(loc);
            assertNotNull(rules, line);
            String where = section + " " + line + " -> " + rules;
            String cfa = cells[0];
            if (cfa.equals("exp")) {
                assertNotNull(rules.cfaExpression, where);
            } else {
                int plus = cfa.indexOf('+') > 0 ? cfa.indexOf('+') : cfa.lastIndexOf('-');
                assertEquals(cfa.substring(0, plus), LiveFrame.NAMES[rules.cfaRegister], where);
                assertEquals(Long.parseLong(cfa.substring(plus).replace("+", "")), rules.cfaOffset, where);
            }
            for (int c = 1; c < cells.length && c + 1 < columns.size(); c++) {
                String name = columns.get(c + 1);
                int reg = name.equals("ra") ? rules.returnColumn : Arrays.asList(LiveFrame.NAMES).indexOf(name);
                if (reg < 0) {
                    continue; // a register not followed
                }
                String cell = cells[c];
                int rule = rules.ruleOf(reg);
                switch (cell.charAt(0)) {
                    case 'u' -> assertTrue(rule == CfaRules.UNSPECIFIED || rule == CfaRules.UNDEFINED, where + " " + name);
                    case 's' -> assertEquals(CfaRules.SAME_VALUE, rule, where + " " + name);
                    case 'c' -> {
                        assertEquals(CfaRules.OFFSET, rule, where + " " + name);
                        assertEquals(Long.parseLong(cell.substring(1).replace("+", "")), rules.argument[reg], where + " " + name);
                    }
                    case 'v' -> assertEquals(cell.equals("vexp") ? CfaRules.VAL_EXPRESSION : CfaRules.VAL_OFFSET, rule, where);
                    case 'e' -> assertEquals(CfaRules.EXPRESSION, rule, where + " " + name);
                    default -> {
                        assertEquals(CfaRules.REGISTER, rule, where + " " + name);
                        assertEquals(cell, LiveFrame.NAMES[(int) rules.argument[reg]], where + " " + name);
                    }
                }
            }
            rows++;
        }
        return rows;
    }

    @Test
    void shouldAgreeWithReadelfOnEveryRowOfGccBuiltPrograms() throws Exception {
        for (String opt : new String[] {"-O0", "-O2"}) {
            Path exe = compile("cfi" + opt, opt);
            CallFrameInfo cfi = CallFrameInfo.read(List.of(exe), List.of(0L));
            int rows = compareWithReadelf(cfi, readelf(exe), ".eh_frame");
            assertTrue(rows >= 8, opt + ": only " + rows + " rows compared");
        }
    }

    @Test
    void shouldReadDebugFrameWhereGccEmitsNoEhFrameForTheProgram() throws Exception {
        Path exe = compile("cfi-debug-frame", "-O2", "-fno-asynchronous-unwind-tables");
        CallFrameInfo cfi = CallFrameInfo.read(List.of(exe), List.of(0L));
        String dump = readelf(exe);
        assertTrue(dump.contains(".debug_frame section"), dump);
        int rows = compareWithReadelf(cfi, dump, ".debug_frame");
        assertTrue(rows >= 4, "only " + rows + " rows compared");
    }

    @Test
    void shouldAgreeWithReadelfOnEveryRowOfLibc() throws Exception {
        Path libc = Path.of("/lib/x86_64-linux-gnu/libc.so.6");
        assertTrue(Files.exists(libc), "the system's libc is needed: " + libc);
        CallFrameInfo cfi = CallFrameInfo.read(List.of(libc), List.of(0L));
        int rows = compareWithReadelf(cfi, readelf(libc), ".eh_frame");
        assertTrue(rows > 10_000, "only " + rows + " rows compared");
    }

    @Test
    void shouldMoveAddressesByTheLoadBias() throws Exception {
        Path exe = compile("cfi-bias", "-O2");
        CallFrameInfo linked = CallFrameInfo.read(List.of(exe), List.of(0L));
        CallFrameInfo loaded = CallFrameInfo.read(List.of(exe), List.of(0x555555554000L));
        ElfSymbols symbols = ElfSymbols.read(List.of(exe), List.of(0L));
        long many = -1;
        for (long a = 0x1000; a < 0x3000 && many == -1; a++) {
            FunctionSymbol s = symbols.find(a);
            if (s != null && s.minimalName().equals("many")) {
                many = s.start();
            }
        }
        assertTrue(many > 0);
        long[] r = linked.fdeRange(many);
        assertNotNull(r);
        assertArrayEquals(new long[] {r[0] + 0x555555554000L, r[1] + 0x555555554000L}, loaded.fdeRange(many + 0x555555554000L));
        assertNull(loaded.fdeRange(many));
    }

    // ---------------------------------------------------------------- hand-built .eh_frame

    /** A little-endian byte writer. */
    private static final class Bytes {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Bytes u8(int... v) {
            for (int x : v) {
                out.write(x);
            }
            return this;
        }

        Bytes raw(byte[] v) {
            out.writeBytes(v);
            return this;
        }

        Bytes u32(long v) {
            for (int i = 0; i < 4; i++) {
                out.write((int) (v >>> (8 * i)));
            }
            return this;
        }

        int size() {
            return out.size();
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    /**
     * A CIE "zR" (pc-relative sdata4 pointers, code alignment 1, data alignment -8, return
     * address column 16; CFA = rsp+8, ra at CFA-8) and one FDE for [0x1000, 0x1040) in a section
     * at 0x2000.
     */
    private static byte[] ehFrame(int[] fdeInstructions) {
        Bytes cie = new Bytes().u32(0).u8(1).u8('z', 'R', 0).u8(1).u8(0x78).u8(16).u8(1).u8(0x1b)
                .u8(0x0c, 7, 8).u8(0x90, 1);
        while (cie.size() % 8 != 4) {
            cie.u8(0);
        }
        Bytes s = new Bytes().u32(cie.size()).raw(cie.bytes());
        int fdeStart = s.size();
        Bytes fde = new Bytes();
        fde.u32(fdeStart + 4); // CIE pointer: back to offset 0
        long pcField = 0x2000 + fdeStart + 8;
        fde.u32(0x1000 - pcField).u32(0x40).u8(0);
        fde.u8(fdeInstructions);
        while ((fde.size() + 4) % 8 != 0) {
            fde.u8(0);
        }
        s.u32(fde.size()).raw(fde.bytes()).u32(0);
        return s.bytes();
    }

    private static CallFrameInfo of(byte[] section, long bias) {
        return CallFrameInfo.of(ByteBuffer.wrap(section).order(ByteOrder.LITTLE_ENDIAN), 0x2000, bias, true);
    }

    @Test
    void shouldRunCfaInstructionsUpToThePc() {
        byte[] sec = ehFrame(new int[] {
            0x41, 0x0e, 16, 0x86, 2,          // 0x1001: push rbp: CFA rsp+16, rbp at CFA-16
            0x43, 0x0d, 6,                    // 0x1004: CFA register rbp
            0x0a,                             // remember_state
            0x02, 0x10, 0x83, 3,              // advance_loc1 16 -> 0x1014: rbx at CFA-24
            0x09, 12, 13,                     // r12 is in r13
            0x08, 14, 0x07, 15,               // r14 same value, r15 undefined
            0x14, 5, 2,                       // rdi: val_offset CFA-16
            0x03, 0x08, 0x00,                 // advance_loc2 8 -> 0x101c
            0x0b,                             // restore_state
            0x0c, 7, 8, 0xc6,                 // def_cfa rsp+8, restore rbp
        });
        CallFrameInfo cfi = of(sec, 0);
        assertArrayEquals(new long[] {0x1000, 0x1040}, cfi.fdeRange(0x1010));
        CfaRules r = cfi.rules(0x1000);
        assertEquals(7, r.cfaRegister);
        assertEquals(8, r.cfaOffset);
        assertEquals(CfaRules.OFFSET, r.ruleOf(16));
        assertEquals(-8, r.argument[16]);
        r = cfi.rules(0x1003);
        assertEquals(16, r.cfaOffset);
        assertEquals(CfaRules.OFFSET, r.ruleOf(6));
        assertEquals(-16, r.argument[6]);
        r = cfi.rules(0x1014);
        assertEquals(6, r.cfaRegister);
        assertEquals(16, r.cfaOffset);
        assertEquals(-24, r.argument[3]);
        assertEquals(CfaRules.REGISTER, r.ruleOf(12));
        assertEquals(13, r.argument[12]);
        assertEquals(CfaRules.SAME_VALUE, r.ruleOf(14));
        assertEquals(CfaRules.UNDEFINED, r.ruleOf(15));
        assertEquals(CfaRules.VAL_OFFSET, r.ruleOf(5));
        assertEquals(-16, r.argument[5]);
        r = cfi.rules(0x101c);
        // restore_state brings back the row remembered at 0x1004, then def_cfa and restore rbp
        assertEquals(7, r.cfaRegister);
        assertEquals(8, r.cfaOffset);
        assertEquals(CfaRules.UNSPECIFIED, r.ruleOf(3));
        assertEquals(CfaRules.UNSPECIFIED, r.ruleOf(6));
        assertEquals(CfaRules.UNSPECIFIED, r.ruleOf(12));
        assertNull(cfi.rules(0x1040));
        assertNull(cfi.rules(0xfff));
    }

    @Test
    void shouldKeepExpressionsAndMoveByTheBias() {
        byte[] sec = ehFrame(new int[] {
            0x0f, 5, 0x77, 8, 0x80, 0, 0x22,  // def_cfa_expression: rsp+8 + rip+0
            0x10, 3, 2, 0x73, 0x10,           // rbx: expression rbx+16
            0x16, 6, 1, 0x56,                 // rbp: val_expression rbp... (DW_OP_reg6)
        });
        CallFrameInfo cfi = of(sec, 0x10000);
        assertNull(cfi.rules(0x1000));
        CfaRules r = cfi.rules(0x11000);
        assertArrayEquals(new byte[] {0x77, 8, (byte) 0x80, 0, 0x22}, r.cfaExpression);
        assertEquals(CfaRules.EXPRESSION, r.ruleOf(3));
        assertArrayEquals(new byte[] {0x73, 0x10}, r.expression[3]);
        assertEquals(CfaRules.VAL_EXPRESSION, r.ruleOf(6));
    }

    @Test
    void shouldFindNoRowsWithoutCallFrameInformation() {
        assertTrue(CallFrameInfo.empty().isEmpty());
        assertNull(CallFrameInfo.empty().rules(0x1000));
    }
}
