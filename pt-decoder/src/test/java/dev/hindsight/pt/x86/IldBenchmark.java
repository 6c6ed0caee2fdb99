package dev.hindsight.pt.x86;

import dev.hindsight.pt.x86.disasm.CapstoneDisassembler;
import dev.hindsight.pt.x86.disasm.Syntax;
import java.nio.file.Path;

/**
 * Microbenchmark of {@link InsnDecoder}: decodes a binary's {@code .text} linearly, again and
 * again, and prints instructions per second (and Capstone's rate for comparison).
 *
 * <p>Run after {@code mvn -pl pt-decoder -am test-compile}:
 * <pre>
 * java -cp pt-decoder/target/classes:pt-decoder/target/test-classes:$HOME/.m2/repository/net/java/dev/jna/jna/5.14.0/jna-5.14.0.jar \
 *     dev.hindsight.pt.x86.IldBenchmark [file [seconds]]
 * </pre>
 * Defaults: {@code /lib/x86_64-linux-gnu/libc.so.6}, 5 seconds.
 */
public final class IldBenchmark {
    private IldBenchmark() {
    }

    /** Runs the benchmark; see the class comment for arguments. */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "/lib/x86_64-linux-gnu/libc.so.6");
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        ElfExecutableSections elf = ElfExecutableSections.read(file);
        ElfExecutableSections.Section text = elf.section(".text");
        byte[] data = elf.data();
        DecodedInsn insn = new DecodedInsn();

        pass(data, text, insn); // warm-up
        for (int i = 0; i < 20; i++) {
            pass(data, text, insn);
        }
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long insns = 0;
        long branches = 0;
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline) {
            long r = pass(data, text, insn);
            insns += r >>> 32;
            branches += r & 0xffffffffL;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        System.out.printf("InsnDecoder: %s .text (%d bytes): %.1f million instructions/s wall,"
                + " %.1f million per CPU second (%d instructions, %d branches, %.2f s wall,"
                + " %.2f s CPU)%n", file, text.size(), insns / elapsed / 1e6, insns / cpu / 1e6,
                insns, branches, elapsed, cpu);

        try (CapstoneDisassembler cs = CapstoneDisassembler.open(ExecMode.BITS_64, Syntax.ATT)) {
            long n = 0;
            cpuStart = threads.getCurrentThreadCpuTime();
            start = System.nanoTime();
            deadline = start + (long) (seconds * 1e9);
            while (System.nanoTime() < deadline) {
                int pos = 0;
                while (pos < text.size()) {
                    int len = Math.min(15, text.size() - pos);
                    int size = cs.length(data, text.offset() + pos, len, text.address() + pos);
                    pos += size > 0 ? size : 1;
                    n++;
                }
            }
            elapsed = (System.nanoTime() - start) / 1e9;
            cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            System.out.printf("Capstone 4 (JNA, length only): %.1f million instructions/s wall,"
                    + " %.1f million per CPU second%n", n / elapsed / 1e6, n / cpu / 1e6);
        }
    }

    // One linear pass; returns instructions << 32 | branches.
    private static long pass(byte[] data, ElfExecutableSections.Section text, DecodedInsn insn) {
        long n = 0;
        long branches = 0;
        int pos = 0;
        int end = text.size();
        int base = text.offset();
        long ip = text.address();
        while (pos < end) {
            int size = InsnDecoder.decode(data, base + pos, Math.min(15, end - pos), ip + pos,
                    ExecMode.BITS_64, insn);
            if (insn.iclass().isBranch()) {
                branches++;
            }
            pos += size > 0 ? size : 1;
            n++;
        }
        return n << 32 | branches;
    }
}
