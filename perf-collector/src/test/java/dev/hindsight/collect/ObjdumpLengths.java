package dev.hindsight.collect;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Instruction lengths of a statically linked program as GNU objdump disassembles it: an oracle for
 * the software recorder's taken-branch decision that shares no code with ours.
 */
final class ObjdumpLengths {
    private static final Pattern LINE = Pattern.compile("^\\s*([0-9a-f]+):\\t((?:[0-9a-f]{2} )+)");

    private final Map<Long, Integer> lengths = new HashMap<>();

    ObjdumpLengths(Path program) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("objdump", "-d", "--insn-width=16", program.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.US_ASCII))) {
            String line;
            while ((line = r.readLine()) != null) {
                Matcher m = LINE.matcher(line);
                if (m.find()) {
                    lengths.put(Long.parseUnsignedLong(m.group(1), 16), m.group(2).length() / 3);
                }
            }
        }
        if (p.waitFor() != 0 || lengths.isEmpty()) {
            throw new IllegalStateException("objdump failed on " + program);
        }
    }

    /** The length of the instruction at {@code pc}. */
    int length(long pc) {
        Integer n = lengths.get(pc);
        if (n == null) {
            throw new IllegalStateException("objdump has no instruction at 0x" + Long.toHexString(pc));
        }
        return n;
    }

    /** Whether the step from {@code from} to {@code to} took a branch, as BTS would record it. */
    boolean taken(long from, long to) {
        return to != from && to != from + length(from);
    }

    /** Counts the taken branches in a C stepper trace of a single-threaded program. */
    long countTaken(Path trace) throws IOException {
        List<String> lines = Files.readAllLines(trace);
        long n = 0;
        long prev = -1;
        for (String l : lines) {
            long pc = Long.parseUnsignedLong(l.substring(l.indexOf(' ') + 1), 16);
            if (prev != -1 && taken(prev, pc)) {
                n++;
            }
            prev = pc;
        }
        return n;
    }
}
