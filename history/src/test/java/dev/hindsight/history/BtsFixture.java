package dev.hindsight.history;

import dev.hindsight.bts.BtsFormat;
import dev.hindsight.bts.BtsTrace;
import dev.hindsight.bts.BtsTraceReader;
import dev.hindsight.history.debuginfo.FunctionSymbol;
import dev.hindsight.history.debuginfo.SymbolLookup;
import dev.hindsight.history.source.BtsInstructionSource;
import dev.hindsight.pt.image.Image;
import dev.hindsight.pt.image.Section;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/** Small programs with BTS records built from their known control flow. */
final class BtsFixture {
    /**
     * main at 0x1000: push %rbp; call fun; nop; call fun; ret.
     * fun at 0x1010: mov %rsp,%rbp; nop; ret.
     */
    static final byte[] CALLS = {
        0x55, (byte) 0xe8, 0x0a, 0, 0, 0, (byte) 0x90, (byte) 0xe8, 0x04, 0, 0, 0, (byte) 0xc3, 0, 0, 0,
        0x48, (byte) 0x89, (byte) 0xe5, (byte) 0x90, (byte) 0xc3,
    };

    static final SymbolLookup SYMBOLS = pc -> pc >= 0x1000 && pc < 0x1010 ? FunctionSymbol.minimal("main", 0x1000)
            : pc >= 0x1010 && pc < 0x1015 ? FunctionSymbol.minimal("fun", 0x1010) : null;

    /** Records of CALLS: enter main, call, return, call, return; stops at main's ret (0x100c). */
    static final long[] CALLS_RECORDS = {0x2000, 0x1000, 0x1001, 0x1010, 0x1014, 0x1006, 0x1007, 0x1010, 0x1014, 0x100c};

    static Image image(byte[] code) {
        Image img = new Image();
        img.add(Section.ofBytes("code", code), 0x1000);
        return img;
    }

    static ByteBuffer ds(long... fromTo) {
        ByteBuffer b = ByteBuffer.allocate(fromTo.length / 2 * 24).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < fromTo.length; i += 2) {
            b.putLong(fromTo[i]).putLong(fromTo[i + 1]).putLong(0);
        }
        return b.flip();
    }

    static ThreadHistory history(byte[] code, SymbolLookup symbols, long currentPc, long... records) {
        BtsTraceReader r = new BtsTraceReader(BtsFormat.DS);
        if (currentPc != -1) {
            r.currentPc(currentPc);
        }
        BtsTrace t = r.read(ds(records));
        return ThreadHistory.build(new BtsInstructionSource(t, image(code)), symbols, -1, 0);
    }

    /** A formatter that names the address, so tests need no Capstone. */
    static final InsnTextFormatter FAKE_DISASM = (b, len, ip) -> String.format("insn_%x", ip);

    /** Runs commands on one browser and captures the gdb text. */
    static final class Session {
        final HistoryBrowser browser;
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final GdbTextOutput text = new GdbTextOutput(new PrintWriter(out), new PrintWriter(err));

        Session(ThreadHistory h, byte[] code, SymbolLookup symbols) {
            browser = new HistoryBrowser(h, image(code), symbols, FAKE_DISASM);
        }

        String take() {
            text.finish();
            String s = out.toString();
            out.getBuffer().setLength(0);
            return s;
        }

        String insn(String args) {
            try {
                browser.instructionHistory(args, text);
            } catch (HistoryError e) {
                text.finish();
                return "error: " + e.getMessage() + "\n" + take();
            }
            return take();
        }

        String calls(String args) {
            try {
                browser.functionCallHistory(args, text);
            } catch (HistoryError e) {
                return "error: " + e.getMessage() + "\n" + take();
            }
            return take();
        }
    }

    /** Straight-line code: {@code n} nops at 0x1000. */
    static byte[] nops(int n) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) 0x90);
        return b;
    }

    static final Map<String, Long> UNUSED = Map.of();

    private BtsFixture() {
    }
}
