package dev.hindsight.pt.libipt;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.hindsight.pt.PtError;
import dev.hindsight.pt.libipt.internal.Abi;
import dev.hindsight.pt.libipt.internal.LibIpt;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * An instruction-flow decoder run by libipt itself (Debian's libipt2, 2.0.5), the reference
 * backend that Hindsight's own decoder is checked and measured against.
 *
 * <p>It is a flyweight over libipt's structs: {@link #next()} fills libipt's {@code pt_insn} or
 * {@code pt_block} (as {@link LibiptOptions#blockDecoder()} chose) and the accessors read the
 * fields of that one record; {@link #event()} does the same for {@code pt_event}. The verbs and
 * status codes are libipt's: a result of 0 or more is a set of {@code pts_*} flags, a negative
 * one is {@code -pte_*} (see {@link PtError}). Not thread-safe; close it to free libipt's memory.
 */
public final class LibiptDecoder implements AutoCloseable {
    /** {@code pts_event_pending}: an event is pending, fetch it with {@link #event()}. */
    public static final int EVENT_PENDING = 1;
    /** {@code pts_ip_suppressed}: the ip of the last record is not valid. */
    public static final int IP_SUPPRESSED = 2;
    /** {@code pts_eos}: there is no more trace. */
    public static final int EOS = 4;

    private final boolean block;
    private final ByteBuffer trace;
    private final Memory config = new Memory(Abi.CONFIG_SIZE);
    private final Memory record = new Memory(Math.max(Abi.INSN_SIZE, Abi.BLOCK_SIZE));
    private final Memory eventRecord = new Memory(Abi.EVENT_SIZE);
    private final long[] out = new long[1];
    private Pointer image;
    private Pointer decoder;

    private LibiptDecoder(boolean block, ByteBuffer trace) {
        // JNA's Memory is not zeroed: a record libipt did not fill must not read as garbage.
        record.clear();
        eventRecord.clear();
        this.block = block;
        this.trace = trace;
    }

    /**
     * Whether libipt can be loaded here.
     *
     * @return {@code null} if it can, else a one-line reason naming the package to install
     */
    public static String unavailableReason() {
        try {
            LibIpt.load();
            return null;
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            return "libipt (libipt.so.2) is not installed: apt-get install libipt2";
        }
    }

    /**
     * Opens a decoder over a trace file and an image made of file ranges.
     *
     * @throws IOException              if the trace cannot be mapped
     * @throws IllegalStateException    if libipt is missing or rejects the configuration (for
     *                                  example an unknown CPU), with its message
     */
    public static LibiptDecoder open(Path tracePath, List<FileRange> imageRanges, LibiptOptions options)
            throws IOException {
        MappedByteBuffer mapped;
        try (FileChannel ch = FileChannel.open(tracePath, StandardOpenOption.READ)) {
            mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
        }
        return open(mapped, imageRanges, options);
    }

    /**
     * Opens a decoder over trace bytes and an image made of file ranges.
     *
     * @param trace the trace from its position to its limit; a heap buffer is copied to native
     *              memory, a direct (e.g. memory-mapped) one is used in place
     * @throws IllegalStateException if libipt is missing or rejects the configuration
     */
    public static LibiptDecoder open(ByteBuffer trace, List<FileRange> imageRanges, LibiptOptions options) {
        String missing = unavailableReason();
        if (missing != null) {
            throw new IllegalStateException(missing);
        }
        ByteBuffer bytes = trace.slice();
        if (!bytes.isDirect()) {
            ByteBuffer direct = ByteBuffer.allocateDirect(bytes.remaining());
            direct.put(bytes).flip();
            bytes = direct;
        }
        LibiptDecoder d = new LibiptDecoder(options.blockDecoder(), bytes);
        try {
            d.configure(bytes, options);
            d.loadImage(imageRanges);
            d.decoder = d.block ? LibIpt.pt_blk_alloc_decoder(d.config) : LibIpt.pt_insn_alloc_decoder(d.config);
            if (d.decoder == null) {
                throw new IllegalStateException("libipt rejected the configuration");
            }
            int st = d.block ? LibIpt.pt_blk_set_image(d.decoder, d.image) : LibIpt.pt_insn_set_image(d.decoder, d.image);
            d.check(st, "set image");
            return d;
        } catch (RuntimeException e) {
            d.close();
            throw e;
        }
    }

    private void configure(ByteBuffer mapped, LibiptOptions o) {
        config.clear();
        config.setLong(0, Abi.CONFIG_SIZE);
        Pointer begin = Native.getDirectBufferPointer(mapped);
        config.setPointer(Abi.CONFIG_BEGIN, begin);
        config.setPointer(Abi.CONFIG_END, begin.share(mapped.capacity()));
        if (o.cpuFamily() >= 0) {
            config.setInt(Abi.CONFIG_CPU + Abi.CPU_VENDOR, Abi.VENDOR_INTEL);
            config.setShort(Abi.CONFIG_CPU + Abi.CPU_FAMILY, (short) o.cpuFamily());
            config.setByte(Abi.CONFIG_CPU + Abi.CPU_MODEL, (byte) o.cpuModel());
            config.setByte(Abi.CONFIG_CPU + Abi.CPU_STEPPING, (byte) o.cpuStepping());
            check(LibIpt.pt_cpu_errata(config.share(Abi.CONFIG_ERRATA), config.share(Abi.CONFIG_CPU)),
                    "determine errata for cpu " + o.cpuFamily() + "/" + o.cpuModel());
        }
        config.setInt(Abi.CONFIG_CPUID_0X15_EAX, o.cpuid15Eax());
        config.setInt(Abi.CONFIG_CPUID_0X15_EBX, o.cpuid15Ebx());
        config.setByte(Abi.CONFIG_MTC_FREQ, (byte) o.mtcFreq());
        config.setByte(Abi.CONFIG_NOM_FREQ, (byte) o.nomFreq());
        int flags = block
                ? (o.endOnCall() ? 1 : 0) | (o.tickEvents() ? 2 : 0) | (o.endOnJump() ? 4 : 0)
                : (o.tickEvents() ? 1 : 0);
        config.setInt(Abi.CONFIG_FLAGS, flags);
        config.setInt(Abi.CONFIG_ADDR_FILTER, o.filterConfig());
        long[] addr = o.filterAddresses();
        for (int i = 0; i < addr.length; i++) {
            config.setLong(Abi.CONFIG_ADDR_FILTER + 8 + 8L * i, addr[i]);
        }
    }

    private void loadImage(List<FileRange> ranges) {
        image = LibIpt.pt_image_alloc("hindsight");
        for (FileRange r : ranges) {
            check(LibIpt.pt_image_add_file(image, r.file().toString(), r.offset(), r.size(), null, r.vaddr()),
                    "add " + r.file() + " to the image");
        }
    }

    private void check(int status, String what) {
        if (status < 0) {
            throw new IllegalStateException("libipt failed to " + what + ": " + errorMessage(status));
        }
    }

    /** libipt's message for an error code ({@code pt_errstr}). */
    public static String errorMessage(int status) {
        return LibIpt.pt_errstr(-status);
    }

    /** {@code pt_*_sync_forward}: synchronises onto the next PSB. */
    public int syncForward() {
        return block ? LibIpt.pt_blk_sync_forward(decoder) : LibIpt.pt_insn_sync_forward(decoder);
    }

    /**
     * {@code pt_insn_sync_set}: synchronises onto the PSB at {@code offset} (insn decoder only).
     *
     * @return libipt's status, negative on error
     */
    public int syncSet(long offset) {
        if (block) {
            throw new UnsupportedOperationException("syncSet needs the insn decoder");
        }
        return LibIpt.pt_insn_sync_set(decoder, offset);
    }

    /** {@code pt_insn_get_sync_offset}: the offset of the last PSB synchronised onto (insn decoder only). */
    public long syncOffset() {
        if (block) {
            throw new UnsupportedOperationException("syncOffset needs the insn decoder");
        }
        int st = LibIpt.pt_insn_get_sync_offset(decoder, out);
        return st < 0 ? st : out[0];
    }

    /** {@code pt_*_get_offset}: the current trace offset. */
    public long offset() {
        int st = block ? LibIpt.pt_blk_get_offset(decoder, out) : LibIpt.pt_insn_get_offset(decoder, out);
        return st < 0 ? st : out[0];
    }

    /** {@code pt_insn_next} or {@code pt_blk_next}: decodes the next instruction or block. */
    public int next() {
        return block ? LibIpt.pt_blk_next(decoder, record, Abi.BLOCK_SIZE)
                : LibIpt.pt_insn_next(decoder, record, Abi.INSN_SIZE);
    }

    /** {@code pt_*_event}: fetches the pending event. */
    public int event() {
        return block ? LibIpt.pt_blk_event(decoder, eventRecord, Abi.EVENT_SIZE)
                : LibIpt.pt_insn_event(decoder, eventRecord, Abi.EVENT_SIZE);
    }

    /** Whether this runs the block decoder. */
    public boolean isBlockDecoder() {
        return block;
    }

    /** The ip of the instruction, or of the first instruction of the block. */
    public long ip() {
        return record.getLong(block ? Abi.BLOCK_IP : Abi.INSN_IP);
    }

    /** The ip of the last instruction of the block (the instruction's ip for the insn decoder). */
    public long endIp() {
        return block ? record.getLong(Abi.BLOCK_END_IP) : ip();
    }

    /** The number of instructions in the block (1 for the insn decoder). */
    public int instructionCount() {
        return block ? Short.toUnsignedInt(record.getShort(Abi.BLOCK_NINSN)) : 1;
    }

    /** The size in bytes of the instruction (insn decoder) or the block's last instruction. */
    public int size() {
        return Byte.toUnsignedInt(record.getByte(block ? Abi.BLOCK_LENGTH : Abi.INSN_LENGTH));
    }

    /** libipt's {@code enum pt_insn_class} value of the (last) instruction. */
    public int iclass() {
        return record.getInt(block ? Abi.BLOCK_ICLASS : Abi.INSN_ICLASS);
    }

    /** libipt's {@code enum pt_exec_mode} value (0 unknown, 1: 16-bit, 2: 32-bit, 3: 64-bit). */
    public int mode() {
        return record.getInt(block ? Abi.BLOCK_MODE : Abi.INSN_MODE);
    }

    /** Whether the instruction or block executed speculatively (in a transaction). */
    public boolean speculative() {
        return (record.getByte(block ? Abi.BLOCK_FLAGS : Abi.INSN_FLAGS) & 1) != 0;
    }

    /** Whether the instruction or block's last instruction crosses a section boundary. */
    public boolean truncated() {
        return (record.getByte(block ? Abi.BLOCK_FLAGS : Abi.INSN_FLAGS) & 2) != 0;
    }

    /** The image section identifier the (last) instruction was read from. */
    public int isid() {
        return record.getInt(block ? Abi.BLOCK_ISID : Abi.INSN_ISID);
    }

    /**
     * Copies the raw bytes of the (last) instruction into {@code dst}.
     *
     * @return the number of bytes copied: {@link #size()}
     */
    public int raw(byte[] dst) {
        int n = size();
        /*
         * libipt sets the size only with bytes it read (a block's only when truncated); a record
         * it left alone, after an error, may say anything (seen once in the damaged-trace test:
         * a read past the record's end). No instruction is longer than the raw field.
         */
        if (n > Math.min(dst.length, Abi.RAW_SIZE)) {
            return 0;
        }
        record.read(block ? Abi.BLOCK_RAW : Abi.INSN_RAW, dst, 0, n);
        return n;
    }

    /** The type of the event {@link #event()} fetched, or {@code null} for an unknown one. */
    public LibiptEventType eventType() {
        return LibiptEventType.of(eventRecord.getInt(Abi.EVENT_TYPE));
    }

    /** Whether the event's ip is suppressed. */
    public boolean eventIpSuppressed() {
        return (eventRecord.getByte(Abi.EVENT_FLAGS) & 1) != 0;
    }

    /** Whether the event is a status update rather than a change. */
    public boolean eventStatusUpdate() {
        return (eventRecord.getByte(Abi.EVENT_FLAGS) & 2) != 0;
    }

    /** Whether the event has a timestamp. */
    public boolean eventHasTsc() {
        return (eventRecord.getByte(Abi.EVENT_FLAGS) & 4) != 0;
    }

    /** The event's timestamp, valid if {@link #eventHasTsc()}. */
    public long eventTsc() {
        return eventRecord.getLong(Abi.EVENT_TSC);
    }

    /**
     * The event's ip: where it binds (enabled, disabled, overflow, exec mode, tsx, exstop, mwait,
     * ptwrite, tick, async paging/vmcs), the destination of an async branch, the ip of an async
     * disable; 0 for events without one.
     */
    public long eventIp() {
        LibiptEventType t = eventType();
        if (t == null) {
            return 0;
        }
        return switch (t) {
            case ENABLED, DISABLED, OVERFLOW, TSX, EXSTOP, MWAIT, PTWRITE, TICK -> variantLong(0);
            case ASYNC_DISABLED, ASYNC_BRANCH, EXEC_MODE, ASYNC_VMCS -> variantLong(8);
            case ASYNC_PAGING -> variantLong(16);
            default -> 0;
        };
    }

    /** The 64-bit field at {@code offset} bytes into the event's variant (for typed payloads). */
    public long variantLong(int offset) {
        return eventRecord.getLong(Abi.EVENT_VARIANT + offset);
    }

    /** The unsigned byte at {@code offset} bytes into the event's variant. */
    public int variantByte(int offset) {
        return Byte.toUnsignedInt(eventRecord.getByte(Abi.EVENT_VARIANT + offset));
    }

    /** The 32-bit field at {@code offset} bytes into the event's variant. */
    public int variantInt(int offset) {
        return eventRecord.getInt(Abi.EVENT_VARIANT + offset);
    }

    @Override
    public void close() {
        if (decoder != null) {
            if (block) {
                LibIpt.pt_blk_free_decoder(decoder);
            } else {
                LibIpt.pt_insn_free_decoder(decoder);
            }
            decoder = null;
        }
        if (image != null) {
            LibIpt.pt_image_free(image);
            image = null;
        }
    }

    /** The trace bytes, kept reachable for as long as libipt reads them. */
    ByteBuffer trace() {
        return trace;
    }
}
