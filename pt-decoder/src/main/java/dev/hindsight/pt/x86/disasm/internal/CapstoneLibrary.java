package dev.hindsight.pt.x86.disasm.internal;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * Direct JNA binding of the Capstone 4 C API ({@code capstone.h} 4.0.2).
 *
 * <p>Loaded once, on first use of {@link #load()}; the library is {@code libcapstone.so.4}
 * unless the system property {@code hindsight.capstone.library} names another file.
 */
public final class CapstoneLibrary {
    /** {@code CS_ARCH_X86}. */
    public static final int CS_ARCH_X86 = 3;
    /** {@code CS_MODE_16}. */
    public static final int CS_MODE_16 = 1 << 1;
    /** {@code CS_MODE_32}. */
    public static final int CS_MODE_32 = 1 << 2;
    /** {@code CS_MODE_64}. */
    public static final int CS_MODE_64 = 1 << 3;
    /** {@code CS_OPT_SYNTAX}. */
    public static final int CS_OPT_SYNTAX = 1;
    /** {@code CS_OPT_SYNTAX_INTEL}. */
    public static final long CS_OPT_SYNTAX_INTEL = 1;
    /** {@code CS_OPT_SYNTAX_ATT}. */
    public static final long CS_OPT_SYNTAX_ATT = 2;
    /** {@code CS_ERR_OK}. */
    public static final int CS_ERR_OK = 0;

    /** The library file name tried by default. */
    public static final String DEFAULT_LIBRARY = "libcapstone.so.4";

    // Layout of struct cs_insn in Capstone 4.0.2 on LP64:
    //   unsigned int id; uint64_t address; uint16_t size; uint8_t bytes[16];
    //   char mnemonic[32]; char op_str[160]; cs_detail *detail;
    /** Offset of {@code cs_insn.id}. */
    public static final int INSN_ID = 0;
    /** Offset of {@code cs_insn.address}. */
    public static final int INSN_ADDRESS = 8;
    /** Offset of {@code cs_insn.size}. */
    public static final int INSN_SIZE = 16;
    /** Offset of {@code cs_insn.bytes}. */
    public static final int INSN_BYTES = 18;
    /** Offset of {@code cs_insn.mnemonic}. */
    public static final int INSN_MNEMONIC = 34;
    /** Offset of {@code cs_insn.op_str}. */
    public static final int INSN_OP_STR = 66;
    /** Offset of {@code cs_insn.detail}. */
    public static final int INSN_DETAIL = 232;

    private static volatile Throwable loadFailure;
    private static volatile boolean loaded;

    private CapstoneLibrary() {
    }

    /**
     * Loads and binds the library if that has not happened yet.
     *
     * @throws UnsatisfiedLinkError if it cannot be loaded or is not version 4
     */
    public static synchronized void load() {
        if (loaded) {
            return;
        }
        if (loadFailure != null) {
            throw link(loadFailure);
        }
        try {
            String name = System.getProperty("hindsight.capstone.library", DEFAULT_LIBRARY);
            Native.register(CapstoneLibrary.class, NativeLibrary.getInstance(name));
            int version = cs_version(Pointer.NULL, Pointer.NULL);
            if ((version >> 8) != 4) {
                throw new UnsatisfiedLinkError(name + " is Capstone " + (version >> 8)
                        + "." + (version & 0xff) + ", not 4");
            }
            loaded = true;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            loadFailure = e;
            throw link(e);
        }
    }

    private static UnsatisfiedLinkError link(Throwable t) {
        if (t instanceof UnsatisfiedLinkError u) {
            return u;
        }
        UnsatisfiedLinkError e = new UnsatisfiedLinkError(t.getMessage());
        e.initCause(t);
        return e;
    }

    /** {@code unsigned int cs_version(int *major, int *minor)}. */
    public static native int cs_version(Pointer major, Pointer minor);

    /** {@code cs_err cs_open(cs_arch arch, cs_mode mode, csh *handle)}. */
    public static native int cs_open(int arch, int mode, Pointer handle);

    /** {@code cs_err cs_close(csh *handle)}. */
    public static native int cs_close(Pointer handle);

    /** {@code cs_err cs_option(csh handle, cs_opt_type type, size_t value)}. */
    public static native int cs_option(long handle, int type, long value);

    /** {@code cs_insn *cs_malloc(csh handle)}. */
    public static native Pointer cs_malloc(long handle);

    /** {@code void cs_free(cs_insn *insn, size_t count)}. */
    public static native void cs_free(Pointer insn, long count);

    /**
     * {@code bool cs_disasm_iter(csh handle, const uint8_t **code, size_t *size,
     * uint64_t *address, cs_insn *insn)}; the C {@code bool} is the low byte.
     */
    public static native byte cs_disasm_iter(long handle, Pointer code, Pointer size,
            Pointer address, Pointer insn);

    /** {@code const char *cs_strerror(cs_err code)}. */
    public static native String cs_strerror(int code);
}
