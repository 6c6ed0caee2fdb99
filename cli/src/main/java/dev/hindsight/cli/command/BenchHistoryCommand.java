package dev.hindsight.cli.command;

import dev.hindsight.cli.Hindsight;
import dev.hindsight.history.GdbDisassembly;
import dev.hindsight.history.GdbTextOutput;
import dev.hindsight.history.HistoryBrowser;
import dev.hindsight.history.ThreadHistory;
import dev.hindsight.history.TraceInput;
import dev.hindsight.pt.x86.ExecMode;
import dev.hindsight.pt.x86.disasm.CapstoneDisassembler;
import dev.hindsight.pt.x86.disasm.Syntax;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code hindsight bench history}: how long a trace takes to open as a history, how long the
 * history commands then take, and how many bytes per instruction the history holds.
 */
@Command(name = "history",
        header = "Measure history open time, command latency and memory per instruction.",
        description = "Opens the trace once (timed), then times info record, function-call-history /ilc "
                + "pages (end, middle) and instruction-history windows (end, middle, start) on fresh "
                + "browsers; prints the median of the runs and the bytes held per instruction.")
public final class BenchHistoryCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @ParentCommand
    private BenchCommand bench;

    @Mixin
    private HistoryInputMixin input;

    @Option(names = "--runs", defaultValue = "5", description = "Timed runs per command (default: ${DEFAULT-VALUE}).")
    private int runs;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Hindsight root = bench.root();
        System.gc();
        long heapBefore = usedHeap();
        long t0 = System.nanoTime();
        try (TraceInput.Opened opened = input.open(root);
                CapstoneDisassembler capstone = CapstoneDisassembler.open(ExecMode.BITS_64, Syntax.ATT)) {
            double openMs = (System.nanoTime() - t0) / 1e6;
            System.gc();
            long heapAfter = usedHeap();
            ThreadHistory h = opened.history();
            long insns = Math.max(1, h.calls().instructionCount());
            out.printf(Locale.ROOT, "open: %.0f ms; %d instruction numbers, %d segments, %d gaps, %d checkpoints%n",
                    openMs, h.calls().instructionCount(), h.calls().segmentCount(), h.gapCount(), h.checkpointCount());
            out.printf(Locale.ROOT, "memory: %.3f bytes/instruction held by segments + index (%d bytes); "
                    + "heap growth after GC %.3f bytes/instruction (includes image and decoder)%n",
                    (double) h.retainedBytes() / insns, h.retainedBytes(), (double) (heapAfter - heapBefore) / insns);
            GdbDisassembly disasm = new GdbDisassembly(capstone, opened.symbols());
            long mid = Math.max(1, h.calls().instructionCount() / 2);
            int midSeg = Math.max(1, h.functionCount() / 2);
            time(out, "info record", opened, disasm, b -> b.infoRecord(sink()));
            time(out, "function-call-history /ilc", opened, disasm, b -> b.functionCallHistory("/ilc", sink()));
            time(out, "function-call-history /ilc " + midSeg + ",+10", opened, disasm,
                    b -> b.functionCallHistory("/ilc " + midSeg + ",+10", sink()));
            time(out, "instruction-history", opened, disasm, b -> b.instructionHistory("", sink()));
            time(out, "instruction-history /r " + mid + ",+10", opened, disasm,
                    b -> b.instructionHistory("/r " + mid + ",+10", sink()));
            time(out, "instruction-history 1,+10", opened, disasm, b -> b.instructionHistory("1,+10", sink()));
        }
        out.flush();
        return 0;
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static GdbTextOutput sink() {
        return new GdbTextOutput(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    }

    private void time(PrintWriter out, String name, TraceInput.Opened opened, GdbDisassembly disasm,
            Consumer<HistoryBrowser> command) {
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            HistoryBrowser b = new HistoryBrowser(opened.history(), opened.image(), opened.symbols(), disasm,
                    opened.lines());
            long t = System.nanoTime();
            command.accept(b);
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        double first = ms[0];
        Arrays.sort(ms);
        out.printf(Locale.ROOT, "%-45s first %8.2f ms, median %8.2f ms, max %8.2f ms%n", name, first, ms[runs / 2],
                ms[runs - 1]);
        out.flush();
    }
}
