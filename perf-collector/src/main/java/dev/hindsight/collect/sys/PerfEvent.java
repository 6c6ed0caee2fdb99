package dev.hindsight.collect.sys;

import dev.hindsight.collect.internal.sys.LibC;
import dev.hindsight.collect.internal.sys.Native;

/**
 * One perf event file descriptor: {@code perf_event_open(2)} (syscall 298 on x86-64, which glibc
 * does not wrap), its ioctls and its ring buffer. Close it to release the event.
 */
public final class PerfEvent implements AutoCloseable {
    /** perf_event_open's syscall number on x86-64. */
    public static final int SYS_PERF_EVENT_OPEN = 298;
    /** ioctl: enable. */
    public static final long IOC_ENABLE = 0x2400;
    /** ioctl: disable. */
    public static final long IOC_DISABLE = 0x2401;
    /** ioctl: reset the count. */
    public static final long IOC_RESET = 0x2403;
    /** perf_event_open flag: close the fd on exec. */
    public static final long FLAG_FD_CLOEXEC = 8;

    private static final int PAGE = 4096;

    private final int fd;
    private boolean closed;

    private PerfEvent(int fd) {
        this.fd = fd;
    }

    /**
     * Opens an event for thread {@code pid} (0: the calling thread) on {@code cpu} (-1: any).
     *
     * @throws SysCallException e.g. ENOENT/EOPNOTSUPP for an event the machine lacks, EACCES for
     *     perf_event_paranoid
     */
    public static PerfEvent open(PerfEventAttr attr, int pid, int cpu) {
        long fd = Native.libc().syscall(SYS_PERF_EVENT_OPEN, attr.address(), pid, cpu, -1,
                FLAG_FD_CLOEXEC, 0);
        if (fd < 0) {
            throw new SysCallException(Native.errno(), "perf_event_open(pid " + pid + ", cpu "
                    + cpu + ")");
        }
        return new PerfEvent((int) fd);
    }

    /** The file descriptor. */
    public int fd() {
        return fd;
    }

    /** Starts counting. */
    public void enable() {
        ioctl(IOC_ENABLE, "PERF_EVENT_IOC_ENABLE");
    }

    /** Stops counting. */
    public void disable() {
        ioctl(IOC_DISABLE, "PERF_EVENT_IOC_DISABLE");
    }

    /** Resets the count. */
    public void reset() {
        ioctl(IOC_RESET, "PERF_EVENT_IOC_RESET");
    }

    private void ioctl(long request, String name) {
        if (Native.libc().ioctl(fd, request, 0) == -1) {
            throw new SysCallException(Native.errno(), "ioctl(" + name + ")");
        }
    }

    /**
     * Maps the event's ring buffer: one metadata page and {@code dataPages} data pages (a power of
     * two). The ring is read with {@link PerfRing}; it stays valid until the ring is closed.
     */
    public PerfRing mapRing(int dataPages) {
        if (dataPages <= 0 || Integer.bitCount(dataPages) != 1) {
            throw new IllegalArgumentException("data pages must be a power of two: " + dataPages);
        }
        long length = (long) (dataPages + 1) * PAGE;
        LibC libc = Native.libc();
        long address = libc.mmap(0, length, 3 /* PROT_READ | PROT_WRITE */, 1 /* MAP_SHARED */, fd,
                0, 0);
        if (address == -1) {
            throw new SysCallException(Native.errno(), "mmap(perf ring, " + length + " bytes)");
        }
        return new PerfRing(address, length);
    }

    /**
     * Maps {@code length} bytes of the event's buffers at file offset {@code offset}: offset 0 is
     * the metadata page and data ring; the AUX area is mapped at the {@code aux_offset} written
     * into the metadata page first. A read-only mapping puts the ring in overwrite (snapshot)
     * mode: the kernel never waits for the reader.
     *
     * @throws SysCallException e.g. ENOMEM/EPERM when RLIMIT_MEMLOCK or perf_event_mlock_kb is
     *     exceeded
     */
    public Mapping map(long offset, long length, boolean writable) {
        long address = Native.libc().mmap(0, length, writable ? 3 : 1, 1 /* MAP_SHARED */, fd,
                offset, 0);
        if (address == -1) {
            throw new SysCallException(Native.errno(), "mmap(perf " + (offset == 0 ? "ring"
                    : "AUX area") + ", " + length + " bytes" + (writable ? "" : ", read-only")
                    + ")");
        }
        return new Mapping(address, length);
    }

    /** One mmap'ed region of an event's buffers; close it to unmap. */
    public static final class Mapping implements AutoCloseable {
        private final long address;
        private final long length;
        private final RingMemory memory;
        private boolean unmapped;

        Mapping(long address, long length) {
            this.address = address;
            this.length = length;
            this.memory = RingMemory.ofAddress(address, length);
        }

        /** The mapped memory. */
        public RingMemory memory() {
            return memory;
        }

        /** The mapped length in bytes. */
        public long length() {
            return length;
        }

        @Override
        public void close() {
            if (!unmapped) {
                unmapped = true;
                Native.libc().munmap(address, length);
            }
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Native.libc().close(fd);
        }
    }
}
