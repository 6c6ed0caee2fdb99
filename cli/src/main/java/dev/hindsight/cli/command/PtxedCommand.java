package dev.hindsight.cli.command;

import dev.hindsight.cli.ExitCodes;
import dev.hindsight.cli.Hindsight;
import dev.hindsight.cli.UserError;
import dev.hindsight.errata.CpuId;
import dev.hindsight.pt.x86.disasm.DisassemblerUnavailableException;
import dev.hindsight.pt.xed.CapstoneText;
import dev.hindsight.pt.xed.Ptxed;
import dev.hindsight.pt.xed.PtxedException;
import dev.hindsight.pt.xed.PtxedOptions;
import dev.hindsight.pt.xed.PtxedOptions.DecoderKind;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code hindsight ptxed}: reconstructs the executed instructions of a raw Intel PT trace, line
 * for line as libipt's {@code ptxed}. Parses options (in command-line order, as ptxed: the last
 * decoder choice wins, later images cover earlier ones) and hands over to {@link Ptxed}.
 */
@Command(name = "ptxed",
        header = "Reconstruct the instruction flow of an Intel PT trace (libipt ptxed compatible).",
        description = "Prints one line per executed instruction and [event] lines; errors appear "
                + "as [offset, ip: error: message] and decoding resumes at the next PSB.")
public final class PtxedCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @ParentCommand
    private Hindsight root;

    private final PtxedOptions.Builder options = PtxedOptions.builder();
    private boolean havePt;
    private String parseError;

    @Option(names = "--pt", paramLabel = "<file>[:<from>[-<to>]]",
            description = "The processor trace (exactly one).")
    void pt(String file) {
        if (havePt) {
            usage("duplicate pt sources: " + file + ".");
            return;
        }
        havePt = true;
        options.pt(file);
    }

    @Option(names = "--raw", paramLabel = "<file>[:<from>[-<to>]]:<base>",
            description = "Load a raw binary at address <base> (repeatable, in order).")
    void raw(String arg) {
        options.raw(arg);
    }

    @Option(names = "--elf", paramLabel = "<file>[:<base>]",
            description = "Load an ELF file's segments, optionally rebased (repeatable, in order).")
    void elf(String arg) {
        options.elf(arg);
    }

    @Option(names = "--cpu", paramLabel = "none|f/m[/s]",
            description = "Decode for this CPU's errata (default: none, per specification).")
    void cpu(String value) {
        beforePt("--cpu");
        if ("none".equals(value)) {
            options.cpu(null);
            return;
        }
        try {
            options.cpu(CpuId.parse(value));
        } catch (IllegalArgumentException e) {
            usage("cpu must be specified as f/m[/s]");
        }
    }

    @Option(names = "--insn-decoder", description = "Use the instruction flow decoder.")
    void insnDecoder(boolean on) {
        beforePt("--insn-decoder");
        options.decoder(DecoderKind.INSN);
    }

    @Option(names = "--block-decoder", description = "Use the block decoder (default).")
    void blockDecoder(boolean on) {
        beforePt("--block-decoder");
        options.decoder(DecoderKind.BLOCK);
    }

    @Option(names = "--decoder", paramLabel = "hindsight|libipt",
            description = "Whose flow decoder runs: Hindsight's (default) or libipt's own "
                    + "(libipt2 2.0.5 through JNA, the reference backend).")
    void backend(String value) {
        beforePt("--decoder");
        switch (value) {
            case "hindsight" -> options.flag(PtxedOptions.LIBIPT, false);
            case "libipt" -> options.flag(PtxedOptions.LIBIPT, true);
            default -> usage("--decoder: bad argument: " + value + ".");
        }
    }

    @Option(names = "--block:show-blocks", description = "Show blocks in the output.")
    void showBlocks(boolean on) {
        options.flag(PtxedOptions.SHOW_BLOCKS, on);
    }

    @Option(names = "--block:end-on-call", description = "End blocks after near calls.")
    void endOnCall(boolean on) {
        options.flag(PtxedOptions.END_ON_CALL, on);
    }

    @Option(names = "--block:end-on-jump", description = "End blocks after near direct jumps.")
    void endOnJump(boolean on) {
        options.flag(PtxedOptions.END_ON_JUMP, on);
    }

    @Option(names = "--block:keep-tcal-on-ovf", description = "Keep timing calibration on overflow.")
    void blockKeepTcal(boolean on) {
        options.flag(PtxedOptions.BLOCK_KEEP_TCAL, on);
    }

    @Option(names = "--insn:keep-tcal-on-ovf", description = "Keep timing calibration on overflow.")
    void insnKeepTcal(boolean on) {
        options.flag(PtxedOptions.INSN_KEEP_TCAL, on);
    }

    @Option(names = "--event:ip", description = "Print the IP of events.")
    void eventIp(boolean on) {
        options.flag(PtxedOptions.EVENT_IP, on);
    }

    @Option(names = "--event:time", description = "Print the time stamp of events.")
    void eventTime(boolean on) {
        options.flag(PtxedOptions.EVENT_TIME, on);
    }

    @Option(names = "--event:tick", description = "Report timing tick events.")
    void eventTick(boolean on) {
        options.flag(PtxedOptions.EVENT_TICK, on);
    }

    @Option(names = "--event:iflags", description = "Report interrupt flag events.")
    void eventIflags(boolean on) {
        options.flag(PtxedOptions.EVENT_IFLAGS, on);
    }

    @Option(names = "--filter:addr0_cfg", paramLabel = "<cfg>",
            description = "IA32_RTIT_CTL.ADDR0_CFG of the recording (0: off, 1: filter, 2: stop).")
    void filter0Cfg(String value) {
        filterCfg(0, value);
    }

    @Option(names = "--filter:addr0_a", paramLabel = "<base>", description = "IA32_RTIT_ADDR0_A.")
    void filter0A(String value) {
        beforePt("--filter:addr0_a");
        options.addrA(0, number("--filter:addr0_a", value, -1L));
    }

    @Option(names = "--filter:addr0_b", paramLabel = "<limit>", description = "IA32_RTIT_ADDR0_B.")
    void filter0B(String value) {
        beforePt("--filter:addr0_b");
        options.addrB(0, number("--filter:addr0_b", value, -1L));
    }

    @Option(names = "--filter:addr1_cfg", paramLabel = "<cfg>",
            description = "IA32_RTIT_CTL.ADDR1_CFG of the recording (0: off, 1: filter, 2: stop).")
    void filter1Cfg(String value) {
        filterCfg(1, value);
    }

    @Option(names = "--filter:addr1_a", paramLabel = "<base>", description = "IA32_RTIT_ADDR1_A.")
    void filter1A(String value) {
        beforePt("--filter:addr1_a");
        options.addrA(1, number("--filter:addr1_a", value, -1L));
    }

    @Option(names = "--filter:addr1_b", paramLabel = "<limit>", description = "IA32_RTIT_ADDR1_B.")
    void filter1B(String value) {
        beforePt("--filter:addr1_b");
        options.addrB(1, number("--filter:addr1_b", value, -1L));
    }

    @Option(names = "--filter:addr2_cfg", paramLabel = "<cfg>",
            description = "IA32_RTIT_CTL.ADDR2_CFG of the recording (0: off, 1: filter, 2: stop).")
    void filter2Cfg(String value) {
        filterCfg(2, value);
    }

    @Option(names = "--filter:addr2_a", paramLabel = "<base>", description = "IA32_RTIT_ADDR2_A.")
    void filter2A(String value) {
        beforePt("--filter:addr2_a");
        options.addrA(2, number("--filter:addr2_a", value, -1L));
    }

    @Option(names = "--filter:addr2_b", paramLabel = "<limit>", description = "IA32_RTIT_ADDR2_B.")
    void filter2B(String value) {
        beforePt("--filter:addr2_b");
        options.addrB(2, number("--filter:addr2_b", value, -1L));
    }

    @Option(names = "--filter:addr3_cfg", paramLabel = "<cfg>",
            description = "IA32_RTIT_CTL.ADDR3_CFG of the recording (0: off, 1: filter, 2: stop).")
    void filter3Cfg(String value) {
        filterCfg(3, value);
    }

    @Option(names = "--filter:addr3_a", paramLabel = "<base>", description = "IA32_RTIT_ADDR3_A.")
    void filter3A(String value) {
        beforePt("--filter:addr3_a");
        options.addrA(3, number("--filter:addr3_a", value, -1L));
    }

    @Option(names = "--filter:addr3_b", paramLabel = "<limit>", description = "IA32_RTIT_ADDR3_B.")
    void filter3B(String value) {
        beforePt("--filter:addr3_b");
        options.addrB(3, number("--filter:addr3_b", value, -1L));
    }

    private void filterCfg(int n, String value) {
        String name = "--filter:addr" + n + "_cfg";
        beforePt(name);
        long cfg = number(name, value, -1L);
        if (Long.compareUnsigned(cfg, 15) > 0) {
            usage(name + ": value too big: " + value + ".");
            return;
        }
        options.addrCfg(n, (int) cfg);
    }

    @Option(names = "--resync-on-error",
            description = "After a decode error, continue where the trace gives the IP again.")
    void resync(boolean on) {
        options.flag(PtxedOptions.RESYNC_ON_ERROR, on);
    }

    @Option(names = "--stat", description = "Print statistics (even when quiet).")
    void stat(boolean on) {
        options.stat(PtxedOptions.STAT_DEFAULT);
    }

    @Option(names = "--stat:insn", description = "Count instructions.")
    void statInsn(boolean on) {
        options.stat(PtxedOptions.STAT_INSN);
    }

    @Option(names = "--stat:blocks", description = "Count blocks.")
    void statBlocks(boolean on) {
        options.stat(PtxedOptions.STAT_BLOCKS);
    }

    @Option(names = "--no-inst", description = "Print addresses only, no disassembly.")
    void noInst(boolean on) {
        options.flag(PtxedOptions.NO_INST, on);
    }

    @Option(names = "--check", description = "Cross-check each instruction with the disassembler.")
    void check(boolean on) {
        options.flag(PtxedOptions.CHECK, on);
    }

    @Option(names = {"--quiet", "-q"}, description = "Print nothing but errors and statistics.")
    void quiet(boolean on) {
        options.flag(PtxedOptions.QUIET, on);
    }

    @Option(names = "--offset", description = "Print the trace offset.")
    void offset(boolean on) {
        options.flag(PtxedOptions.PRINT_OFFSET, on);
    }

    @Option(names = "--time", description = "Print the current time stamp.")
    void time(boolean on) {
        options.flag(PtxedOptions.PRINT_TIME, on);
    }

    @Option(names = "--raw-insn", description = "Print the raw bytes of each instruction.")
    void rawInsn(boolean on) {
        options.flag(PtxedOptions.RAW_INSN, on);
    }

    @Option(names = "--att", description = "Print instructions in AT&T syntax.")
    void att(boolean on) {
        options.flag(PtxedOptions.ATT, on);
    }

    @Option(names = "--mtc-freq", paramLabel = "<n>", description = "IA32_RTIT_CTL.MTCFreq.")
    void mtcFreq(String value) {
        options.mtcFreq((int) number("--mtc-freq", value, 0xff));
    }

    @Option(names = "--nom-freq", paramLabel = "<n>",
            description = "Nominal core:bus ratio, MSR_PLATFORM_INFO[15:8].")
    void nomFreq(String value) {
        options.nomFreq((int) number("--nom-freq", value, 0xff));
    }

    @Option(names = "--cpuid-0x15.eax", paramLabel = "<n>", description = "CPUID leaf 0x15 EAX.")
    void cpuidEax(String value) {
        options.cpuid15Eax(number("--cpuid-0x15.eax", value, 0xffffffffL));
    }

    @Option(names = "--cpuid-0x15.ebx", paramLabel = "<n>", description = "CPUID leaf 0x15 EBX.")
    void cpuidEbx(String value) {
        options.cpuid15Ebx(number("--cpuid-0x15.ebx", value, 0xffffffffL));
    }

    @Option(names = "--iscache-limit", paramLabel = "<size>",
            description = "Accepted for compatibility; the section cache maps files lazily.")
    void iscacheLimit(String value) {
        number("--iscache-limit", value, -1L);
    }

    @Option(names = {"--verbose", "-v"}, description = "Accepted for compatibility.")
    void verbose(boolean on) {
        // ptxed prints section loads; we have nothing more to say.
    }

    @Option(names = "--sb", description = "Sideband output (compact), for perf_event sideband.")
    void sb(boolean on) {
        options.sideband("--sb");
    }

    @Option(names = "--sb:compact", description = "Sideband output (compact), for perf_event sideband.")
    void sbCompact(boolean on) {
        options.sideband("--sb:compact");
    }

    @Option(names = "--sb:verbose", description = "Sideband output (verbose), for perf_event sideband.")
    void sbVerbose(boolean on) {
        options.sideband("--sb:verbose");
    }

    @Option(names = "--sb:filename", description = "Sideband output (filename), for perf_event sideband.")
    void sbFilename(boolean on) {
        options.sideband("--sb:filename");
    }

    @Option(names = "--sb:offset", description = "Sideband output (offset), for perf_event sideband.")
    void sbOffset(boolean on) {
        options.sideband("--sb:offset");
    }

    @Option(names = "--sb:time", description = "Sideband output (time), for perf_event sideband.")
    void sbTime(boolean on) {
        options.sideband("--sb:time");
    }

    @Option(names = "--sb:switch", description = "Sideband output (switch), for perf_event sideband.")
    void sbSwitch(boolean on) {
        options.sideband("--sb:switch");
    }

    @Option(names = "--sb:warn", description = "Sideband output (warn), for perf_event sideband.")
    void sbWarn(boolean on) {
        options.sideband("--sb:warn");
    }

    @Option(names = "--pevent:primary", paramLabel = "<value>", description = "perf_event sideband: primary.")
    void peventPrimary(String value) {
        options.sideband("--pevent:primary");
        options.sideband(value);
    }

    @Option(names = "--pevent:secondary", paramLabel = "<value>", description = "perf_event sideband: secondary.")
    void peventSecondary(String value) {
        options.sideband("--pevent:secondary");
        options.sideband(value);
    }

    @Option(names = "--pevent:sample-type", paramLabel = "<value>", description = "perf_event sideband: sample-type.")
    void peventSampleType(String value) {
        options.sideband("--pevent:sample-type");
        options.sideband(value);
    }

    @Option(names = "--pevent:sample-config", paramLabel = "<value>", description = "perf_event sideband: sample-config.")
    void peventSampleConfig(String value) {
        options.sideband("--pevent:sample-config");
        options.sideband(value);
    }

    @Option(names = "--pevent:time-zero", paramLabel = "<value>", description = "perf_event sideband: time-zero.")
    void peventTimeZero(String value) {
        options.sideband("--pevent:time-zero");
        options.sideband(value);
    }

    @Option(names = "--pevent:time-shift", paramLabel = "<value>", description = "perf_event sideband: time-shift.")
    void peventTimeShift(String value) {
        options.sideband("--pevent:time-shift");
        options.sideband(value);
    }

    @Option(names = "--pevent:time-mult", paramLabel = "<value>", description = "perf_event sideband: time-mult.")
    void peventTimeMult(String value) {
        options.sideband("--pevent:time-mult");
        options.sideband(value);
    }

    @Option(names = "--pevent:tsc-offset", paramLabel = "<value>", description = "perf_event sideband: tsc-offset.")
    void peventTscOffset(String value) {
        options.sideband("--pevent:tsc-offset");
        options.sideband(value);
    }

    @Option(names = "--pevent:kernel-start", paramLabel = "<value>", description = "perf_event sideband: kernel-start.")
    void peventKernelStart(String value) {
        options.sideband("--pevent:kernel-start");
        options.sideband(value);
    }

    @Option(names = "--pevent:sysroot", paramLabel = "<value>", description = "perf_event sideband: sysroot.")
    void peventSysroot(String value) {
        options.sideband("--pevent:sysroot");
        options.sideband(value);
    }

    @Option(names = "--pevent:kcore", paramLabel = "<value>", description = "perf_event sideband: kcore.")
    void peventKcore(String value) {
        options.sideband("--pevent:kcore");
        options.sideband(value);
    }

    @Option(names = "--pevent:vdso-x64", paramLabel = "<value>", description = "perf_event sideband: vdso-x64.")
    void peventVdsoX64(String value) {
        options.sideband("--pevent:vdso-x64");
        options.sideband(value);
    }

    @Option(names = "--pevent:vdso-x32", paramLabel = "<value>", description = "perf_event sideband: vdso-x32.")
    void peventVdsoX32(String value) {
        options.sideband("--pevent:vdso-x32");
        options.sideband(value);
    }

    @Option(names = "--pevent:vdso-ia32", paramLabel = "<value>", description = "perf_event sideband: vdso-ia32.")
    void peventVdsoIa32(String value) {
        options.sideband("--pevent:vdso-ia32");
        options.sideband(value);
    }

    @Override
    public Integer call() {
        if (parseError != null) {
            throw new UserError("ptxed: " + parseError, ExitCodes.USAGE);
        }
        if (!havePt) {
            throw new UserError("ptxed: no pt file.");
        }
        PtxedOptions built = options.dir(root.resolve("")).build();
        // Capstone stands in for XED: instruction text, and --check's second opinion.
        boolean needText = !built.has(PtxedOptions.NO_INST) || built.has(PtxedOptions.CHECK);
        // --sb:*, --pevent:*: perf_event sideband, applied at each event (SidebandXedHook).
        SidebandXedHook sideband = SidebandXedHook.of(
                SidebandOptions.fromArguments(built.sideband()), root, spec.commandLine().getOut());
        try (CapstoneText capstone = new CapstoneText()) {
            Ptxed ptxed = new Ptxed(built, needText ? capstone : null, sideband);
            if (sideband != null) {
                sideband.open(ptxed.sectionCache());
            }
            ptxed.run(spec.commandLine().getOut());
        } catch (PtxedException e) {
            throw new UserError("ptxed: " + e.getMessage());
        } catch (DisassemblerUnavailableException e) {
            throw new UserError("ptxed: " + e.getMessage() + "; use --no-inst without --check");
        }
        return 0;
    }

    private void beforePt(String name) {
        if (havePt) {
            usage("please specify " + name + " before --pt.");
        }
    }

    private long number(String option, String value, long max) {
        try {
            return CNumbers.parse(value, max);
        } catch (NumberFormatException e) {
            usage(option + ": bad argument: " + value + ".");
            return 0;
        }
    }

    // Remembers the first bad option; call() reports it as one line, as ptxed does.
    private void usage(String message) {
        if (parseError == null) {
            parseError = message;
        }
    }
}
