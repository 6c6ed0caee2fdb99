package dev.hindsight.pt.xed;

import dev.hindsight.errata.CpuId;
import dev.hindsight.pt.query.AddressFilter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link Ptxed} run does, the options of libipt's ptxed as an immutable value.
 *
 * <p>Build with {@link #builder()}. Image loads keep their command-line order, since later
 * loads cover earlier ones.
 *
 * @param dir the directory relative file names are resolved against
 * @param pt the trace argument, {@code <file>[:<from>[-<to>]]}
 * @param images the {@code --raw} and {@code --elf} loads in order
 * @param decoder which flow decoder to use
 * @param cpu the CPU whose errata to work around, or null for none (per specification)
 * @param mtcFreq IA32_RTIT_CTL.MTCFreq
 * @param nomFreq the nominal core:bus ratio
 * @param cpuid15Eax CPUID leaf 0x15 EAX
 * @param cpuid15Ebx CPUID leaf 0x15 EBX
 * @param filter the address filter configuration of the recording
 * @param flags the {@code FLAG_*} bits
 * @param stats the {@code STAT_*} bits to print, 0 for none; {@link #STAT_DEFAULT} for all the
 *     decoder supports
 * @param sideband the {@code --sb:*} and {@code --pevent:*} arguments, in order, for the
 *     sideband integration
 */
public record PtxedOptions(Path dir, String pt, List<ImageLoad> images, DecoderKind decoder,
        CpuId cpu, int mtcFreq, int nomFreq, long cpuid15Eax, long cpuid15Ebx,
        AddressFilter filter, int flags, int stats, List<String> sideband) {

    /** {@code --no-inst}: print addresses only. */
    public static final int NO_INST = 1;
    /** {@code --quiet}: print only errors and statistics. */
    public static final int QUIET = 1 << 1;
    /** {@code --offset}: print the trace offset on each line. */
    public static final int PRINT_OFFSET = 1 << 2;
    /** {@code --time}: print the time stamp on each instruction. */
    public static final int PRINT_TIME = 1 << 3;
    /** {@code --raw-insn}: print the instruction bytes. */
    public static final int RAW_INSN = 1 << 4;
    /** {@code --check}: cross-check each instruction with the disassembler. */
    public static final int CHECK = 1 << 5;
    /** {@code --event:time}: print the time stamp of events. */
    public static final int EVENT_TIME = 1 << 6;
    /** {@code --event:ip}: print the IPs of events. */
    public static final int EVENT_IP = 1 << 7;
    /** {@code --event:tick}: report tick events. */
    public static final int EVENT_TICK = 1 << 8;
    /** {@code --event:iflags}: report interrupt flag events. */
    public static final int EVENT_IFLAGS = 1 << 9;
    /** {@code --block:show-blocks}: print {@code [block]} at block starts. */
    public static final int SHOW_BLOCKS = 1 << 10;
    /** {@code --block:end-on-call}. */
    public static final int END_ON_CALL = 1 << 11;
    /** {@code --block:end-on-jump}. */
    public static final int END_ON_JUMP = 1 << 12;
    /** {@code --insn:keep-tcal-on-ovf}. */
    public static final int INSN_KEEP_TCAL = 1 << 13;
    /** {@code --block:keep-tcal-on-ovf}. */
    public static final int BLOCK_KEEP_TCAL = 1 << 14;
    /** {@code --resync-on-error}: continue at the next IP the trace gives after an error. */
    public static final int RESYNC_ON_ERROR = 1 << 15;
    /** {@code --att}: AT&amp;T syntax. */
    public static final int ATT = 1 << 16;
    /**
     * {@code --decoder libipt}: decode with libipt's own instruction or block decoder (Debian's
     * libipt2, 2.0.5, through JNA) instead of Hindsight's, printing through the same code.
     */
    public static final int LIBIPT = 1 << 17;

    /** {@code --stat:insn}. */
    public static final int STAT_INSN = 1;
    /** {@code --stat:blocks}. */
    public static final int STAT_BLOCKS = 1 << 1;
    /** {@code --stat} alone: every statistic the decoder has. */
    public static final int STAT_DEFAULT = 1 << 2;

    /** Which flow decoder to run. */
    public enum DecoderKind {
        /** The instruction flow decoder ({@code --insn-decoder}). */
        INSN,
        /** The block decoder ({@code --block-decoder}, the default). */
        BLOCK
    }

    /**
     * One image load.
     *
     * @param elf true for {@code --elf}, false for {@code --raw}
     * @param arg the argument as given
     */
    public record ImageLoad(boolean elf, String arg) {
    }

    /** Copies the lists. */
    public PtxedOptions {
        Objects.requireNonNull(dir, "dir");
        images = List.copyOf(images);
        sideband = List.copyOf(sideband);
        Objects.requireNonNull(decoder, "decoder");
        Objects.requireNonNull(filter, "filter");
    }

    /** Whether all bits of {@code flag} are set. */
    public boolean has(int flag) {
        return (flags & flag) == flag;
    }

    /** A builder with ptxed's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder for {@link PtxedOptions}. */
    public static final class Builder {
        private Path dir = Path.of("");
        private String pt;
        private final List<ImageLoad> images = new ArrayList<>();
        private DecoderKind decoder = DecoderKind.BLOCK;
        private CpuId cpu;
        private int mtcFreq;
        private int nomFreq;
        private long cpuid15Eax;
        private long cpuid15Ebx;
        private long addrCfg;
        private final long[] bounds = new long[2 * AddressFilter.RANGES];
        private int flags;
        private int stats;
        private final List<String> sideband = new ArrayList<>();

        private Builder() {
        }

        /** Sets the directory relative file names are resolved against. */
        public Builder dir(Path value) {
            dir = value;
            return this;
        }

        /** Sets the trace ({@code --pt}). */
        public Builder pt(String value) {
            pt = value;
            return this;
        }

        /** Adds a {@code --raw} load. */
        public Builder raw(String arg) {
            images.add(new ImageLoad(false, arg));
            return this;
        }

        /** Adds an {@code --elf} load. */
        public Builder elf(String arg) {
            images.add(new ImageLoad(true, arg));
            return this;
        }

        /** Chooses the decoder; the last choice wins, as in ptxed. */
        public Builder decoder(DecoderKind value) {
            decoder = value;
            return this;
        }

        /** Sets the CPU, or null for none. */
        public Builder cpu(CpuId value) {
            cpu = value;
            return this;
        }

        /** Sets {@code --mtc-freq}. */
        public Builder mtcFreq(int value) {
            mtcFreq = value;
            return this;
        }

        /** Sets {@code --nom-freq}. */
        public Builder nomFreq(int value) {
            nomFreq = value;
            return this;
        }

        /** Sets {@code --cpuid-0x15.eax}. */
        public Builder cpuid15Eax(long value) {
            cpuid15Eax = value;
            return this;
        }

        /** Sets {@code --cpuid-0x15.ebx}. */
        public Builder cpuid15Ebx(long value) {
            cpuid15Ebx = value;
            return this;
        }

        /** Ors {@code cfg} into ADDRn_CFG ({@code --filter:addr<n>_cfg}). */
        public Builder addrCfg(int n, int cfg) {
            addrCfg |= ((long) (cfg & 0xf)) << (4 * n);
            return this;
        }

        /** Sets ADDRn_A ({@code --filter:addr<n>_a}). */
        public Builder addrA(int n, long value) {
            bounds[2 * n] = value;
            return this;
        }

        /** Sets ADDRn_B ({@code --filter:addr<n>_b}). */
        public Builder addrB(int n, long value) {
            bounds[2 * n + 1] = value;
            return this;
        }

        /** Sets or clears {@code FLAG_*} bits. */
        public Builder flag(int flag, boolean on) {
            flags = on ? flags | flag : flags & ~flag;
            return this;
        }

        /** Ors in {@code STAT_*} bits. */
        public Builder stat(int bits) {
            stats |= bits;
            return this;
        }

        /** Adds a sideband argument. */
        public Builder sideband(String arg) {
            sideband.add(arg);
            return this;
        }

        /** Builds the options. */
        public PtxedOptions build() {
            return new PtxedOptions(dir, pt, images, decoder, cpu, mtcFreq, nomFreq, cpuid15Eax,
                    cpuid15Ebx, AddressFilter.of(addrCfg, bounds), flags, stats, sideband);
        }
    }
}
