package dev.hindsight.pt.x86.disasm;

import dev.hindsight.pt.x86.ExecMode;
import dev.hindsight.pt.x86.InsnDecoder;
import dev.hindsight.pt.x86.disasm.internal.CapstoneLibrary;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link Disassembler} backed by Capstone 4 through JNA.
 *
 * <p>The library ({@code libcapstone.so.4}) is loaded on the first {@link #open}; if it is
 * missing, {@code open} throws {@link DisassemblerUnavailableException} saying to install the
 * Debian package {@code libcapstone4}. Each instance owns one Capstone handle and one reusable
 * {@code cs_insn}, so disassembling allocates no native memory. Not thread-safe.
 */
public final class CapstoneDisassembler implements Disassembler {
    private static final int CODE_CAPACITY = 16;

    private final ExecMode mode;
    private final Syntax syntax;
    private final Memory handleBox = new Memory(8);
    private final Memory code = new Memory(CODE_CAPACITY);
    // The three in/out arguments of cs_disasm_iter: code pointer, remaining size, address.
    private final Memory codeArg = new Memory(8);
    private final Memory sizeArg = new Memory(8);
    private final Memory addressArg = new Memory(8);
    private long handle;
    private Pointer insn;

    private CapstoneDisassembler(ExecMode mode, Syntax syntax) {
        this.mode = mode;
        this.syntax = syntax;
    }

    /**
     * Opens a Capstone x86 disassembler.
     *
     * @param mode the execution mode; not {@link ExecMode#UNKNOWN}
     * @param syntax the output syntax
     * @return the disassembler; close it when done
     * @throws DisassemblerUnavailableException if Capstone 4 is not installed
     * @throws IllegalArgumentException if {@code mode} is unknown
     */
    public static CapstoneDisassembler open(ExecMode mode, Syntax syntax) {
        Objects.requireNonNull(syntax, "syntax");
        int csMode = switch (mode) {
            case BITS_16 -> CapstoneLibrary.CS_MODE_16;
            case BITS_32 -> CapstoneLibrary.CS_MODE_32;
            case BITS_64 -> CapstoneLibrary.CS_MODE_64;
            case UNKNOWN -> throw new IllegalArgumentException("cannot disassemble in unknown mode");
        };
        try {
            CapstoneLibrary.load();
        } catch (UnsatisfiedLinkError e) {
            throw new DisassemblerUnavailableException("Capstone 4 (libcapstone.so.4) cannot be"
                    + " loaded: install the Debian package libcapstone4 (" + firstLine(e.getMessage())
                    + ")", e);
        }
        CapstoneDisassembler d = new CapstoneDisassembler(mode, syntax);
        d.init(csMode);
        return d;
    }

    // JNA's messages list every path it tried, one per line; the first says enough.
    private static String firstLine(String message) {
        if (message == null) {
            return "unknown reason";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }

    private void init(int csMode) {
        check(CapstoneLibrary.cs_open(CapstoneLibrary.CS_ARCH_X86, csMode, handleBox), "cs_open");
        handle = handleBox.getLong(0);
        long value = syntax == Syntax.ATT ? CapstoneLibrary.CS_OPT_SYNTAX_ATT
                : CapstoneLibrary.CS_OPT_SYNTAX_INTEL;
        int err = CapstoneLibrary.cs_option(handle, CapstoneLibrary.CS_OPT_SYNTAX, value);
        if (err != CapstoneLibrary.CS_ERR_OK) {
            CapstoneLibrary.cs_close(handleBox);
            check(err, "cs_option(CS_OPT_SYNTAX)");
        }
        insn = CapstoneLibrary.cs_malloc(handle);
        if (insn == null) {
            CapstoneLibrary.cs_close(handleBox);
            throw new IllegalStateException("cs_malloc failed");
        }
    }

    private static void check(int err, String call) {
        if (err != CapstoneLibrary.CS_ERR_OK) {
            throw new IllegalStateException(call + ": " + CapstoneLibrary.cs_strerror(err));
        }
    }

    /** The execution mode this disassembler decodes. */
    public ExecMode mode() {
        return mode;
    }

    /** The syntax of its text. */
    public Syntax syntax() {
        return syntax;
    }

    @Override
    public Optional<DisassembledInsn> disassemble(byte[] bytes, int off, int len, long address) {
        int size = length(bytes, off, len, address);
        if (size < 0) {
            return Optional.empty();
        }
        return Optional.of(new DisassembledInsn(address, size,
                insn.getString(CapstoneLibrary.INSN_MNEMONIC, "US-ASCII"),
                insn.getString(CapstoneLibrary.INSN_OP_STR, "US-ASCII")));
    }

    @Override
    public int length(byte[] bytes, int off, int len, long address) {
        Objects.checkFromIndexSize(off, len, bytes.length);
        if (insn == null) {
            throw new IllegalStateException("disassembler is closed");
        }
        int n = Math.min(len, InsnDecoder.MAX_INSN_SIZE);
        if (n <= 0) {
            return -1;
        }
        code.write(0, bytes, off, n);
        codeArg.setPointer(0, code);
        sizeArg.setLong(0, n);
        addressArg.setLong(0, address);
        if (CapstoneLibrary.cs_disasm_iter(handle, codeArg, sizeArg, addressArg, insn) == 0) {
            return -1;
        }
        return insn.getShort(CapstoneLibrary.INSN_SIZE) & 0xffff;
    }

    /** The Capstone instruction id of the last successful decode (for tests). */
    int lastInsnId() {
        return insn.getInt(CapstoneLibrary.INSN_ID);
    }

    /** The address Capstone recorded for the last successful decode (for tests). */
    long lastInsnAddress() {
        return insn.getLong(CapstoneLibrary.INSN_ADDRESS);
    }

    /** The bytes Capstone recorded for the last successful decode (for tests). */
    byte[] lastInsnBytes() {
        return insn.getByteArray(CapstoneLibrary.INSN_BYTES, insn.getShort(CapstoneLibrary.INSN_SIZE));
    }

    /** The detail pointer of the reusable cs_insn; null as long as CS_OPT_DETAIL is off (for tests). */
    long lastInsnDetail() {
        return insn.getLong(CapstoneLibrary.INSN_DETAIL);
    }

    @Override
    public void close() {
        if (insn != null) {
            CapstoneLibrary.cs_free(insn, 1);
            insn = null;
            handleBox.setLong(0, handle);
            CapstoneLibrary.cs_close(handleBox);
        }
    }
}
