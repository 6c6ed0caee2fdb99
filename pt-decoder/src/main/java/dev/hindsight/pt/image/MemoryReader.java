package dev.hindsight.pt.image;

/**
 * Reads memory that no section holds, e.g. from a live process (libipt's
 * {@code read_memory_callback_t}); an {@link Image} asks it after all its sections missed.
 */
@FunctionalInterface
public interface MemoryReader {
    /**
     * Copies bytes of address space {@code asid} starting at {@code ip}.
     *
     * @param dst where to copy to
     * @param dstOffset the first index in {@code dst}
     * @param len the most bytes to copy
     * @param ip the virtual address
     * @param asid the address space
     * @return the number of bytes copied, or {@code -PtError.NOMAP.code()} (or another negative
     *     {@code -PtError} code) if none
     */
    int read(byte[] dst, int dstOffset, int len, long ip, Asid asid);
}
