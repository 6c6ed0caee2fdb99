package dev.hindsight.pt.sideband;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A process as the sideband sees it: its pid and the memory image it decodes with, described as
 * the ordered list of file mappings that make it up (libipt's {@code struct pt_sb_context}).
 *
 * <p>A new context starts with the session's kernel mappings. Mappings are only ever appended
 * (later ones win where they overlap), so {@link #mappingCount()} works as a version: a decoder
 * that built its image from the first {@code n} mappings adds the rest to catch up. An exec
 * replaces the whole context with a new one for the same pid; the old object stays valid for
 * whoever still decodes with it.
 */
public final class ProcessContext {

    /** The ABI of a process's main executable, which selects the vdso image. */
    public enum Abi {
        /** Not known yet. */
        UNKNOWN,
        /** 64-bit. */
        X64,
        /** x32. */
        X32,
        /** 32-bit. */
        IA32
    }

    private final int pid;
    private final String name;
    private final List<MappedFile> mappings = new ArrayList<>();
    private final List<MappedFile> view = Collections.unmodifiableList(mappings);
    private Abi abi = Abi.UNKNOWN;

    ProcessContext(int pid, String name) {
        this.pid = pid;
        this.name = name;
    }

    /** The process id (unsigned 32 bits). */
    public int pid() {
        return pid;
    }

    /** The image name ptxed prints on a switch ({@code --sb:switch}): {@code pid-<hex pid>}. */
    public String name() {
        return name;
    }

    /** The mappings in the order they were added; a live, read-only view. */
    public List<MappedFile> mappings() {
        return view;
    }

    /** How many mappings there are. */
    public int mappingCount() {
        return mappings.size();
    }

    /** The ABI, learnt from the first ELF file mapped. */
    public Abi abi() {
        return abi;
    }

    void abi(Abi value) {
        abi = value;
    }

    void add(MappedFile mapping) {
        mappings.add(mapping);
    }

    void addAll(ProcessContext other) {
        mappings.addAll(new ArrayList<>(other.mappings));
    }

    @Override
    public String toString() {
        return name + " " + mappings;
    }
}
