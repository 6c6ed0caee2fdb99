package dev.hindsight.cli.command;

import dev.hindsight.cli.ExitCodes;
import dev.hindsight.cli.Hindsight;
import dev.hindsight.errata.CpuId;
import dev.hindsight.errata.Errata;
import dev.hindsight.errata.UnknownCpuException;
import dev.hindsight.pt.PtError;
import dev.hindsight.pt.dump.PacketDump;
import dev.hindsight.pt.dump.PacketDumpHook;
import dev.hindsight.pt.dump.PtdumpOptions;
import dev.hindsight.pt.packet.PacketDecoderConfig;
import dev.hindsight.pt.packet.TraceFile;
import dev.hindsight.pt.sideband.SidebandDiagnostics;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code hindsight ptdump}: dumps the packets of a raw Intel PT trace, line for line as libipt's
 * {@code ptdump}. Parses options and hands over to {@link PacketDump}.
 */
@Command(name = "ptdump",
        header = "Dump the packets of a raw Intel PT trace (libipt ptdump compatible).",
        description = "Prints one line per packet: offset, mnemonic, payload. Errors appear as "
                + "[offset: message] lines; decoding resumes at the next PSB.",
        sortOptions = false)
public final class PtdumpCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @ParentCommand
    private Hindsight root;

    @Option(names = "--no-sync", description = "Assume a sync point at offset 0 instead of searching the first PSB.")
    private boolean noSync;

    @Option(names = "--quiet", description = "Print nothing but errors.")
    private boolean quiet;

    @Option(names = "--no-pad", description = "Hide PAD packets.")
    private boolean noPad;

    @Option(names = "--no-timing", description = "Hide timing packets.")
    private boolean noTiming;

    @Option(names = "--no-cyc", description = "Hide CYC packets and ignore them when tracking time.")
    private boolean noCyc;

    @Option(names = "--no-offset", description = "Do not show the offset as the first column.")
    private boolean noOffset;

    @Option(names = "--raw", description = "Show the raw packet bytes.")
    private boolean raw;

    @Option(names = "--lastip", description = "Show the reconstructed IP after packets with IP payloads.")
    private boolean lastIp;

    @Option(names = "--exec-mode", description = "Show the execution mode after mode.exec packets.")
    private boolean execMode;

    @Option(names = "--time", description = "Show the estimated TSC on timing packets.")
    private boolean time;

    @Option(names = "--tcal", description = "Show time calibration information.")
    private boolean tcal;

    @Option(names = "--time-delta", description = "Show timing information as deltas.")
    private boolean timeDelta;

    @Option(names = "--no-tcal", description = "Skip time calibration (CYC packets then report errors).")
    private boolean noTcal;

    @Option(names = "--no-wall-clock", description = "Suppress the no-time error and print relative time.")
    private boolean noWallClock;

    @Option(names = "--keep-tcal-on-ovf", description = "Keep the time calibration across an overflow.")
    private boolean keepTcalOnOvf;

    @Option(names = "--cpu", paramLabel = "none|auto|f/m[/s]",
            description = "Decode for this CPU's errata (default: none, per specification).")
    private String cpu;

    @Option(names = "--mtc-freq", paramLabel = "<n>", description = "IA32_RTIT_CTL.MTCFreq (bits 17:14).")
    private String mtcFreq;

    @Option(names = "--nom-freq", paramLabel = "<n>", description = "Nominal core:bus ratio, MSR_PLATFORM_INFO[15:8].")
    private String nomFreq;

    @Option(names = "--cpuid-0x15.eax", paramLabel = "<n>", description = "CPUID leaf 0x15 EAX.")
    private String cpuid15Eax;

    @Option(names = "--cpuid-0x15.ebx", paramLabel = "<n>", description = "CPUID leaf 0x15 EBX.")
    private String cpuid15Ebx;

    @Mixin
    private SidebandOptions sideband;

    @Parameters(index = "0", paramLabel = "<ptfile>[:<from>[-<to>]]",
            description = "The raw trace, optionally a byte range of it.")
    private String ptfile;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (time && tcal) {
            throw new ParameterException(spec.commandLine(), "specify either --time or --tcal");
        }
        PacketDecoderConfig.Builder config = PacketDecoderConfig.builder()
                .mtcFreq((int) number("--mtc-freq", mtcFreq, 0xff))
                .nomFreq((int) number("--nom-freq", nomFreq, 0xff))
                .cpuid15Eax(number("--cpuid-0x15.eax", cpuid15Eax, 0xffffffffL))
                .cpuid15Ebx(number("--cpuid-0x15.ebx", cpuid15Ebx, 0xffffffffL));
        if (cpu != null) {
            CpuId id;
            try {
                id = CpuId.parse(cpu);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--cpu: " + e.getMessage());
            }
            try {
                config.errata(Errata.forCpu(id));
            } catch (UnknownCpuException e) {
                // ptdump reports this on its output and decodes per specification.
                out.println("[0: failed to determine errata: " + PtError.BAD_CPU.message() + "]");
            }
        }
        TraceArgument arg;
        try {
            arg = TraceArgument.parse(ptfile);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        ByteBuffer trace = TraceFile.map(root.resolve(arg.file()), arg.offset(), arg.size());
        PtdumpOptions options = PtdumpOptions.builder()
                .noSync(noSync)
                .quiet(quiet)
                .noPad(noPad)
                .noTiming(noTiming)
                .noCyc(noCyc)
                .showOffset(!noOffset)
                .showRawBytes(raw)
                .showLastIp(lastIp)
                .showExecMode(execMode)
                .showTime(time)
                .showTcal(tcal)
                .showTimeAsDelta(timeDelta)
                .noTcal(noTcal)
                .noWallClock(noWallClock)
                .keepTcalOnOvf(keepTcalOnOvf)
                // Sideband correlation needs the time, shown or not.
                .trackTime(sideband.active())
                .build();
        PacketDumpHook hook = sidebandHook(out);
        int status = new PacketDump(trace, config.build(), options, out, hook).dump();
        out.flush();
        return status < 0 ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    // --sb:*, --pevent:*: perf_event records interleaved by time (libipt's pt_sb_dump).
    private PacketDumpHook sidebandHook(PrintWriter out) {
        if (!sideband.active()) {
            return PacketDumpHook.NONE;
        }
        if (quiet) {
            sideband.quiet();
        }
        return new SidebandDumpHook(sideband.open(root, null,
                SidebandDiagnostics.ptdump(out, sideband.warnings())), sideband.printFlags());
    }

    private long number(String option, String text, long max) {
        if (text == null) {
            return 0;
        }
        try {
            return CNumbers.parse(text, max);
        } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }
}
