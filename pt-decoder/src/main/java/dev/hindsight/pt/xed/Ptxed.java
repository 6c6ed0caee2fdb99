package dev.hindsight.pt.xed;

import dev.hindsight.errata.Errata;
import dev.hindsight.errata.UnknownCpuException;
import dev.hindsight.pt.PtError;
import dev.hindsight.pt.flow.Block;
import dev.hindsight.pt.flow.BlockDecoder;
import dev.hindsight.pt.flow.BlockFlow;
import dev.hindsight.pt.flow.FlowConfig;
import dev.hindsight.pt.flow.Insn;
import dev.hindsight.pt.flow.InsnDecoder;
import dev.hindsight.pt.flow.InsnFlow;
import dev.hindsight.pt.image.Asid;
import dev.hindsight.pt.image.ElfLoader;
import dev.hindsight.pt.image.Image;
import dev.hindsight.pt.image.ImageLoadException;
import dev.hindsight.pt.image.RawLoader;
import dev.hindsight.pt.image.SectionCache;
import dev.hindsight.pt.libipt.LibiptBlockFlow;
import dev.hindsight.pt.libipt.LibiptDecoder;
import dev.hindsight.pt.libipt.LibiptInsnFlow;
import dev.hindsight.pt.packet.TraceFile;
import dev.hindsight.pt.query.PtEvent;
import dev.hindsight.pt.query.QueryConfig;
import dev.hindsight.pt.query.StatusFlag;
import dev.hindsight.pt.x86.DecodedInsn;
import dev.hindsight.pt.x86.ExecMode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One run of libipt's ptxed: decodes a trace with the chosen flow decoder and prints the
 * instructions, events, errors and statistics exactly as ptxed prints them.
 *
 * <p>Errors during decode are printed as {@code [offset, ip: error: message]} lines and decoding
 * continues at the next PSB (or, with {@link PtxedOptions#RESYNC_ON_ERROR}, at the next point the
 * trace gives an IP). Problems that prevent a run (a missing file) throw {@link PtxedException}.
 */
public final class Ptxed {
    private static final int EOS = -PtError.EOS.code();

    private final PtxedOptions options;
    private final Disassembler disassembler;
    private final PtxedSideband sideband;
    private final SectionCache cache = new SectionCache("ptxed");
    private final Image image = new Image("ptxed");
    private final StringBuilder line = new StringBuilder(128);
    private final PtEvent event = new PtEvent();
    private final DecodedInsn check = new DecodedInsn();
    private final byte[] bytes = new byte[Insn.MAX_SIZE];
    private PrintWriter out;
    private long insnCount;
    private long blockCount;
    private long time;
    // Hindsight's decoders, when they run: the sideband re-images them after events.
    private InsnDecoder insnDecoder;
    private BlockDecoder blockDecoder;
    // Whichever decoder runs, Hindsight's or libipt's.
    private InsnFlow insnFlow;
    private BlockFlow blockFlow;

    /**
     * A run.
     *
     * @param options what to do
     * @param disassembler instruction text and cross-checks, or null to print addresses only
     *     and check sizes against our own decoder
     * @param sideband the sideband hook, or null
     */
    public Ptxed(PtxedOptions options, Disassembler disassembler, PtxedSideband sideband) {
        this.options = Objects.requireNonNull(options, "options");
        this.disassembler = disassembler;
        this.sideband = sideband;
    }

    /** The memory image, for sideband integration. */
    public Image image() {
        return image;
    }

    /** The section cache the image's sections are registered in. */
    public SectionCache sectionCache() {
        return cache;
    }

    /**
     * Loads the image and the trace, decodes, and prints to {@code out}.
     *
     * @param out where ptxed's standard output goes
     * @throws PtxedException if the trace or an image cannot be loaded
     */
    public void run(PrintWriter out) {
        this.out = out;
        if (options.pt() == null) {
            throw new PtxedException("no pt file");
        }
        for (PtxedOptions.ImageLoad load : options.images()) {
            try {
                if (load.elf()) {
                    ElfLoader.load(load.arg(), options.dir(), cache, image);
                } else {
                    RawLoader.load(load.arg(), options.dir(), cache, image);
                }
            } catch (ImageLoadException e) {
                throw new PtxedException((load.elf() ? "--elf" : "--raw") + ": failed to load '"
                        + load.arg() + "': " + e.getMessage());
            }
        }
        QueryConfig.Builder query = QueryConfig.builder()
                .mtcFreq(options.mtcFreq())
                .nomFreq(options.nomFreq())
                .cpuid15((int) options.cpuid15Eax(), (int) options.cpuid15Ebx())
                .addressFilter(options.filter())
                .enableTickEvents(options.has(PtxedOptions.EVENT_TICK))
                .enableIflagsEvents(options.has(PtxedOptions.EVENT_IFLAGS))
                .keepTcalOnOvf(options.has(options.decoder() == PtxedOptions.DecoderKind.INSN
                        ? PtxedOptions.INSN_KEEP_TCAL : PtxedOptions.BLOCK_KEEP_TCAL));
        if (options.cpu() != null && options.cpu().isIntel()) {
            try {
                query.errata(Errata.forCpu(options.cpu()));
            } catch (UnknownCpuException e) {
                out.println("[0, 0: config error: " + PtError.BAD_CPU.message() + "]");
            }
        }
        ByteBuffer trace = loadTrace(options.pt());
        boolean block = options.decoder() == PtxedOptions.DecoderKind.BLOCK;
        FlowConfig config = FlowConfig.of(query.build(),
                block && options.has(PtxedOptions.END_ON_CALL),
                block && options.has(PtxedOptions.END_ON_JUMP));
        int stats = options.stats();
        if (stats == PtxedOptions.STAT_DEFAULT) {
            stats = PtxedOptions.STAT_INSN | (block ? PtxedOptions.STAT_BLOCKS : 0);
        }
        stats &= PtxedOptions.STAT_INSN | PtxedOptions.STAT_BLOCKS;
        if (options.has(PtxedOptions.LIBIPT)) {
            try (LibiptDecoder libipt = LibiptBackend.open(options, trace, image, block)) {
                if (block) {
                    blockFlow = new LibiptBlockFlow(libipt);
                    decodeBlocks();
                } else {
                    insnFlow = new LibiptInsnFlow(libipt);
                    decodeInsns();
                }
            }
        } else if (block) {
            blockDecoder = new BlockDecoder(trace, config);
            blockDecoder.image(image);
            blockFlow = blockDecoder;
            decodeBlocks();
        } else {
            insnDecoder = new InsnDecoder(trace, config);
            insnDecoder.image(image);
            insnFlow = insnDecoder;
            decodeInsns();
        }
        if (options.stats() != 0) {
            if ((stats & PtxedOptions.STAT_INSN) != 0) {
                out.println("insn: " + insnCount + ".");
            }
            if ((stats & PtxedOptions.STAT_BLOCKS) != 0) {
                out.println("blocks:\t" + blockCount + ".");
            }
        }
        out.flush();
    }

    private ByteBuffer loadTrace(String arg) {
        String file = arg;
        long offset = 0;
        long size = 0;
        int colon = arg.lastIndexOf(':');
        if (colon >= 0) {
            String range = arg.substring(colon + 1);
            try {
                int dash = range.indexOf('-');
                if (dash < 0) {
                    offset = parseNumber(range);
                } else {
                    offset = parseNumber(range.substring(0, dash));
                    long end = parseNumber(range.substring(dash + 1));
                    if (end <= offset) {
                        throw new PtxedException("bad file " + arg + ": "
                                + PtError.INVALID.message() + ".");
                    }
                    size = end - offset;
                }
                file = arg.substring(0, colon);
            } catch (NumberFormatException e) {
                // The ':' belongs to the file name.
                offset = 0;
                size = 0;
            }
        }
        try {
            return TraceFile.map(options.dir().resolve(file), offset, size);
        } catch (NoSuchFileException e) {
            throw new PtxedException("failed to open " + file + ": no such file.");
        } catch (IOException e) {
            throw new PtxedException("failed to load " + file + ": " + e.getMessage());
        }
    }

    /** Parses a number as C's {@code strtoull(..., 0)}: decimal, 0x hex or 0 octal. */
    static long parseNumber(String s) {
        if (s.isEmpty()) {
            throw new NumberFormatException("empty");
        }
        if (s.startsWith("0x") || s.startsWith("0X")) {
            return Long.parseUnsignedLong(s.substring(2), 16);
        }
        if (s.length() > 1 && s.startsWith("0")) {
            return Long.parseUnsignedLong(s.substring(1), 8);
        }
        return Long.parseUnsignedLong(s);
    }


    private boolean quiet() {
        return options.has(PtxedOptions.QUIET);
    }

    // ---------------------------------------------------------------- block decoder

    private void decodeBlocks() {
        BlockFlow dec = blockFlow;
        Block block = new Block();
        long sync = 0;
        long offset = 0;
        time = 0;
        for (;;) {
            Block report = block;
            int status = dec.syncForward();
            if (status < 0) {
                if (status == EOS) {
                    return;
                }
                diagnose(dec.offset(), 0, "sync error", status);
                // Give up unless the decoder moved on.
                long newSync = dec.offset();
                if (newSync < 0 || newSync <= sync) {
                    return;
                }
                sync = newSync;
                continue;
            }
            boolean fresh = true;
            for (;;) {
                for (;;) {
                    status = drainBlockEvents(status);
                    if (status < 0) {
                        break;
                    }
                    if ((status & StatusFlag.EOS) != 0) {
                        if ((status & StatusFlag.IP_SUPPRESSED) == 0 && !quiet()) {
                            out.println("[end of trace]");
                        }
                        status = EOS;
                        break;
                    }
                    if (options.has(PtxedOptions.PRINT_OFFSET) || options.has(PtxedOptions.CHECK)) {
                        offset = dec.offset();
                    }
                    status = dec.next(block);
                    fresh = false;
                    if (status < 0) {
                        // Some instructions may have been decoded before the error.
                        if (block.ninsn() != 0) {
                            countAndPrint(block, offset);
                        }
                        break;
                    }
                    countAndPrint(block, offset);
                }
                if (status == 0) {
                    status = -PtError.INTERNAL.code();
                }
                if (status == EOS) {
                    return;
                }
                diagnoseBlock("error", status, fresh ? null : report);
                if (!options.has(PtxedOptions.RESYNC_ON_ERROR)) {
                    break;
                }
                status = dec.resync();
                if (status < 0) {
                    if (status == EOS) {
                        return;
                    }
                    diagnoseBlock("resync error", status, fresh ? null : report);
                    break;
                }
            }
        }
    }

    private void countAndPrint(Block block, long offset) {
        insnCount += block.ninsn();
        blockCount += 1;
        if (!quiet()) {
            printBlock(block, offset);
        }
        if (options.has(PtxedOptions.CHECK)) {
            checkBlock(block, offset);
        }
    }

    private int drainBlockEvents(int status) {
        while ((status & StatusFlag.EVENT_PENDING) != 0) {
            long offset = options.has(PtxedOptions.PRINT_OFFSET) ? blockFlow.offset() : 0;
            status = blockFlow.event(event);
            if (status < 0) {
                return status;
            }
            onEvent(offset);
        }
        return status;
    }

    private void onEvent(long offset) {
        time = event.tsc();
        if (!quiet() && !event.statusUpdate()) {
            line.setLength(0);
            EventFormat.append(line, event, options, offset);
            out.println(line);
        }
        if (sideband != null) {
            // Sideband may switch images or map into the current one; either way the decoder
            // must look up its sections again.
            Image next = sideband.onEvent(event, out);
            if (blockDecoder != null) {
                blockDecoder.image(next != null ? next : blockDecoder.image());
            } else {
                insnDecoder.image(next != null ? next : insnDecoder.image());
            }
        }
    }

    // Reads a block's instruction at ip as ptxed's block_fetch_insn(): by section id.
    private int fetch(Block block, long ip) {
        if (ip == block.endIp() && block.truncated()) {
            System.arraycopy(block.raw(), 0, bytes, 0, block.size());
            return block.size();
        }
        if (options.has(PtxedOptions.LIBIPT)) {
            // libipt's isids name sections of its own image: read ours by address instead.
            return image.read(bytes, Insn.MAX_SIZE, ip, Asid.ANY);
        }
        return cache.read(bytes, Insn.MAX_SIZE, block.isid(), ip);
    }

    private void printBlock(Block block, long offset) {
        if (options.has(PtxedOptions.SHOW_BLOCKS)) {
            line.setLength(0);
            line.append("[block");
            if (options.stats() != 0) {
                Hex.plain(line.append(' '), blockCount);
            }
            out.println(line.append(']'));
        }
        int ninsn = block.ninsn();
        if (ninsn == 0) {
            return;
        }
        long ip = block.ip();
        for (;;) {
            line.setLength(0);
            if (options.has(PtxedOptions.PRINT_OFFSET)) {
                Hex.pad16(line, offset).append("  ");
            }
            if (options.has(PtxedOptions.PRINT_TIME)) {
                Hex.pad16(line, time).append("  ");
            }
            if (block.speculative()) {
                line.append("? ");
            }
            Hex.pad16(line, ip);
            int size = fetch(block, ip);
            if (size < 0) {
                out.println(line.append(" [fetch error: ").append(PtError.of(size).message())
                        .append(']'));
                break;
            }
            int len = dev.hindsight.pt.x86.InsnDecoder.decode(bytes, size, ip, block.mode(), check);
            if (len < 0) {
                appendRaw(line, size);
                out.println(line.append(" [decode error: ").append(PtError.of(len).message())
                        .append(']'));
                break;
            }
            appendText(line, bytes, len, ip, block.mode());
            out.println(line);
            if (--ninsn == 0) {
                break;
            }
            ip = successor(ip, len);
        }
        if (ip != block.endIp()) {
            diagnose(offset, ip, "reconstruct error", -PtError.NOSYNC.code());
        }
    }

    // The next instruction inside a block: fall through or the direct branch target.
    private long successor(long ip, int len) {
        return check.isDirect() ? check.target() : ip + len;
    }

    private void appendText(StringBuilder sb, byte[] raw, int len, long ip, ExecMode mode) {
        if (options.has(PtxedOptions.RAW_INSN)) {
            appendRaw(sb, len);
        }
        if (options.has(PtxedOptions.NO_INST)) {
            return;
        }
        String text = disassembler == null ? null
                : disassembler.text(raw, len, ip, mode, options.has(PtxedOptions.ATT));
        if (text == null) {
            sb.append(" [disassembler unavailable]");
        } else {
            sb.append("  ").append(text);
        }
    }

    private void appendRaw(StringBuilder sb, int len) {
        int i = 0;
        for (; i < len; i++) {
            Hex.byte2(sb.append(' '), bytes[i]);
        }
        for (; i < Insn.MAX_SIZE; i++) {
            sb.append("   ");
        }
    }

    private void checkBlock(Block block, long offset) {
        int ninsn = block.ninsn();
        if (ninsn == 0) {
            return;
        }
        if (block.isid() <= 0 && !options.has(PtxedOptions.LIBIPT)) {
            checkError(offset, block.ip(), "check error: bad isid");
        }
        long ip = block.ip();
        long last = ip;
        for (;;) {
            int size = fetch(block, ip);
            if (size < 0) {
                checkError(offset, ip, "fetch error: " + PtError.of(size).message());
                return;
            }
            int len = dev.hindsight.pt.x86.InsnDecoder.decode(bytes, size, ip, block.mode(), check);
            if (len < 0) {
                checkError(offset, ip, "decode error: " + PtError.of(len).message());
                return;
            }
            crossCheck(bytes, size, len, ip, block.mode(), offset);
            last = ip;
            if (--ninsn == 0) {
                break;
            }
            ip = successor(ip, len);
        }
        if (last != block.endIp()) {
            line.setLength(0);
            line.append('[');
            Hex.plain(line, offset).append(", ");
            Hex.plain(line, last).append(": error: did not reach end: ");
            out.println(Hex.plain(line, block.endIp()).append(']'));
        }
    }

    // Compares our instruction length with the disassembler's; prints only on disagreement.
    private void crossCheck(byte[] raw, int avail, int len, long ip, ExecMode mode, long offset) {
        if (disassembler == null) {
            return;
        }
        int theirs = disassembler.length(raw, avail, ip, mode);
        // Capstone 4 predates PTWRITE, UIRET, JMPABS and others that XED (libipt's checker)
        // knows: an instruction it cannot decode is not a disagreement.
        if (theirs >= 0 && theirs != len) {
            checkError(offset, ip, "check error: size " + len + ", disassembler size " + theirs);
        }
    }

    private void checkError(long offset, long ip, String what) {
        line.setLength(0);
        line.append('[');
        Hex.plain(line, offset).append(", ");
        out.println(Hex.plain(line, ip).append(": ").append(what).append(']'));
    }

    /*
     * ptxed's diagnose_block(): the IP of an error is where the next instruction would have
     * been for fetch and decode errors, else the last instruction of the block.
     */
    private void diagnoseBlock(String what, int errcode, Block block) {
        long ip;
        if (block == null || block.ninsn() == 0) {
            ip = block == null ? 0 : block.ip();
        } else {
            ip = block.endIp();
            if (errcode == -PtError.NOMAP.code() || errcode == -PtError.BAD_INSN.code()) {
                int size = fetch(block, ip);
                if (size >= 0) {
                    int len = dev.hindsight.pt.x86.InsnDecoder.decode(bytes, size, ip,
                            block.mode(), check);
                    if (len >= 0) {
                        ip = check.isDirect() ? check.target() : ip + len;
                    }
                }
            }
        }
        diagnose(blockFlow.offset(), ip, what, errcode);
    }

    private void diagnose(long offset, long ip, String what, int errcode) {
        line.setLength(0);
        line.append('[');
        if (offset < 0) {
            out.println("could not determine offset: " + PtError.of((int) offset).message());
            line.append('?');
        } else {
            Hex.plain(line, offset);
        }
        line.append(", ");
        Hex.plain(line, ip).append(": ").append(what).append(": ")
                .append(PtError.of(errcode).message()).append(']');
        out.println(line);
    }

    // ---------------------------------------------------------------- instruction decoder

    private void decodeInsns() {
        InsnFlow dec = insnFlow;
        Insn insn = new Insn();
        long sync = 0;
        long offset = 0;
        time = 0;
        for (;;) {
            long ip = 0;
            int status = dec.syncForward();
            if (status < 0) {
                if (status == EOS) {
                    return;
                }
                diagnose(dec.offset(), 0, "sync error", status);
                long newSync = dec.offset();
                if (newSync < 0 || newSync <= sync) {
                    return;
                }
                sync = newSync;
                continue;
            }
            for (;;) {
                for (;;) {
                    status = drainInsnEvents(status);
                    if (status < 0) {
                        break;
                    }
                    if ((status & StatusFlag.EOS) != 0) {
                        if ((status & StatusFlag.IP_SUPPRESSED) == 0 && !quiet()) {
                            out.println("[end of trace]");
                        }
                        status = EOS;
                        break;
                    }
                    if (options.has(PtxedOptions.PRINT_OFFSET) || options.has(PtxedOptions.CHECK)) {
                        offset = dec.offset();
                    }
                    status = dec.next(insn);
                    ip = insn.ip();
                    if (status < 0) {
                        // The instruction may have been decoded before the error.
                        if (insn.iclass() != dev.hindsight.pt.x86.InsnClass.UNKNOWN) {
                            countAndPrint(insn, offset);
                            // As for blocks: fetch and decode errors are at the next IP.
                            if (status == -PtError.NOMAP.code()
                                    || status == -PtError.BAD_INSN.code()) {
                                ip = nextIp(insn);
                            }
                        }
                        break;
                    }
                    countAndPrint(insn, offset);
                }
                if (status == 0) {
                    status = -PtError.INTERNAL.code();
                }
                if (status == EOS) {
                    return;
                }
                diagnose(dec.offset(), ip, "error", status);
                if (!options.has(PtxedOptions.RESYNC_ON_ERROR)) {
                    break;
                }
                status = dec.resync();
                if (status < 0) {
                    if (status == EOS) {
                        return;
                    }
                    diagnose(dec.offset(), ip, "resync error", status);
                    break;
                }
            }
        }
    }

    private void countAndPrint(Insn insn, long offset) {
        insnCount += 1;
        if (!quiet()) {
            line.setLength(0);
            if (options.has(PtxedOptions.PRINT_OFFSET)) {
                Hex.pad16(line, offset).append("  ");
            }
            if (options.has(PtxedOptions.PRINT_TIME)) {
                Hex.pad16(line, time).append("  ");
            }
            if (insn.speculative()) {
                line.append("? ");
            }
            Hex.pad16(line, insn.ip());
            System.arraycopy(insn.raw(), 0, bytes, 0, insn.size());
            appendText(line, bytes, insn.size(), insn.ip(), insn.mode());
            out.println(line);
        }
        if (options.has(PtxedOptions.CHECK)) {
            // pt_image_add_file gives libipt's sections isid 0: only our own isids are checked.
            if (insn.isid() <= 0 && !options.has(PtxedOptions.LIBIPT)) {
                checkError(offset, insn.ip(), "check error: bad isid");
            }
            System.arraycopy(insn.raw(), 0, bytes, 0, insn.size());
            crossCheck(bytes, insn.size(), insn.size(), insn.ip(), insn.mode(), offset);
        }
    }

    // The IP after an instruction, as ptxed's xed_next_ip(): fall through or direct target.
    private long nextIp(Insn insn) {
        System.arraycopy(insn.raw(), 0, bytes, 0, insn.size());
        int len = dev.hindsight.pt.x86.InsnDecoder.decode(bytes, insn.size(), insn.ip(),
                insn.mode(), check);
        if (len < 0) {
            return insn.ip();
        }
        return successor(insn.ip(), len);
    }

    private int drainInsnEvents(int status) {
        while ((status & StatusFlag.EVENT_PENDING) != 0) {
            long offset = options.has(PtxedOptions.PRINT_OFFSET) ? insnFlow.offset() : 0;
            status = insnFlow.event(event);
            if (status < 0) {
                return status;
            }
            onEvent(offset);
        }
        return status;
    }
}
