package dev.hindsight.pt.libipt.internal;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The libipt 2.0.5 functions Hindsight calls, with their C signatures copied exactly, bound by
 * JNA direct mapping (static natives: a call costs a fraction of an interface-mapped call, and
 * {@code pt_insn_next} runs once per instruction).
 *
 * <p>Structs are passed as {@link Pointer}s to native memory laid out as {@link Abi} says;
 * out-parameters are one-element primitive arrays. Nothing here is used outside
 * {@code dev.hindsight.pt.libipt}. Touching the class loads the library; {@link #load()} reports
 * a missing library as an {@link UnsatisfiedLinkError} once, at that point.
 */
public final class LibIpt {
    /** The soname of Debian's libipt2 package. */
    public static final String LIBRARY = "ipt";

    private static final class Holder {
        static final NativeLibrary LIB = NativeLibrary.getInstance(LIBRARY);

        static {
            Native.register(LibIpt.class, LIB);
        }
    }

    private LibIpt() {
    }

    /** Loads and binds the library, or throws {@link UnsatisfiedLinkError}. */
    public static void load() {
        Holder.LIB.getName();
    }

    /** {@code const char *pt_errstr(enum pt_error_code)}. */
    public static native String pt_errstr(int errcode);

    /** {@code int pt_cpu_errata(struct pt_errata *errata, const struct pt_cpu *cpu)}. */
    public static native int pt_cpu_errata(Pointer errata, Pointer cpu);

    /** {@code struct pt_image *pt_image_alloc(const char *name)}. */
    public static native Pointer pt_image_alloc(String name);

    /** {@code void pt_image_free(struct pt_image *image)}. */
    public static native void pt_image_free(Pointer image);

    /**
     * {@code int pt_image_add_file(struct pt_image *image, const char *filename, uint64_t offset,
     * uint64_t size, const struct pt_asid *asid, uint64_t vaddr)}.
     */
    public static native int pt_image_add_file(Pointer image, String filename, long offset, long size,
            Pointer asid, long vaddr);

    /** {@code struct pt_insn_decoder *pt_insn_alloc_decoder(const struct pt_config *config)}. */
    public static native Pointer pt_insn_alloc_decoder(Pointer config);

    /** {@code void pt_insn_free_decoder(struct pt_insn_decoder *decoder)}. */
    public static native void pt_insn_free_decoder(Pointer decoder);

    /** {@code int pt_insn_sync_forward(struct pt_insn_decoder *decoder)}. */
    public static native int pt_insn_sync_forward(Pointer decoder);

    /** {@code int pt_insn_sync_set(struct pt_insn_decoder *decoder, uint64_t offset)}. */
    public static native int pt_insn_sync_set(Pointer decoder, long offset);

    /** {@code int pt_insn_get_sync_offset(const struct pt_insn_decoder *decoder, uint64_t *offset)}. */
    public static native int pt_insn_get_sync_offset(Pointer decoder, long[] offset);

    /** {@code int pt_insn_get_offset(const struct pt_insn_decoder *decoder, uint64_t *offset)}. */
    public static native int pt_insn_get_offset(Pointer decoder, long[] offset);

    /** {@code int pt_insn_set_image(struct pt_insn_decoder *decoder, struct pt_image *image)}. */
    public static native int pt_insn_set_image(Pointer decoder, Pointer image);

    /** {@code int pt_insn_next(struct pt_insn_decoder *decoder, struct pt_insn *insn, size_t size)}. */
    public static native int pt_insn_next(Pointer decoder, Pointer insn, long size);

    /** {@code int pt_insn_event(struct pt_insn_decoder *decoder, struct pt_event *event, size_t size)}. */
    public static native int pt_insn_event(Pointer decoder, Pointer event, long size);

    /** {@code struct pt_block_decoder *pt_blk_alloc_decoder(const struct pt_config *config)}. */
    public static native Pointer pt_blk_alloc_decoder(Pointer config);

    /** {@code void pt_blk_free_decoder(struct pt_block_decoder *decoder)}. */
    public static native void pt_blk_free_decoder(Pointer decoder);

    /** {@code int pt_blk_sync_forward(struct pt_block_decoder *decoder)}. */
    public static native int pt_blk_sync_forward(Pointer decoder);

    /** {@code int pt_blk_get_offset(const struct pt_block_decoder *decoder, uint64_t *offset)}. */
    public static native int pt_blk_get_offset(Pointer decoder, long[] offset);

    /** {@code int pt_blk_set_image(struct pt_block_decoder *decoder, struct pt_image *image)}. */
    public static native int pt_blk_set_image(Pointer decoder, Pointer image);

    /** {@code int pt_blk_next(struct pt_block_decoder *decoder, struct pt_block *block, size_t size)}. */
    public static native int pt_blk_next(Pointer decoder, Pointer block, long size);

    /** {@code int pt_blk_event(struct pt_block_decoder *decoder, struct pt_event *event, size_t size)}. */
    public static native int pt_blk_event(Pointer decoder, Pointer event, long size);
}
