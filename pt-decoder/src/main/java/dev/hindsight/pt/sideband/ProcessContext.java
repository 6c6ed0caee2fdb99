package dev.hindsight.pt.sideband;

import dev.hindsight.pt.image.Image;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A process as the sideband sees it: its pid and the memory image to decode its trace with
 * (libipt's {@code struct pt_sb_context}).
 *
 * <p>The {@link #image()} is live: MMAP records that arrive while the trace decodes in this
 * process (from any sideband file) add to the very image the flow decoder reads. The
 * {@link #mappings()} list the same file ranges in the order they were added (later ones win
 * where they overlap). A new context starts with the session's kernel image. An exec replaces
 * the whole context with a new one for the same pid; the old one stays valid for whoever still
 * decodes with it.
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
    private final Image image;
    private Abi abi = Abi.UNKNOWN;

    ProcessContext(int pid, String name) {
        this.pid = pid;
        this.name = name;
        this.image = new Image(name);
    }

    /** The memory image to decode with while the trace is in this process; live, named. */
    public Image image() {
        return image;
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

    // libipt's pt_image_copy: the other context's sections go on top of ours.
    void addAll(ProcessContext other) {
        if (other == this) {
            return;
        }
        mappings.addAll(new ArrayList<>(other.mappings));
        image.copy(other.image);
    }

    @Override
    public String toString() {
        return name + " " + mappings;
    }
}
