package dev.hindsight.history;

import dev.hindsight.history.debuginfo.DwarfLines;
import dev.hindsight.history.debuginfo.FunctionSymbol;
import dev.hindsight.history.debuginfo.SymbolLookup;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The shape of gdb's btrace testsuite program (main calls fun4; fun4 calls fun1, fun2, fun3; fun2
 * calls fun1; fun3 calls fun1 and fun2), laid out as gcc -O0 compiles it (push %rbp; mov %rsp,%rbp;
 * calls; leave; ret) at 0x1000, with a line table and a source file whose line numbers match the
 * testsuite's, and BTS records of the call of fun4 from main: 40 instructions in 16 functions,
 * the current instruction main's {@code mov $0,%eax} (spec §5, §6.2).
 */
final class RecordGotoProgram {
    static final long FUN1 = 0x1000;
    static final long FUN2 = 0x1010;
    static final long FUN3 = 0x1020;
    static final long FUN4 = 0x1030;
    static final long MAIN = 0x1050;
    static final long CALL_FUN4 = 0x1054;
    static final long AFTER_CALL = 0x1059;

    private final byte[] code = new byte[0x60];
    private final List<long[]> rows = new ArrayList<>();
    private int at;

    private RecordGotoProgram() {
    }

    private void org(long addr) {
        at = (int) (addr - 0x1000);
    }

    private void line(int line) {
        rows.add(new long[] {0x1000 + at, line});
    }

    private void prologue(int line) {
        line(line);
        code[at++] = 0x55;
        code[at++] = 0x48;
        code[at++] = (byte) 0x89;
        code[at++] = (byte) 0xe5;
    }

    private void call(int line, long target) {
        line(line);
        long next = 0x1000 + at + 5;
        int rel = (int) (target - next);
        code[at++] = (byte) 0xe8;
        for (int i = 0; i < 4; i++) {
            code[at++] = (byte) (rel >> (8 * i));
        }
    }

    private void epilogue(int line) {
        line(line);
        code[at++] = (byte) 0xc9;
        code[at++] = (byte) 0xc3;
    }

    static final String SOURCE;

    static {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= 19; i++) {
            b.append("/* ").append(i).append(" */\n");
        }
        b.append("""
                void
                fun1 (void)
                {
                }

                void
                fun2 (void)
                {
                  fun1 ();
                }

                void
                fun3 (void)
                {
                  fun1 ();
                  fun2 ();
                }

                void
                fun4 (void)
                {
                  fun1 ();
                  fun2 ();
                  fun3 ();
                }

                int
                main (void)
                {
                  fun4 ();
                  return 0;
                }
                """);
        SOURCE = b.toString();
    }

    /** The program's code, line rows, symbols and BTS history. */
    static final class Built {
        final byte[] code;
        final DwarfLines lines;
        final SymbolLookup symbols;
        final ThreadHistory history;

        Built(byte[] code, DwarfLines lines, SymbolLookup symbols, ThreadHistory history) {
            this.code = code;
            this.lines = lines;
            this.symbols = symbols;
            this.history = history;
        }
    }

    /** Builds it, writing record_goto.c into {@code dir}. */
    static Built build(Path dir) throws IOException {
        RecordGotoProgram p = new RecordGotoProgram();
        p.org(FUN1);
        p.prologue(22);
        p.epilogue(23);
        p.org(FUN2);
        p.prologue(27);
        p.call(28, FUN1);
        p.epilogue(29);
        p.org(FUN3);
        p.prologue(33);
        p.call(34, FUN1);
        p.call(35, FUN2);
        p.epilogue(36);
        p.org(FUN4);
        p.prologue(40);
        p.call(41, FUN1);
        p.call(42, FUN2);
        p.call(43, FUN3);
        p.epilogue(44);
        p.org(MAIN);
        p.prologue(48);
        p.call(49, FUN4);
        p.line(50);
        p.code[p.at++] = (byte) 0xb8;
        p.at += 4;
        p.epilogue(51);
        Path source = dir.resolve("record_goto.c");
        Files.writeString(source, SOURCE);
        long[] addr = new long[p.rows.size()];
        int[] line = new int[p.rows.size()];
        for (int i = 0; i < addr.length; i++) {
            addr[i] = p.rows.get(i)[0];
            line[i] = (int) p.rows.get(i)[1];
        }
        DwarfLines lines = DwarfLines.ofRows(addr, line, "record_goto.c", source);
        SymbolLookup symbols = pc -> {
            String name = pc >= MAIN && pc < MAIN + 0x10 ? "main" : pc >= FUN4 && pc < FUN4 + 0x15 ? "fun4"
                    : pc >= FUN3 && pc < FUN3 + 0x10 ? "fun3" : pc >= FUN2 && pc < FUN2 + 0x0b ? "fun2"
                    : pc >= FUN1 && pc < FUN1 + 6 ? "fun1" : null;
            if (name == null) {
                return null;
            }
            long start = name.equals("main") ? MAIN : name.equals("fun4") ? FUN4 : name.equals("fun3") ? FUN3
                    : name.equals("fun2") ? FUN2 : FUN1;
            return new FunctionSymbol(name, name, "record_goto.c", start);
        };
        ThreadHistory h = BtsFixture.history(p.code, symbols, AFTER_CALL, p.records());
        return new Built(p.code, lines, symbols, h);
    }

    /** Runs the code from main's call of fun4 until it returns, recording each taken branch. */
    private long[] records() {
        List<Long> r = new ArrayList<>(List.of(0x2000L, CALL_FUN4));
        Deque<Long> stack = new ArrayDeque<>();
        long pc = CALL_FUN4;
        while (pc != AFTER_CALL) {
            int op = code[(int) (pc - 0x1000)] & 0xff;
            long next;
            switch (op) {
                case 0x55, 0xc9 -> next = pc + 1;
                case 0x48 -> next = pc + 3;
                case 0xe8 -> {
                    int i = (int) (pc - 0x1000) + 1;
                    int rel = (code[i] & 0xff) | (code[i + 1] & 0xff) << 8 | (code[i + 2] & 0xff) << 16
                            | code[i + 3] << 24;
                    stack.push(pc + 5);
                    next = pc + 5 + rel;
                    r.add(pc);
                    r.add(next);
                }
                case 0xc3 -> {
                    next = stack.pop();
                    r.add(pc);
                    r.add(next);
                }
                default -> throw new IllegalStateException("opcode " + op);
            }
            pc = next;
        }
        return r.stream().mapToLong(Long::longValue).toArray();
    }

    /** A browser over the program and a text sink whose output {@link #take()} returns. */
    static final class Session {
        final HistoryBrowser browser;
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final GdbTextOutput text = new GdbTextOutput(new PrintWriter(out), new PrintWriter(err));

        Session(Path dir) throws IOException {
            Built b = build(dir);
            browser = new HistoryBrowser(b.history, BtsFixture.image(b.code), b.symbols, BtsFixture.FAKE_DISASM,
                    b.lines);
        }

        String take() {
            text.finish();
            String s = out.toString();
            out.getBuffer().setLength(0);
            return s;
        }

        /** The last line of {@code info record}. */
        String replay() {
            browser.infoRecord(text);
            String s = take();
            String[] l = s.split("\n");
            return l[l.length - 1];
        }
    }
}
