package dev.hindsight.history;

import dev.hindsight.bts.BtsFormat;
import dev.hindsight.bts.BtsTrace;
import dev.hindsight.bts.BtsTraceReader;
import dev.hindsight.errata.CpuId;
import dev.hindsight.errata.Errata;
import dev.hindsight.errata.UnknownCpuException;
import dev.hindsight.history.source.FlowInstructionSource;
import dev.hindsight.pt.flow.FlowConfig;
import dev.hindsight.pt.flow.InsnDecoder;
import dev.hindsight.pt.query.QueryConfig;
import dev.hindsight.history.source.BtsInstructionSource;
import dev.hindsight.history.source.LibiptInstructionSource;
import dev.hindsight.pt.image.ElfLoadResult;
import dev.hindsight.pt.image.ElfLoader;
import dev.hindsight.pt.image.ElfOption;
import dev.hindsight.pt.image.Image;
import dev.hindsight.pt.image.ImageLoadException;
import dev.hindsight.pt.image.MappedSection;
import dev.hindsight.pt.image.PageDumpLoader;
import dev.hindsight.pt.image.RawLoader;
import dev.hindsight.pt.image.SectionCache;
import dev.hindsight.pt.libipt.FileRange;
import dev.hindsight.pt.libipt.LibiptDecoder;
import dev.hindsight.pt.libipt.LibiptOptions;
import dev.hindsight.pt.packet.TraceFile;
import dev.hindsight.pt.x86.DecodedInsn;
import dev.hindsight.pt.x86.ExecMode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The inputs of a history, ptxed-style: a PT or BTS trace, memory ({@code --raw},
 * {@code --elf}, a page dump), a cpu for PT errata, and optionally the current pc. {@link #open()}
 * decodes it into an {@link Opened} history.
 */
public final class TraceInput {
    private Path pt;
    private Path bts;
    private BtsFormat btsFormat = BtsFormat.PERF;
    private final List<String> raws = new ArrayList<>();
    private final List<String> elfs = new ArrayList<>();
    private final List<Path> pageDumps = new ArrayList<>();
    private String cpu;
    private Path dir = Path.of("");
    private long currentPc = -1;
    private long kernelStart;
    private boolean libipt;

    /** Reads an Intel PT trace. */
    public TraceInput pt(Path file) {
        this.pt = file;
        return this;
    }

    /** Reads BTS records in {@code format}. */
    public TraceInput bts(Path file, BtsFormat format) {
        this.bts = file;
        this.btsFormat = format;
        return this;
    }

    /** Adds a {@code --raw file[:begin[-end]]:vaddr} section. */
    public TraceInput raw(String arg) {
        raws.add(arg);
        return this;
    }

    /** Adds an {@code --elf file[:base]} (its PT_LOAD segments and its function symbols). */
    public TraceInput elf(String arg) {
        elfs.add(arg);
        return this;
    }

    /** Adds a page dump directory ({@code image.addr} + {@code image.dump}). */
    public TraceInput pageDump(Path directory) {
        pageDumps.add(directory);
        return this;
    }

    /** Sets the cpu for PT errata ({@code f/m[/s]}, {@code intel:f/m[/s]}, {@code none}). */
    public TraceInput cpu(String cpuArg) {
        this.cpu = cpuArg;
        return this;
    }

    /** Resolves relative file names against {@code directory}. */
    public TraceInput directory(Path directory) {
        this.dir = directory;
        return this;
    }

    /** The live pc: BTS's newest block ends there; PT appends it as the current instruction. */
    public TraceInput currentPc(long pc) {
        this.currentPc = pc;
        return this;
    }

    /**
     * Decodes PT with Debian's libipt 2.0.5 through JNA instead of Hindsight's own flow decoder
     * (for cross-checks).
     */
    public TraceInput libipt(boolean useLibipt) {
        this.libipt = useLibipt;
        return this;
    }

    /** The kernel's start address for BTS filtering (0: bit 63). */
    public TraceInput kernelStart(long address) {
        this.kernelStart = address;
        return this;
    }

    /** An opened, decoded history with its memory and symbols. */
    public record Opened(ThreadHistory history, Image image, SymbolLookup symbols, DwarfLines lines, long traceSize,
            DwarfFunctions functions, TraceInput input, List<String> debugWarnings) implements AutoCloseable {
        /** An opened history without debug-information functions, not to be decoded again. */
        public Opened(ThreadHistory history, Image image, SymbolLookup symbols, DwarfLines lines, long traceSize) {
            this(history, image, symbols, lines, traceSize, DwarfFunctions.empty(), null, List.of());
        }

        /** Copies the warnings. */
        public Opened {
            debugWarnings = List.copyOf(debugWarnings);
        }

        /** What opening printed as warnings: unreadable debug information first, then the decode's. */
        public List<String> warnings() {
            List<String> all = new ArrayList<>(debugWarnings);
            all.addAll(history.warnings());
            return all;
        }

        /**
         * The trace decoded again for another cpu ({@code set record btrace cpu}), over this
         * memory and these symbols; {@code null} for BTS (no errata apply) or without an input.
         *
         * @param cpuArg as {@link TraceInput#redecode}
         * @throws IOException if the trace cannot be read
         * @throws IllegalArgumentException for an unknown cpu
         */
        public ThreadHistory redecode(String cpuArg) throws IOException {
            return input == null ? null : input.redecode(this, cpuArg);
        }

        @Override
        public void close() throws Exception {
            history.close();
        }
    }

    /**
     * Loads the memory and symbols, decodes the trace and builds the history.
     *
     * @throws IOException if a file cannot be read
     * @throws ImageLoadException if an image argument is bad
     * @throws IllegalArgumentException for a bad cpu or a missing trace
     */
    public Opened open() throws IOException, ImageLoadException {
        if ((pt == null) == (bts == null)) {
            throw new IllegalArgumentException("give exactly one of --pt and --bts");
        }
        Image image = new Image();
        SectionCache cache = new SectionCache();
        List<Path> elfFiles = new ArrayList<>();
        List<Long> elfBases = new ArrayList<>();
        for (String r : raws) {
            RawLoader.load(r, dir, cache, image);
        }
        for (String e : elfs) {
            ElfOption o = ElfOption.parse(e);
            ElfLoadResult res = ElfLoader.load(o, dir, cache, image);
            elfFiles.add(dir.resolve(o.file()));
            elfBases.add(o.base());
        }
        for (Path p : pageDumps) {
            PageDumpLoader.load(dir.resolve(p), cache, image);
        }
        ElfSymbols minimal = elfFiles.isEmpty() ? ElfSymbols.empty() : ElfSymbols.read(elfFiles, elfBases);
        // Debug information only adds to what is shown: when it cannot be read, say so and go on.
        List<String> debugWarnings = new ArrayList<>();
        DwarfLines lines = elfFiles.isEmpty() ? DwarfLines.empty()
                : DwarfLines.read(elfFiles, elfBases, debugWarnings::add);
        SymbolLookup symbols = lines.isEmpty() ? minimal : new SourceSymbols(minimal, lines);
        DwarfFunctions functions = elfFiles.isEmpty() ? DwarfFunctions.empty()
                : DwarfFunctions.read(elfFiles, elfBases, debugWarnings::add);
        InstructionSource source;
        long size;
        long pc = -1;
        if (bts != null) {
            Path file = dir.resolve(bts);
            byte[] bytes = Files.readAllBytes(file);
            size = bytes.length;
            BtsTraceReader reader = new BtsTraceReader(btsFormat).kernelStart(kernelStart);
            if (currentPc != -1) {
                reader.currentPc(currentPc);
            }
            BtsTrace trace = reader.read(ByteBuffer.wrap(bytes));
            source = new BtsInstructionSource(trace, image);
        } else {
            Path file = dir.resolve(pt);
            ByteBuffer trace = TraceFile.map(file);
            size = trace.capacity();
            source = ptSource(file, trace, image, cpu);
            pc = currentPc;
        }
        int pcSize = pc == -1 ? 0 : sizeAt(image, pc);
        ThreadHistory h = ThreadHistory.build(source, symbols, pc, pcSize);
        return new Opened(h, image, symbols, lines, size, functions, this, debugWarnings);
    }

    /** A PT instruction source over {@code trace} with {@code cpuArg}'s errata ({@code null}: none). */
    private InstructionSource ptSource(Path file, ByteBuffer trace, Image image, String cpuArg) throws IOException {
        if (libipt) {
            LibiptOptions options = LibiptOptions.defaults().withBlockDecoder(false);
            if (cpuArg != null) {
                CpuId id = CpuId.parse(cpuArg);
                if (id.isIntel()) {
                    options = options.withCpu(id.family(), id.model(), id.stepping());
                }
            }
            LibiptDecoder decoder = LibiptDecoder.open(file, fileRanges(image), options);
            return new LibiptInstructionSource(decoder, trace);
        }
        QueryConfig.Builder query = QueryConfig.builder();
        if (cpuArg != null) {
            try {
                query.errata(Errata.forCpu(CpuId.parse(cpuArg)));
            } catch (UnknownCpuException e) {
                throw new IllegalArgumentException("Failed to configure the Intel Processor Trace decoder: unknown cpu.");
            }
        }
        FlowConfig config = FlowConfig.of(query.build(), false, false);
        InsnDecoder decoder = new InsnDecoder(trace, config);
        decoder.image(image);
        InsnDecoder probe = new InsnDecoder(trace, config);
        probe.image(image);
        return new FlowInstructionSource(decoder, probe, trace);
    }

    /**
     * Decodes this input's PT trace again for another cpu ({@code set record btrace cpu}), over
     * the memory and symbols {@code opened} already holds.
     *
     * @param opened what {@link #open()} returned
     * @param cpuArg the cpu ({@code none}, {@code f/m[/s]}, {@code intel:f/m[/s]}), or {@code null}
     *     for this input's own cpu (gdb's {@code auto})
     * @return the new history, or {@code null} for a BTS trace (no errata apply to it)
     * @throws IOException if the trace cannot be read
     * @throws IllegalArgumentException for an unknown cpu
     */
    public ThreadHistory redecode(Opened opened, String cpuArg) throws IOException {
        if (pt == null) {
            return null;
        }
        Path file = dir.resolve(pt);
        ByteBuffer trace = TraceFile.map(file);
        InstructionSource source = ptSource(file, trace, opened.image(), cpuArg == null ? cpu : cpuArg);
        int pcSize = currentPc == -1 ? 0 : sizeAt(opened.image(), currentPc);
        return ThreadHistory.build(source, opened.symbols(), currentPc, pcSize);
    }

    /** The cpu given for PT errata ({@code --cpu} or the bundle's), or {@code null}. */
    public String cpu() {
        return cpu;
    }

    /** Whether the trace is Intel PT (the cpu matters) rather than BTS. */
    public boolean isPt() {
        return pt != null;
    }

    private static int sizeAt(Image image, long pc) {
        byte[] b = new byte[dev.hindsight.pt.x86.InsnDecoder.MAX_INSN_SIZE];
        int n = image.read(b, b.length, pc, dev.hindsight.pt.image.Asid.ANY);
        if (n <= 0) {
            return 0;
        }
        return Math.max(0, dev.hindsight.pt.x86.InsnDecoder.decode(b, n, pc, ExecMode.BITS_64, new DecodedInsn()));
    }

    /**
     * The loaded objects of this input's {@code --elf} files (read-only sections, symbol
     * addresses), for the memory a session shows.
     *
     * @throws IOException if a file cannot be read
     */
    public ObjectFiles objectFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        List<Long> bases = new ArrayList<>();
        for (String e : elfs) {
            ElfOption o = ElfOption.parse(e);
            files.add(dir.resolve(o.file()));
            bases.add(o.base());
        }
        return ObjectFiles.read(files, bases);
    }

    /** The image's file-backed sections as libipt file ranges. */
    static List<FileRange> fileRanges(Image image) {
        List<FileRange> r = new ArrayList<>();
        for (MappedSection m : image.sections()) {
            if (!m.section().isFile()) {
                continue;
            }
            r.add(new FileRange(m.section().path(), m.section().offset() + m.offset(), m.size(), m.vaddr()));
        }
        return r;
    }
}
