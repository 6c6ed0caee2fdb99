package dev.hindsight.collect.bundle;

import java.nio.file.Path;
import java.util.List;

/**
 * One thread of a bundle as files and ptxed-style arguments, for inputs that take files (the
 * history commands' {@code --pt/--bts --raw --elf --cpu --pc}). The files live in the bundle's
 * own temporary directory and are deleted when the {@link TraceBundle} is closed, so keep it open
 * while they are used.
 *
 * @param tid the thread id
 * @param kind {@link BundleManifest#KIND_PT} or {@link BundleManifest#KIND_BTS}
 * @param trace the raw stream: Intel PT, or BTS records in the DS form ({@code --bts-format ds})
 * @param elfArgs {@code FILE:BASE} for each ELF image file (segments and symbols)
 * @param rawArgs {@code FILE:BEGIN-END:VADDR} for each memory copy and non-ELF file image
 * @param cpu the {@code --cpu} value: {@code f/m/s}, or {@code none} for a non-Intel recording
 * @param currentPc the {@code --pc} value, or -1 when unknown
 */
public record ExtractedThread(int tid, String kind, Path trace, List<String> elfArgs,
        List<String> rawArgs, String cpu, long currentPc) {

    /** Copies the lists. */
    public ExtractedThread {
        elfArgs = List.copyOf(elfArgs);
        rawArgs = List.copyOf(rawArgs);
    }

    /** Whether the trace is Intel PT (else BTS records in the DS form). */
    public boolean isPt() {
        return BundleManifest.KIND_PT.equals(kind);
    }
}
