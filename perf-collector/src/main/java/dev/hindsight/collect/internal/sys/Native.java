package dev.hindsight.collect.internal.sys;

import jnr.ffi.LibraryLoader;
import jnr.ffi.LibraryOption;
import jnr.ffi.Runtime;

/**
 * Loads the C library binding once, on first use, with every symbol bound at load time so that a
 * missing one fails here rather than in the middle of a recording (jnr-posix's holder idiom).
 */
public final class Native {
    private Native() {
    }

    /** The bound C library. */
    public static LibC libc() {
        return Holder.LIBC;
    }

    /** The jnr-ffi runtime the binding uses (memory allocation, last errno). */
    public static Runtime runtime() {
        return Holder.RUNTIME;
    }

    /** The errno the calling thread's last bound call left. */
    public static int errno() {
        return Holder.RUNTIME.getLastError();
    }

    private static final class Holder {
        static final LibC LIBC = LibraryLoader.create(LibC.class)
                .option(LibraryOption.LoadNow, Boolean.TRUE)
                .option(LibraryOption.SaveError, Boolean.TRUE)
                .load("c");
        static final Runtime RUNTIME = Runtime.getRuntime(LIBC);
    }
}
