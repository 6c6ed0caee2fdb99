package dev.hindsight.pt.sideband;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.hindsight.pt.PtError;
import dev.hindsight.pt.image.Asid;
import dev.hindsight.pt.image.SectionCache;
import dev.hindsight.pt.sideband.PerfRecords.Sample;
import dev.hindsight.pt.sideband.SidebandEvent.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SidebandSessionTest {
    private static final long TIME = PerfEventConfig.SAMPLE_TIME;
    private static final long KERNEL = 0xffffffff80000000L;

    @TempDir
    Path dir;

    private SidebandSession session;
    private final StringBuilder out = new StringBuilder();
    private final List<String> switches = new ArrayList<>();
    private final SidebandEvent event = new SidebandEvent();

    @BeforeEach
    void setUp() throws IOException {
        byte[] bin = new byte[0x200];
        for (int i = 0; i < bin.length; ++i) {
            bin[i] = (byte) i;
        }
        Files.write(dir.resolve("a.bin"), bin);
        session = new SidebandSession(dir);
        session.diagnostics(SidebandDiagnostics.ptxed(out, true));
        session.onSwitch(context -> switches.add(context.name()));
    }

    private void add(String name, PerfRecords records, PeventConfig config, boolean primary) {
        session.addPevent(PerfEventFile.of(name, records.bytes()), config, primary);
    }

    private static PeventConfig config(long sampleType) {
        return PeventConfig.DEFAULT.withPerf(PerfEventConfig.DEFAULT.withSampleType(sampleType));
    }

    private ProcessContext apply(Kind kind, boolean suppressed, long ip, long tsc) {
        return session.event(event.set(kind, suppressed, ip, tsc), out, SidebandPrint.COMPACT);
    }

    @Test
    void shouldDumpRecordsOfTwoFilesInTimeOrder() {
        add("a.sb", new PerfRecords(TIME).lostSamples(1, Sample.time(1))
                .lostSamples(5, Sample.time(5)), config(TIME), true);
        add("b.sb", new PerfRecords(TIME).lostSamples(3, Sample.time(3)), config(TIME), false);
        session.initDecoders();

        session.dump(out, SidebandPrint.COMPACT | SidebandPrint.FILENAME, 2);
        assertEquals("a.sb  PERF_RECORD_LOST_SAMPLES  1  { 1 }\n", out.toString());
        session.dump(out, SidebandPrint.COMPACT | SidebandPrint.FILENAME, 4);
        session.dump(out, SidebandPrint.COMPACT | SidebandPrint.FILENAME, -1L);
        assertEquals("a.sb  PERF_RECORD_LOST_SAMPLES  1  { 1 }\n"
                + "b.sb  PERF_RECORD_LOST_SAMPLES  3  { 3 }\n"
                + "a.sb  PERF_RECORD_LOST_SAMPLES  5  { 5 }\n", out.toString());
        assertEquals(false, session.hasRecords());
    }

    @Test
    void shouldApplyRecordsWithoutTimeAtOnce() {
        add("a.sb", new PerfRecords(0).lostSamples(1, null), config(0), true);
        session.initDecoders();

        assertEquals(0, session.nextTsc());
        apply(Kind.ENABLED, false, 0x1000, 0);
        assertEquals("PERF_RECORD_LOST_SAMPLES  1  { }\n", out.toString());
    }

    @Test
    void shouldSwitchOnItraceStartAtOnceAndBuildImageFromMmaps() {
        add("a.sb", new PerfRecords(TIME)
                .mmap(0, 1, 1, 0x1000, 6, 0, "a.bin", Sample.time(0))
                .mmap(0, 1, 1, 0xa000, 1, 0x100, "a.bin", Sample.time(0))
                .itraceStart(1, 1, Sample.time(0)), config(TIME), true);
        session.initDecoders();

        ProcessContext context = apply(Kind.ENABLED, false, 0x1000, 1);

        assertNotNull(context);
        assertEquals("pid-1", context.name());
        assertEquals(List.of("pid-1"), switches);
        assertEquals(List.of(
                new MappedFile("a.bin", dir.resolve("a.bin"), 0, 6, 0x1000),
                new MappedFile("a.bin", dir.resolve("a.bin"), 0x100, 1, 0xa000)),
                context.mappings());
        assertSame(context, session.current());
        assertEquals("pid-1", context.image().name());
        byte[] two = new byte[2];
        assertEquals(2, context.image().read(two, 2, 0x1004, Asid.ANY));
        assertArrayEquals(new byte[] {4, 5}, two);
        assertEquals(1, context.image().read(two, 2, 0xa000, Asid.ANY));
        assertEquals(0, two[0]);
        assertEquals(-PtError.NOMAP.code(), context.image().read(two, 1, 0x1006, Asid.ANY));
    }

    @Test
    void shouldShareSectionsThroughCache() {
        SectionCache cache = new SectionCache();
        session = new SidebandSession(dir, cache);
        add("a.sb", new PerfRecords(0)
                .mmap(0, 1, 1, 0x1000, 6, 0, "a.bin", null)
                .mmap(0, 2, 2, 0x1000, 6, 0, "a.bin", null), config(0), true);
        session.initDecoders();
        apply(Kind.ENABLED, false, 0x1000, 0);

        assertEquals(1, cache.size());
        byte[] one = new byte[1];
        assertEquals(1, session.context(2).image().read(one, 1, 0x1003, Asid.ANY));
        assertEquals(3, one[0]);
        assertEquals(1, session.context(2).image().lastIsid());
    }

    @Test
    void shouldCutMappingAtEndOfFileAndReportMissingFile() {
        add("a.sb", new PerfRecords(0)
                .mmap(0, 1, 1, 0x1000, 0x1000, 0x1f0, "a.bin", null)
                .mmap(0, 1, 1, 0x2000, 0x10, 0, "missing.bin", null)
                .mmap(PerfRecordType.MISC_KERNEL, 1, 1, KERNEL, 0x10, 0, "a.bin", null),
                config(0), true);
        session.initDecoders();
        apply(Kind.ENABLED, false, 0x1000, 0);

        assertEquals(List.of(new MappedFile("a.bin", dir.resolve("a.bin"), 0x1f0, 0x10, 0x1000)),
                session.context(1).mappings());
        assertEquals(List.of("[a.sb:0000000000000030 sideband error: bad file]"),
                out.toString().lines().filter(l -> l.contains("sideband")).toList());
    }

    @Test
    void shouldPostponeExecSwitchUntilTraceIsInKernel() {
        PeventConfig config = config(TIME).withKernelStart(KERNEL);
        add("a.sb", new PerfRecords(TIME)
                .mmap(0, 1, 1, KERNEL, 3, 0, "a.bin", Sample.time(0))
                .itraceStart(1, 1, Sample.time(0))
                .comm(PerfRecordType.MISC_COMM_EXEC, 1, 1, "foo", Sample.time(2))
                .mmap(0, 1, 1, 0x1000, 3, 0x10, "a.bin", Sample.time(3)), config, true);
        session.initDecoders();
        ProcessContext first = apply(Kind.ENABLED, false, 0x1000, 1);
        assertNotNull(first);

        // In user space, the exec has not happened yet in the trace.
        assertNull(apply(Kind.TICK, false, 0x1001, 4));
        // Tracing stops without an IP: it most likely went to the kernel.
        ProcessContext exec = apply(Kind.DISABLED, true, 0, 4);

        assertNotNull(exec);
        assertNotSame(first, exec);
        assertEquals(List.of("pid-1", "pid-1"), switches);
        assertEquals(1, exec.mappingCount());
        assertEquals(0x1000, exec.mappings().get(0).vaddr());
        assertEquals(1, first.mappingCount());
        assertSame(exec, session.findContext(1));
    }

    @Test
    void shouldSwitchAtOnceWhenEventIsInKernel() {
        add("a.sb", new PerfRecords(TIME)
                .itraceStart(1, 1, Sample.time(0))
                .comm(PerfRecordType.MISC_COMM_EXEC, 1, 1, "foo", Sample.time(2)),
                config(TIME).withKernelStart(KERNEL), true);
        session.initDecoders();
        apply(Kind.ENABLED, false, KERNEL, 1);

        assertNotNull(apply(Kind.TICK, false, KERNEL + 1, 2));
    }

    @Test
    void shouldReproducePtxedSidebandOutputOfSwitchTest() throws IOException {
        Path test = PeventSuite.root().resolve("pevent-tip_pgd-switch-tsc-tip_pge");
        PeventSuite.SbFile sb = PeventSuite.sideband(test).get(0);
        session = new SidebandSession(test);
        session.onSwitch(context -> out.append("[context: ").append(context.name()).append("]\n"));
        session.addPevent(PerfEventFile.map(sb.path().getFileName().toString(), sb.path(), 0, 0),
                PeventConfig.DEFAULT.withPerf(sb.config()), sb.primary());
        session.initDecoders();
        int flags = SidebandPrint.COMPACT | SidebandPrint.FILE_OFFSET;

        // The events ptxed's block decoder gives for this trace, with the lines it prints.
        session.event(event.set(Kind.ENABLED, false, 0x1000, 1), out, flags);
        out.append("0000000000001000\n[disabled]\n");
        session.event(event.set(Kind.DISABLED, true, 0, 1), out, flags);
        out.append("[enabled]\n");
        ProcessContext context = session.event(event.set(Kind.ENABLED, false, 0x2000, 4), out,
                flags);
        out.append("0000000000002000\n[disabled]\n");
        session.event(event.set(Kind.DISABLED, true, 0, 4), out, flags);

        assertEquals(PeventSuite.normalizedLines(PeventSuite.expected(test, "ptxed")),
                PeventSuite.normalizedLines(out.toString()));
        assertEquals(List.of(new MappedFile(test.getFileName() + ".bin",
                test.resolve(test.getFileName() + ".bin"), 0x10, 3, 0x2000)), context.mappings());
    }

    @Test
    void shouldSwitchOnCpuWideSwitchOutWhenTracingStops() {
        add("a.sb", new PerfRecords(TIME)
                .itraceStart(1, 1, Sample.time(0))
                .switchCpuWide(true, 2, 2, Sample.time(2))
                .switchCpuWide(false, 1, 1, Sample.time(3)), config(TIME), true);
        session.initDecoders();
        apply(Kind.ENABLED, false, 0x1000, 1);

        assertNull(apply(Kind.TICK, false, 0x1003, 3));
        assertEquals("pid-2", apply(Kind.DISABLED, true, 0, 3).name());
    }

    @Test
    void shouldIgnoreSwitchOfSecondaryFiles() {
        add("a.sb", new PerfRecords(0).itraceStart(1, 1, null), config(0), false);
        add("b.sb", new PerfRecords(0).mmap(0, 1, 1, 0x1000, 1, 0, "a.bin", null), config(0),
                false);
        session.initDecoders();

        assertNull(apply(Kind.ENABLED, false, 0x1000, 0));
        assertEquals(List.of(), switches);
        assertEquals(1, session.context(1).mappingCount());
    }

    @Test
    void shouldApplySecondaryMmapToContextInUse() {
        add("p.sb", new PerfRecords(TIME)
                .mmap(0, 1, 1, 0x1000, 6, 0, "a.bin", Sample.time(0))
                .itraceStart(1, 1, Sample.time(0)), config(TIME), true);
        add("s.sb", new PerfRecords(TIME).mmap(0, 1, 1, 0xa000, 1, 0x100, "a.bin",
                Sample.time(2)), config(TIME), false);
        session.initDecoders();
        ProcessContext context = apply(Kind.ENABLED, false, 0x1000, 1);
        assertEquals(1, context.mappingCount());

        assertNull(apply(Kind.TICK, false, 0x1001, 3));
        assertEquals(2, context.mappingCount());
    }

    @Test
    void shouldCopyParentMappingsOnFork() {
        add("a.sb", new PerfRecords(0)
                .mmap(0, 1, 1, 0x1000, 2, 0x10, "a.bin", null)
                .fork(2, 1, 2, 1, 2, null)
                .fork(1, 1, 3, 1, 2, null), config(0), true);
        session.initDecoders();
        apply(Kind.ENABLED, false, 0x1000, 0);

        assertEquals(session.context(1).mappings(), session.context(2).mappings());
        byte[] one = new byte[1];
        assertEquals(1, session.context(2).image().read(one, 1, 0x1001, Asid.ANY));
        assertEquals(0x11, one[0]);
        assertNull(session.findContext(3));
    }

    @Test
    void shouldStartNewContextsWithKernelMappings() {
        session.mmap(session.kernel(), "a.bin", 0, 3, KERNEL);

        assertEquals(1, session.context(7).mappingCount());
        assertEquals("pid-7", session.context(7).name());
    }

    @Test
    void shouldReportPeventWarnLikePtxed() {
        Path test = PeventSuite.root().resolve("pevent-warn");
        PeventSuite.SbFile sb = PeventSuite.sideband(test).get(0);
        session = new SidebandSession(test);
        session.diagnostics(SidebandDiagnostics.ptxed(out, true));
        String name = sb.path().getFileName().toString();
        session.addPevent(PerfEventFile.map(name, sb.path(), 0, 0),
                PeventConfig.DEFAULT.withPerf(sb.config()), true);
        session.initDecoders();

        session.event(event.set(Kind.ENABLED, false, 0x1000, 1), out, 0);
        out.append("0000000000001000\n[disabled]\n");

        assertEquals(PeventSuite.normalizedLines(PeventSuite.expected(test, "ptxed")),
                PeventSuite.normalizedLines(out.toString()));
    }

    @Test
    void shouldReportBadRecordAndDropItsFile() {
        session.diagnostics(SidebandDiagnostics.ptdump(out, false));
        add("a.sb", new PerfRecords(TIME).lostSamples(1, Sample.time(1)).raw(1, 0, 0, 0, 0, 0, 4, 0),
                config(TIME), true);
        session.initDecoders();

        session.dump(out, SidebandPrint.COMPACT, -1L);

        assertEquals("PERF_RECORD_LOST_SAMPLES  1  { 1 }\n"
                + "[a.sb:0000000000000018 sideband error: decoder out of sync]\n", out.toString());
        assertEquals(false, session.hasRecords());
    }

    @Test
    void shouldApplyRecordsEarlierByTscOffset() {
        add("a.sb", new PerfRecords(TIME).lostSamples(1, Sample.time(10)),
                config(TIME).withTscOffset(4), true);
        session.initDecoders();

        assertEquals(6, session.nextTsc());
        session.dump(out, SidebandPrint.COMPACT | SidebandPrint.TSC, 6);
        assertEquals("0000000000000006  PERF_RECORD_LOST_SAMPLES  1  { a }\n", out.toString());
    }

    @Test
    void shouldClampTscOffsetInsteadOfWrapping() {
        assertEquals(0, PeventDecoder.applyOffset(3, 5));
        assertEquals(8, PeventDecoder.applyOffset(3, -5));
        assertEquals(-11L, PeventDecoder.applyOffset(-16L, -5));
    }

    @Test
    void shouldRecogniseElfAbi() {
        byte[] header = new byte[20];
        header[0] = 0x7f;
        header[1] = 'E';
        header[2] = 'L';
        header[3] = 'F';
        header[6] = 1;
        header[4] = 2;
        assertEquals(ProcessContext.Abi.X64, PeventDecoder.elfAbi(header));
        header[4] = 1;
        header[18] = 3;
        assertEquals(ProcessContext.Abi.IA32, PeventDecoder.elfAbi(header));
        header[18] = 62;
        assertEquals(ProcessContext.Abi.X32, PeventDecoder.elfAbi(header));
        header[0] = 0;
        assertEquals(ProcessContext.Abi.UNKNOWN, PeventDecoder.elfAbi(header));
    }

    @Test
    void shouldMapVdsoOfTheProcessAbi() throws IOException {
        byte[] elf = new byte[64];
        elf[0] = 0x7f;
        elf[1] = 'E';
        elf[2] = 'L';
        elf[3] = 'F';
        elf[4] = 2;
        elf[6] = 1;
        Files.write(dir.resolve("prog"), elf);
        Files.write(dir.resolve("vdso64.so"), new byte[0x2000]);
        add("a.sb", new PerfRecords(0)
                .mmap(0, 1, 1, 0x400000, 0x40, 0, "prog", null)
                .mmap(0, 1, 1, 0x7fff0000L, 0x2000, 0, "[vdso]", null),
                config(0).withVdso("vdso64.so", null, null), true);
        session.initDecoders();
        apply(Kind.ENABLED, false, 0x400000, 0);

        assertEquals(ProcessContext.Abi.X64, session.context(1).abi());
        assertEquals("vdso64.so", session.context(1).mappings().get(1).name());
        assertEquals(false, out.toString().contains("sideband"));
    }
}
