package dev.hindsight.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Functions and parameters from {@code .debug_info} of programs gcc compiles here, in every
 * DWARF version, optimization and link mode the tests name. Expected frame arguments are gdb 13.1's
 * {@code print_frame_args} for the same functions with values unavailable (btrace replay).
 */
class DwarfFunctionsTest {
    private static final String C = """
            #include <stdarg.h>
            #include <stdlib.h>
            struct S { int a; long b; };
            typedef const struct S CS;
            union U { int i; float f; };
            __attribute__((noipa)) int bar (int x, int y) { return x * y; }
            __attribute__((noipa)) int sum (int n, ...)
            {
              va_list ap; int s = 0;
              va_start (ap, n);
              for (int i = 0; i < n; i++) s += va_arg (ap, int);
              va_end (ap);
              return s;
            }
            __attribute__((noipa)) int take (CS s, const struct S *p, union U u, char c, double d)
            {
              return s.a + p->a + u.i + c + (int) d;
            }
            __attribute__((noipa)) int noargs (void) { return 3; }
            __attribute__((noipa)) int split (int x, struct S s)
            {
              if (__builtin_expect (x == 42, 0))
                abort ();
              return x + s.a;
            }
            __attribute__((noinline)) static int unused (int a, int b) { return a * 3; }
            int main (int argc, char **argv)
            {
              struct S st = {1, 2};
              union U u = {4};
              return bar (argc, 2) + sum (2, 5, 6) + take (st, &st, u, 'a', 1.5) + noargs () + split (argc, st)
                  + unused (argc, 5);
            }
            """;

    private static final String CXX = """
            struct S { int v; };
            struct K { int v; int get (int d) const { return v + d; } static int st (int q) { return q; } };
            __attribute__((noipa)) int byref (const S &s, int &r) { return s.v + r; }
            int main ()
            {
              K k{3};
              int r = 2;
              S s{4};
              return k.get (1) + K::st (2) + byref (s, r);
            }
            """;

    @TempDir
    Path dir;

    private Path compile(String compiler, String source, String name, String... flags) throws Exception {
        Path src = dir.resolve(name + (compiler.equals("g++") ? ".cc" : ".c"));
        Files.writeString(src, source);
        Path out = dir.resolve(name);
        List<String> cmd = new ArrayList<>(List.of(compiler, "-g"));
        cmd.addAll(List.of(flags));
        cmd.addAll(List.of("-o", out.toString(), src.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), log);
        return out;
    }

    private static long start(DwarfFunctions f, String name) {
        long[] r = f.rangesOf(name);
        assertTrue(r.length >= 2, name + " has no code");
        return r[0];
    }

    private static List<String> names(DwarfFunctions.Function f) {
        return f.parameters().stream().map(DwarfFunctions.Parameter::name).toList();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({"-gdwarf-4, -O0, -pie", "-gdwarf-4, -O0, -no-pie", "-gdwarf-5, -O0, -pie", "-gdwarf-5, -O0, -no-pie",
            "-gdwarf-4, -O2, -pie", "-gdwarf-5, -O2, -pie", "-gdwarf-5, -O2, -no-pie", "-gdwarf-4, -O2, -no-pie",
            "-gdwarf-2, -O0, -no-pie", "-gdwarf-3, -O2, -pie", "-gdwarf-2, -O2, -pie"})
    void shouldListEachFunctionsParametersInOrder(String dwarf, String opt, String pie) throws Exception {
        Path exe = compile("gcc", C, "t", dwarf, opt, pie);
        DwarfFunctions f = DwarfFunctions.read(List.of(exe), List.of(0L));
        assertEquals(List.of("x", "y"), names(f.at(start(f, "bar"))));
        assertEquals(List.of("n"), names(f.at(start(f, "sum"))));
        assertTrue(f.at(start(f, "sum")).varargs());
        assertFalse(f.at(start(f, "bar")).varargs());
        assertEquals(List.of("s", "p", "u", "c", "d"), names(f.at(start(f, "take"))));
        assertEquals(List.of(), names(f.at(start(f, "noargs"))));
        assertEquals(List.of("argc", "argv"), names(f.at(start(f, "main"))));
        // Scalars print <unavailable> at the entry (every parameter has a location there);
        // structs and unions print gdb's summary "...", also through a typedef and a qualifier.
        assertEquals("x=<unavailable>, y=<unavailable>", f.replayArguments(start(f, "bar")));
        assertEquals("n=<unavailable>", f.replayArguments(start(f, "sum")));
        assertEquals("s=..., p=<unavailable>, u=..., c=<unavailable>, d=<unavailable>",
                f.replayArguments(start(f, "take")));
        assertEquals("", f.replayArguments(start(f, "noargs")));
    }

    @ParameterizedTest
    @CsvSource({"-gdwarf-4, -O0", "-gdwarf-5, -O2", "-gdwarf-4, -O2"})
    void shouldReadSixtyFourBitDwarf(String dwarf, String opt) throws Exception {
        // gcc -gdwarf64: 8-byte unit lengths, string, section and list-table offsets.
        Path exe = compile("gcc", C, "d64", dwarf, "-gdwarf64", opt);
        DwarfFunctions f = DwarfFunctions.read(List.of(exe), List.of(0L));
        assertEquals(List.of("s", "p", "u", "c", "d"), names(f.at(start(f, "take"))));
        long bar = start(f, "bar");
        if (opt.equals("-O2")) {
            assertEquals("x=x@entry=<unavailable>, y=<unavailable>, y@entry=2",
                    f.replayArguments(bar, f.callSitesTo(bar)[0]));
        } else {
            assertEquals("x=<unavailable>, y=<unavailable>", f.replayArguments(bar));
        }
    }

    @Test
    void shouldPrintOptimizedOutWhereAParameterHasNoLocationOrNoEntryValue() throws Exception {
        Path exe = compile("gcc", C, "o2", "-gdwarf-5", "-O2");
        DwarfFunctions f = DwarfFunctions.read(List.of(exe), List.of(0L));
        // At -O2 main's argc and argv are in %rdi and %rsi at its entry; at its last byte both are
        // DW_OP_entry_value of those registers, which needs a call site in main's caller (libc
        // has none): gdb 13.1 live says "argv=<optimized out>" there too.
        long[] main = f.rangesOf("main");
        assertEquals("argc=<unavailable>, argv=<unavailable>", f.replayArguments(main[0]));
        assertTrue(f.replayArguments(main[1] - 1).endsWith(", argv=<optimized out>"), f.replayArguments(main[1] - 1));
    }

    @ParameterizedTest
    @CsvSource({"-gdwarf-4", "-gdwarf-5"})
    void shouldPrintEntryValuesFromTheCallersCallSite(String dwarf) throws Exception {
        // gdb's print entry-values default: the caller's DW_TAG_call_site says what each register
        // held at the call, evaluated in the caller's frame, where only constants are known.
        // Live gdb 13.1 at the same calls: "bar (x=x@entry=1, y=y@entry=2)",
        // "take (s=..., p=p@entry=0x7fffffffe6c0, u=u@entry=..., c=c@entry=97 'a', d=d@entry=1.5)";
        // replaying, the value is unavailable and differs from a known entry value: both print.
        // DWARF 4: DW_TAG_GNU_call_site (return pc in DW_AT_low_pc, DW_AT_GNU_call_site_value).
        Path exe = compile("gcc", C, "entry", dwarf, "-O2");
        DwarfFunctions f = DwarfFunctions.read(List.of(exe), List.of(0L));
        long bar = start(f, "bar");
        long[] calls = f.callSitesTo(bar);
        assertEquals(1, calls.length);
        assertEquals("x=x@entry=<unavailable>, y=<unavailable>, y@entry=2", f.replayArguments(bar, calls[0]));
        // Without the caller (the top of the known stack) there is no entry value.
        assertEquals("x=<unavailable>, y=<unavailable>", f.replayArguments(bar));
        long take = start(f, "take");
        assertEquals("s=..., p=p@entry=<unavailable>, u=..., u@entry=..., c=<unavailable>, c@entry=97 'a', "
                + "d=<unavailable>, d@entry=1.5", f.replayArguments(take, f.callSitesTo(take)[0]));
    }

    @Test
    void shouldGiveNoEntryValuesThroughIndirectCallsOrToFunctionsThatMayTailCallThemselves() throws Exception {
        String src = """
                __attribute__((noipa)) int odd (int n);
                __attribute__((noipa)) int even (int n) { if (n == 0) return 1; return odd (n - 1); }
                __attribute__((noipa)) int odd (int n) { if (n == 0) return 0; return even (n - 1); }
                __attribute__((noipa)) int mul (int x, int y) { return x * y; }
                int (*volatile fp) (int, int) = mul;
                int main (void) { return even (7) + fp (3, 4) + mul (5, 6) > 100; }
                """;
        Path exe = compile("gcc", src, "tail", "-gdwarf-5", "-O2");
        DwarfFunctions f = DwarfFunctions.read(List.of(exe), List.of(0L));
        // main's calls in order: even (7), fp (3, 4), mul (5, 6). Live gdb 13.1 at them:
        // "even (n=7)" (even tail-calls odd, which tail-calls even: func_verify_no_selftailcall),
        // "mul (x=3, y=4)" (the call site names no callee), "mul (x=x@entry=5, y=y@entry=6)".
        long[] calls = f.callSitesFrom(start(f, "main"));
        assertEquals(3, calls.length);
        assertEquals("n=<unavailable>", f.replayArguments(start(f, "even"), calls[0]));
        assertEquals("x=<unavailable>, y=<unavailable>", f.replayArguments(start(f, "mul"), calls[1]));
        assertEquals("x=<unavailable>, x@entry=5, y=<unavailable>, y@entry=6",
                f.replayArguments(start(f, "mul"), calls[2]));
    }

    @Test
    void shouldFormatKnownValuesAsGdbDoes() {
        assertEquals("97 'a'", new DwarfFunctions.ValueFormat("char", 1).format(97));
        assertEquals("-1 '\\377'", new DwarfFunctions.ValueFormat("char", 1).format(-1));
        assertEquals("10 '\\n'", new DwarfFunctions.ValueFormat("uchar", 1).format(10));
        assertEquals("-5", new DwarfFunctions.ValueFormat("signed", 4).format(0xfffffffbL));
        assertEquals("4294967291", new DwarfFunctions.ValueFormat("unsigned", 4).format(0xfffffffbL));
        assertEquals("true", new DwarfFunctions.ValueFormat("bool", 1).format(1));
        assertEquals("0x4010", new DwarfFunctions.ValueFormat("pointer", 8).format(0x4010));
        assertEquals("1.5", new DwarfFunctions.ValueFormat("float", 8).format(Double.doubleToLongBits(1.5)));
        assertEquals("0.10000000000000001", new DwarfFunctions.ValueFormat("float", 8).format(Double.doubleToLongBits(0.1)));
        assertEquals("0.100000001", new DwarfFunctions.ValueFormat("float", 4).format(Float.floatToIntBits(0.1f)));
        assertEquals("1e+20", new DwarfFunctions.ValueFormat("float", 8).format(Double.doubleToLongBits(1e20)));
        assertEquals("1.0000000000000001e-05", new DwarfFunctions.ValueFormat("float", 8).format(Double.doubleToLongBits(1e-5)));
    }

    @ParameterizedTest
    @CsvSource({"-gdwarf-4", "-gdwarf-5"})
    void shouldPrintConstantParametersAndInheritNamesFromTheAbstractOrigin(String dwarf) throws Exception {
        // At -O2 gcc clones unused (int a, int b) as unused.constprop.0 for b == 5: the clone's
        // parameters name their abstract origin's, b has DW_AT_const_value 5. gdb 13.1 live:
        // "unused (a=a@entry=1, b=5)"; the constant needs no register, so replay prints it too.
        Path exe = compile("gcc", C, "cp", dwarf, "-O2");
        DwarfFunctions f = DwarfFunctions.read(List.of(exe), List.of(0L));
        long unused = start(f, "unused");
        assertEquals(List.of("a", "b"), names(f.at(unused)));
        assertEquals("a=<unavailable>, b=5", f.replayArguments(unused));
        // From main's call site: "a=a@entry=<unavailable>" (main passes its argc, in a register).
        assertEquals("a=a@entry=<unavailable>, b=5", f.replayArguments(unused, f.callSitesTo(unused)));
        // main's argc and argv are in %rdi and %rsi at its entry.
        assertEquals("argc=<unavailable>, argv=<unavailable>", f.replayArguments(start(f, "main")));
    }

    @ParameterizedTest
    @CsvSource({"-gdwarf-4", "-gdwarf-5"})
    void shouldFindAFunctionInEachOfItsRanges(String dwarf) throws Exception {
        // At -O2 split's unlikely branch goes to split.cold: the function has two ranges.
        Path exe = compile("gcc", C, "split", dwarf, "-O2");
        DwarfFunctions f = DwarfFunctions.read(List.of(exe), List.of(0L));
        long[] r = f.rangesOf("split");
        assertEquals(4, r.length, "split should have a hot and a cold range");
        assertEquals(List.of("x", "s"), names(f.at(r[2])));
        assertEquals(List.of("x", "s"), names(f.at(r[3] - 1)));
    }

    @Test
    void shouldRelocateAPieToItsLoadBase() throws Exception {
        Path exe = compile("gcc", C, "pie", "-gdwarf-5", "-O0", "-pie");
        DwarfFunctions linked = DwarfFunctions.read(List.of(exe), List.of(0L));
        long bar = start(linked, "bar");
        // A PIE's lowest PT_LOAD is at 0: loaded at 0x555555554000 everything moves by that.
        DwarfFunctions loaded = DwarfFunctions.read(List.of(exe), List.of(0x555555554000L));
        assertEquals(bar + 0x555555554000L, start(loaded, "bar"));
        assertEquals("x=<unavailable>, y=<unavailable>", loaded.replayArguments(bar + 0x555555554000L));
        assertNull(loaded.at(bar));
    }

    @ParameterizedTest
    @CsvSource({"-gdwarf-4, -O0", "-gdwarf-5, -O0", "-gdwarf-5, -O2"})
    void shouldPrintThisAndReferencesAsGdbDoes(String dwarf, String opt) throws Exception {
        Path exe = compile("g++", CXX, "c", dwarf, opt);
        DwarfFunctions f = DwarfFunctions.read(List.of(exe), List.of(0L));
        // gdb 13.1 live: "K::get (this=0x7fffffffe6d8, d=1)", "K::st (q=2)",
        // "byref (s=..., r=@0x7fffffffe6d4: 2)"; a reference to a struct is not a scalar.
        long byref = start(f, "byref");
        assertEquals("s=..., r=<unavailable>", f.replayArguments(byref));
        if (opt.equals("-O0")) {
            assertEquals("this=<unavailable>, d=<unavailable>", f.replayArguments(start(f, "get")));
            assertEquals("q=<unavailable>", f.replayArguments(start(f, "st")));
        }
    }

    @ParameterizedTest
    @CsvSource({"-gdwarf-4, -O0", "-gdwarf-5, -O0", "-gdwarf-5, -O2"})
    void shouldNameFramesAsGdbsFullSymbols(String dwarf, String opt) throws Exception {
        String cxx = """
                struct K { int v; int get (int d) const { return v + d; } K (int x) : v (x) {} };
                namespace ns { namespace { __attribute__((noipa)) int hid (int q) { return q + 1; } }
                  __attribute__((noipa)) int pub (int q) { return hid (q); } }
                template <typename T> __attribute__((noipa)) T twice (T t) { return t + t; }
                int main () { K k{3}; return k.get (1) + ns::pub (1) + twice<int> (2); }
                """;
        Path exe = compile("g++", cxx, "names", dwarf, opt);
        DwarfFunctions f = DwarfFunctions.read(List.of(exe), List.of(0L));
        // gdb 13.1 live at -O0: "K::K (this=..., x=3)", "K::get (this=..., d=1)",
        // "ns::(anonymous namespace)::hid (q=1)", "twice<int> (t=2)".
        assertEquals("ns::(anonymous namespace)::hid", f.frameName(start(f, "hid")));
        assertEquals("ns::pub", f.frameName(start(f, "pub")));
        assertEquals("twice<int>", f.frameName(start(f, "twice<int>")));
        assertEquals("main", f.frameName(start(f, "main")));
        if (opt.equals("-O0")) {
            assertEquals("K::get", f.frameName(start(f, "get")));
            assertEquals("K::K", f.frameName(start(f, "K")));
        }
        // C: the DWARF name, also for gcc's clones (gdb 13.1 live: "unused (a=a@entry=1, b=5)").
        Path c = compile("gcc", C, "clones", dwarf, "-O2");
        DwarfFunctions cf = DwarfFunctions.read(List.of(c), List.of(0L));
        assertEquals("unused", cf.frameName(start(cf, "unused")));
    }

    @Test
    void shouldReadSeveralFilesAndSkipFilesWithoutDebugInfo() throws Exception {
        Path a = compile("gcc", C, "a", "-gdwarf-5", "-O0");
        Path stripped = dir.resolve("stripped");
        Process p = new ProcessBuilder("strip", "-g", "-o", stripped.toString(), a.toString()).start();
        assertEquals(0, p.waitFor());
        DwarfFunctions f = DwarfFunctions.read(List.of(stripped, a), List.of(0x10000000L, 0L));
        assertNotNull(f.at(start(f, "bar")));
        assertEquals(2, f.rangesOf("bar").length);
        assertTrue(DwarfFunctions.read(List.of(stripped), List.of(0L)).isEmpty());
    }

    @Test
    void shouldRejectMalformedDebugInfoWithTheFileName() throws Exception {
        Path exe = compile("gcc", C, "bad", "-gdwarf-5", "-O0");
        byte[] b = Files.readAllBytes(exe);
        ElfSections elf = ElfSections.read(exe);
        java.nio.ByteBuffer info = elf.section(".debug_info");
        int at = findSection(b, info);
        b[at + 4] = 9; // version 9
        Path bad = dir.resolve("bad9");
        Files.write(bad, b);
        IOException e = assertThrows(IOException.class, () -> DwarfFunctions.read(List.of(bad), List.of(0L)));
        assertTrue(e.getMessage().startsWith(bad + ": bad .debug_info: unsupported version 9"), e.getMessage());
        // A session reads on without it: the good file's functions, one warning for the bad one.
        Path good = compile("gcc", C, "good", "-gdwarf-5", "-O0");
        List<String> warnings = new java.util.ArrayList<>();
        DwarfFunctions both = DwarfFunctions.read(List.of(bad, good), List.of(0x10000000L, 0L), warnings::add);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith(bad + ": bad .debug_info: unsupported version 9"), warnings.get(0));
        assertFalse(both.isEmpty());
    }

    /** The file offset of a section's contents. */
    private static int findSection(byte[] file, java.nio.ByteBuffer section) {
        byte[] head = new byte[32];
        section.get(0, head);
        outer:
        for (int i = 0; i + head.length <= file.length; i++) {
            for (int k = 0; k < head.length; k++) {
                if (file[i + k] != head[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("section not found");
    }
}
