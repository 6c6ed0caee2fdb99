package dev.hindsight.collect.bts;

import java.io.IOException;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the kernel's text starts, to drop BTS samples that branch from kernel code (gdb's
 * {@code linux_determine_kernel_start}): the address of {@code _text} in {@code /proc/kallsyms}
 * (a {@code t} or {@code T} line), else 0, meaning "any address with bit 63 set".
 */
public final class KernelStart {
    private KernelStart() {
    }

    /** From this machine's {@code /proc/kallsyms}. */
    public static long read() {
        return read(Path.of("/proc/kallsyms"));
    }

    /**
     * From the kallsyms file {@code file}; 0 when it is unreadable, lacks {@code _text}, or shows
     * zero addresses (kptr_restrict hides them from unprivileged readers).
     */
    public static long read(Path file) {
        try (BufferedReader r = Files.newBufferedReader(file)) {
            for (String line; (line = r.readLine()) != null;) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 3 && f[2].equals("_text")
                        && (f[1].equals("t") || f[1].equals("T"))) {
                    return Long.parseUnsignedLong(f[0], 16);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /** Whether {@code address} is a kernel address given the kernel start (0: bit 63). */
    public static boolean isKernel(long address, long kernelStart) {
        return kernelStart == 0 ? address < 0 : Long.compareUnsigned(address, kernelStart) >= 0;
    }
}
