package dev.hindsight.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DataCommandsTest {
    /** main and fun (the code), vals (16 ints at 0x5000), text at 0x5100, motto in rodata at 0x3000. */
    private static final SymbolLookup SYMBOLS = pc -> pc >= 0x5000 && pc < 0x5040 ? FunctionSymbol.minimal("vals", 0x5000)
            : pc >= 0x5100 && pc < 0x5120 ? FunctionSymbol.minimal("text", 0x5100)
            : pc >= 0x3000 && pc < 0x300a ? FunctionSymbol.minimal("motto", 0x3000)
            : BtsFixture.SYMBOLS.find(pc);
    private static final ObjectFiles OBJECTS = ObjectFiles.of(new long[][] {{0x1000, 0x1015}, {0x3000, 0x3010}},
            Map.of("vals", 0x5000L, "text", 0x5100L, "motto", 0x3000L, "main", 0x1000L));

    private final byte[] memory = new byte[0x6000];
    private final TargetMemory live = new TargetMemory() {
        @Override
        public int read(long address, byte[] buffer, int offset, int length) {
            int n = 0;
            while (n < length && address + n >= 0x1000 && address + n < memory.length) {
                buffer[offset + n] = memory[(int) (address + n)];
                n++;
            }
            return n;
        }

        @Override
        public boolean write(long address, byte[] data, int length) {
            if (address < 0x1000 || address + length > memory.length) {
                return false;
            }
            System.arraycopy(data, 0, memory, (int) address, length);
            return true;
        }
    };
    private final Map<String, Long> registers = Map.of("rax", 42L, "rip", 0x100cL, "rsp", 0x7ffe0000L,
            "rbp", 0x7ffe0010L, "eflags", 0x246L, "cs", 0x33L, "rbx", -2L);

    private BtsFixture.Session s;
    private final DataCommands data = new DataCommands();

    @BeforeEach
    void setUp() {
        System.arraycopy(BtsFixture.CALLS, 0, memory, 0x1000, BtsFixture.CALLS.length);
        int[] vals = {5, 6, 7, 8, -5, 0, 0x41, 0x0a, 0x1007, 0};
        for (int i = 0; i < vals.length; i++) {
            for (int k = 0; k < 4; k++) {
                memory[0x5000 + 4 * i + k] = (byte) (vals[i] >> (8 * k));
            }
        }
        byte[] text = "hi\n\"aaaaaaaaaaaaaaa\001".getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(text, 0, memory, 0x5100, text.length);
        byte[] motto = "read only".getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(motto, 0, memory, 0x3000, motto.length);
        ThreadHistory h = BtsFixture.history(BtsFixture.CALLS, SYMBOLS, 0x100c, BtsFixture.CALLS_RECORDS);
        s = new BtsFixture.Session(h, BtsFixture.CALLS, SYMBOLS);
        s.browser.setTarget(OBJECTS, live, name -> registers.get(name));
    }

    private String x(String args) {
        try {
            data.examine(s.browser, args, s.text);
        } catch (HistoryError e) {
            return s.take() + "error: " + e.getMessage();
        }
        return s.take();
    }

    private String p(String args) {
        try {
            data.print(s.browser, args, s.text);
        } catch (HistoryError e) {
            return s.take() + "error: " + e.getMessage();
        }
        return s.take();
    }

    private String regs(String args) {
        try {
            data.infoRegisters(s.browser, args, s.text);
        } catch (HistoryError e) {
            return s.take() + "error: " + e.getMessage();
        }
        return s.take();
    }

    private void replayFromTheStart() {
        s.browser.gotoRecord("begin", s.text);
        s.take();
    }

    @Test
    void shouldExamineWordsOfTheLiveProcessFourToALine() {
        assertEquals("0x5000 <vals>:\t0x00000005\t0x00000006\t0x00000007\t0x00000008\n", x("/4xw &vals"));
        assertEquals("0x5010 <vals+16>:\t0xfffffffb\t0x00000000\t0x00000041\t0x0000000a\n", x(""));
        assertEquals("0x5000 <vals>:\t0x00000005\n", x("vals"));
    }

    @Test
    void shouldPrintEachFormatAsGdbDoes() {
        assertEquals("0x5000 <vals>:\t0x05\t0x00\t0x00\t0x00\t0x06\t0x00\t0x00\t0x00\n"
                + "0x5008 <vals+8>:\t0x07\t0x00\n", x("/10xb vals"));
        assertEquals("0x5010 <vals+16>:\t-5\t0\n", x("/2dw 0x5010"));
        assertEquals("0x5010 <vals+16>:\t4294967291\t0\n", x("/2uw 0x5010"));
        assertEquals("0x5010 <vals+16>:\t037777777773\t0\n", x("/2ow 0x5010"));
        assertEquals("0x5000 <vals>:\t00000101\t00000000\n", x("/2tb vals"));
        assertEquals("0x5018 <vals+24>:\t65 'A'\t0 '\\000'\n", x("/2c vals+24"));
        assertEquals("0x5000 <vals>:\t0x0000000600000005\n", x("/xg vals"));
        assertEquals("0x5000 <vals>:\t0x0005\n", x("/xh vals"));
        assertEquals("0x5020 <vals+32>:\t0x1007 <main+7>\t0x0\n", x("/2a vals + 32"));
    }

    @Test
    void shouldRememberTheLastFormatAndSize() {
        x("/2dh vals");
        assertEquals("0x5004 <vals+4>:\t6\n", x("0x5004"));
        x("/c vals");
        assertEquals("0x5004 <vals+4>:\t0x06\n", x("/x 0x5004"));
    }

    @Test
    void shouldExamineStringsWithRepeatsAndEscapes() {
        assertEquals("0x5100 <text>:\t\"hi\\n\\\"\", 'a' <repeats 15 times>, \"\\001\"\n", x("/s text"));
        assertEquals("0x3000 <motto>:\t\"read only\"\n", x("/s &motto"));
        assertEquals("0x300a:\t\"\"\n", x("/s"));
    }

    @Test
    void shouldExamineInstructionsMarkingTheCurrentOne() {
        assertEquals("   0x1007 <main+7>:\tinsn_1007\n=> 0x100c <main+12>:\tinsn_100c\n", x("/2i 0x1007"));
        assertEquals("=> 0x100c <main+12>:\tinsn_100c\n", x("/i $pc"));
    }

    @Test
    void shouldShowWritableMemoryAsUnavailableWhileReplayingReadOnly() {
        replayFromTheStart();
        assertEquals("0x5000 <vals>:\t<unavailable>\t<unavailable>\n", x("/2xw &vals"));
        assertEquals("0x5100 <text>:\t<error: Cannot access memory at address 0x5100>\n", x("/s text"));
        assertEquals("0x3000 <motto>:\t\"read only\"\n", x("/s motto"));
        assertEquals("=> 0x1000 <main>:\tinsn_1000\n", x("/i $pc"));
        s.browser.settings().set("btrace replay-memory-access read-write");
        assertEquals("0x5000 <vals>:\t0x00000005\t0x00000006\n", x("/2xw &vals"));
    }

    @Test
    void shouldFailWhereNothingCanBeRead() {
        assertEquals("0x0:\terror: Cannot access memory at address 0x0", x("/4xw 0"));
        assertEquals("0x5ffe:\t0x0000\terror: Cannot access memory at address 0x6000", x("/2xh 0x5ffe"));
        assertEquals("0x0:\t<error: Cannot access memory at address 0x0>\n", x("/s 0"));
    }

    @Test
    void shouldRejectBadArguments() {
        assertEquals("error: Argument required (starting display address).", x(""));
        assertEquals("error: Undefined output format \"q\".", x("/4q 0"));
        assertEquals("error: No symbol \"nosuch\" in current context.", x("nosuch"));
        replayFromTheStart();
        assertEquals("error: value is not available", x("/xw $sp"));
    }

    private String set(String args) {
        try {
            data.assign(s.browser, args);
        } catch (HistoryError e) {
            return "error: " + e.getMessage();
        }
        return "";
    }

    @Test
    void shouldWriteTheLiveProcessButNotWhileReplayingReadOnly() {
        assertEquals("", set("{int}&vals = 0x2a"));
        assertEquals("", set("{short} vals + 4 = -1"));
        assertEquals("0x5000 <vals>:\t0x0000002a\t0x0000ffff\n", x("/2xw vals"));
        assertEquals("error: Cannot access memory at address 0x10", set("{char}0x10 = 1"));
        replayFromTheStart();
        assertEquals("error: Cannot access memory at address 0x5000", set("{int}&vals = 1"));
        s.browser.settings().set("btrace replay-memory-access read-write");
        assertEquals("", set("{long}&vals = 1"));
        assertEquals("0x5000 <vals>:\t0x00000001\t0x00000000\n", x("/2xw vals"));
        assertEquals("error: No symbol \"float\" in current context.", set("{float}&vals = 1"));
        assertEquals("error: set var supports {char|short|int|long}ADDRESS = VALUE only.", set("vals = 1"));
    }

    @Test
    void shouldPrintLiveRegistersWithGdbsTypesAndNumbering() {
        assertEquals("$1 = (void (*)()) 0x100c <main+12>\n", p("$pc"));
        assertEquals("$2 = 42\n", p("$rax"));
        assertEquals("$3 = 0x2a\n", p("/x $rax"));
        assertEquals("$4 = (void *) 0x7ffe0000\n", p("$sp"));
        assertEquals("$5 = [ PF ZF IF ]\n", p("$eflags"));
        assertEquals("$6 = 51\n", p("$cs"));
        assertEquals("$7 = -2\n", p("$rbx"));
        assertEquals("$8 = void\n", p("$nosuch"));
    }

    @Test
    void shouldHaveOnlyThePcWhileReplaying() {
        replayFromTheStart();
        assertEquals("$1 = (void (*)()) 0x1000 <main>\n", p("$pc"));
        assertEquals("$2 = <unavailable>\n", p("$rax"));
        assertEquals("$3 = (void *) <unavailable>\n", p("$sp"));
    }

    @Test
    void shouldListRegistersInGdbsColumns() {
        assertEquals("rip            0x100c              0x100c <main+12>\n"
                + "rax            0x2a                42\n"
                + "eflags         0x246               [ PF ZF IF ]\n"
                + "rsp            0x7ffe0000          0x7ffe0000\n", regs("rip rax eflags rsp"));
        replayFromTheStart();
        assertEquals("rip            0x1000              0x1000 <main>\n"
                + "rax            <unavailable>\n", regs("rip rax"));
        assertEquals("error: Invalid register `foo'", regs("foo"));
    }
}
