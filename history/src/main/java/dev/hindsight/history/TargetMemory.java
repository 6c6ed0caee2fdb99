package dev.hindsight.history;

/**
 * The memory of a live process, as the layer that talks to the kernel reads it (history does not
 * depend on it): what {@link DisplayMemory} forwards reads to when gdb's rules allow.
 */
@FunctionalInterface
public interface TargetMemory {
    /**
     * Copies up to {@code length} bytes at {@code address} into {@code buffer[offset..]}.
     *
     * @return how many bytes could be read from {@code address} on (0 when none)
     */
    int read(long address, byte[] buffer, int offset, int length);

    /**
     * Writes {@code length} bytes of {@code data} at {@code address}.
     *
     * @return whether all of them were written (the default: a read-only target writes nothing)
     */
    default boolean write(long address, byte[] data, int length) {
        return false;
    }
}
