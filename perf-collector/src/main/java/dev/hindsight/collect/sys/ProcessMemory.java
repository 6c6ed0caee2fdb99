package dev.hindsight.collect.sys;

import dev.hindsight.collect.internal.sys.LibC;
import dev.hindsight.collect.internal.sys.Native;
import java.io.IOException;
import java.io.RandomAccessFile;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * Reads another process's memory with {@code process_vm_readv(2)} (one call, no stop needed), and
 * through {@code /proc/PID/mem} when that call is refused or missing, as it is for pages the
 * process cannot read itself (e.g. {@code --x} code mappings), where the tracer's view still works.
 * Not thread-safe: it owns one direct buffer.
 */
public final class ProcessMemory {
    private static final int CHUNK = 1 << 16;

    private final int pid;
    private final LibC libc = Native.libc();
    private final Pointer iov = Memory.allocateDirect(Native.runtime(), 32);
    private final Pointer buffer = Memory.allocateDirect(Native.runtime(), CHUNK);

    /** The memory of process {@code pid}. */
    public ProcessMemory(int pid) {
        this.pid = pid;
    }

    /**
     * Copies {@code len} bytes at {@code address} into {@code dst[off..]}; returns how many bytes
     * could be read (fewer at the end of a mapping).
     *
     * @throws SysCallException when nothing at all can be read there
     */
    public int read(long address, byte[] dst, int off, int len) {
        int done = 0;
        while (done < len) {
            int n = Math.min(CHUNK, len - done);
            int got = readv(address + done, n);
            if (got <= 0) {
                got = readProcMem(address + done, dst, off + done, n);
                if (got <= 0) {
                    break;
                }
                done += got;
                continue;
            }
            buffer.get(0, dst, off + done, got);
            done += got;
            if (got < n) {
                break;
            }
        }
        if (done == 0 && len > 0) {
            throw new SysCallException(Errno.EFAULT_OR_EIO, "read memory of " + pid + " at 0x"
                    + Long.toHexString(address));
        }
        return done;
    }

    /**
     * Writes {@code len} bytes of {@code src[off..]} at {@code address} through
     * {@code /proc/PID/mem} (which a ptrace tracer may write even to read-only mappings, as a
     * debugger's poke does).
     *
     * @return whether every byte was written
     */
    public boolean write(long address, byte[] src, int off, int len) {
        try (RandomAccessFile f = new RandomAccessFile("/proc/" + pid + "/mem", "rw")) {
            f.seek(address);
            f.write(src, off, len);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The 8 bytes at {@code address}, little-endian. */
    public long readLong(long address) {
        byte[] b = new byte[8];
        if (read(address, b, 0, 8) != 8) {
            throw new SysCallException(Errno.EFAULT_OR_EIO, "read memory of " + pid + " at 0x"
                    + Long.toHexString(address));
        }
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xff);
        }
        return v;
    }

    private int readv(long address, int n) {
        iov.putAddress(0, buffer.address());
        iov.putLong(8, n);
        iov.putAddress(16, address);
        iov.putLong(24, n);
        long r = libc.process_vm_readv(pid, iov.address(), 1, iov.address() + 16, 1, 0, 0);
        return (int) r;
    }

    private int readProcMem(long address, byte[] dst, int off, int n) {
        try (RandomAccessFile f = new RandomAccessFile("/proc/" + pid + "/mem", "r")) {
            f.seek(address);
            int total = 0;
            while (total < n) {
                int r = f.read(dst, off + total, n - total);
                if (r <= 0) {
                    break;
                }
                total += r;
            }
            return total;
        } catch (IOException e) {
            return -1;
        }
    }
}
