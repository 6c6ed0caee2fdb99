package dev.hindsight.history;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The functions with code in the DWARF {@code .debug_info} of ELF files, with their formal
 * parameters: what gdb needs to print a frame's arguments ({@code print_frame_args}). While
 * replaying btrace only the pc is available (spec §6.2), so a parameter prints as
 * {@code x=<unavailable>}; under gdb's default {@code set print frame-arguments scalars} a
 * struct, union, class or array argument (also through a reference) prints as {@code s=...}, and
 * a parameter without a location at the frame's address as {@code x=<optimized out>}.
 * Functions without debug information print no arguments.
 */
public final class DwarfFunctions {
    private static final DwarfFunctions EMPTY = new DwarfFunctions(new long[0], new long[0], new int[0], List.of());

    private final long[] lo;
    private final long[] hi;
    private final int[] function;
    private final List<Function> functions;
    private int lastHit = -1;

    private DwarfFunctions(long[] lo, long[] hi, int[] function, List<Function> functions) {
        this.lo = lo;
        this.hi = hi;
        this.function = function;
        this.functions = functions;
    }

    /** No functions. */
    public static DwarfFunctions empty() {
        return EMPTY;
    }

    /**
     * A function with code.
     *
     * @param name the function's DWARF name (through its specification or abstract origin), or
     *     {@code null}
     * @param parameters its formal parameters in gdb's order: the function's own, then those only
     *     its abstract origin lists
     * @param varargs whether it takes {@code ...} (gdb prints no argument for it)
     */
    public record Function(String name, List<Parameter> parameters, boolean varargs) {
    }

    /**
     * A formal parameter.
     *
     * @param name its name, or {@code null} (nameless)
     * @param scalar whether gdb's {@code val_print_scalar_type_p} holds for its type (not a
     *     struct, class, union or array, also behind typedefs, qualifiers and references)
     * @param ranges where it has a location: {@code null} everywhere (a location expression),
     *     else [begin, end) pairs from its location list; empty: nowhere (optimized out)
     * @param constant the value gdb prints for a {@code DW_AT_const_value} parameter (known
     *     without registers, so printed while replaying too), or {@code null}
     */
    public record Parameter(String name, boolean scalar, long[] ranges, String constant) {
        /** A parameter without a constant value. */
        public Parameter(String name, boolean scalar, long[] ranges) {
            this(name, scalar, ranges, null);
        }

        /** Whether the parameter has a location at {@code address}. */
        public boolean hasLocationAt(long address) {
            if (ranges == null) {
                return true;
            }
            for (int i = 0; i + 1 < ranges.length; i += 2) {
                if (Long.compareUnsigned(ranges[i], address) <= 0 && Long.compareUnsigned(address, ranges[i + 1]) < 0) {
                    return true;
                }
            }
            return false;
        }

        /**
         * The value text gdb prints while replaying btrace at {@code address}: {@code ...} for a
         * non-scalar (summary mode), else {@code <unavailable>} where it has a location and
         * {@code <optimized out>} where it has none.
         */
        public String replayValue(long address) {
            if (!scalar) {
                return "...";
            }
            if (constant != null) {
                return constant;
            }
            return hasLocationAt(address) ? "<unavailable>" : "<optimized out>";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Parameter p && java.util.Objects.equals(name, p.name) && scalar == p.scalar
                    && Arrays.equals(ranges, p.ranges) && java.util.Objects.equals(constant, p.constant);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(name, scalar, Arrays.hashCode(ranges), constant);
        }

        @Override
        public String toString() {
            return "Parameter[" + name + (scalar ? "" : ", non-scalar") + (ranges == null ? "" : ", " + ranges.length / 2 + " ranges") + "]";
        }
    }

    /**
     * Reads the functions of ELF files' {@code .debug_info} (DWARF 2 to 5, 32-bit DWARF).
     *
     * @param files the ELF files
     * @param bases their load bases, as {@link ElfSymbols#read}
     * @throws IOException if a file cannot be read or its debug information is malformed
     */
    public static DwarfFunctions read(List<Path> files, List<Long> bases) throws IOException {
        List<long[]> ranges = new ArrayList<>();
        List<Function> fns = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            ElfSections elf = ElfSections.read(files.get(i));
            if (elf.section(".debug_info") == null) {
                continue;
            }
            try {
                DebugInfoReader.read(elf, elf.bias(bases.get(i)), (f, r) -> {
                    fns.add(f);
                    for (int k = 0; k + 1 < r.length; k += 2) {
                        if (Long.compareUnsigned(r[k], r[k + 1]) < 0) {
                            ranges.add(new long[] {r[k], r[k + 1], fns.size() - 1});
                        }
                    }
                });
            } catch (RuntimeException e) {
                throw new IOException(files.get(i) + ": bad .debug_info: " + e.getMessage(), e);
            }
        }
        if (fns.isEmpty()) {
            return EMPTY;
        }
        ranges.sort((a, b) -> {
            int c = Long.compareUnsigned(a[0], b[0]);
            // At one start the smaller range (a nested function) comes last, so it wins.
            return c != 0 ? c : Long.compareUnsigned(b[1], a[1]);
        });
        int n = ranges.size();
        long[] l = new long[n];
        long[] h = new long[n];
        int[] f = new int[n];
        for (int i = 0; i < n; i++) {
            l[i] = ranges.get(i)[0];
            h[i] = ranges.get(i)[1];
            f[i] = (int) ranges.get(i)[2];
        }
        return new DwarfFunctions(l, h, f, List.copyOf(fns));
    }

    /** The [begin, end) pairs of the functions named {@code name}, in address order (for tests). */
    long[] rangesOf(String name) {
        List<Long> r = new ArrayList<>();
        for (int i = 0; i < lo.length; i++) {
            if (name.equals(functions.get(function[i]).name())) {
                r.add(lo[i]);
                r.add(hi[i]);
            }
        }
        return r.stream().mapToLong(Long::longValue).toArray();
    }

    /** Whether there are no functions. */
    public boolean isEmpty() {
        return functions.isEmpty();
    }

    /** The function whose code contains {@code address}, or {@code null}. */
    public Function at(long address) {
        int last = lastHit;
        if (last >= 0 && Long.compareUnsigned(lo[last], address) <= 0 && Long.compareUnsigned(address, hi[last]) < 0) {
            return functions.get(function[last]);
        }
        int a = 0;
        int b = lo.length - 1;
        int r = -1;
        while (a <= b) {
            int mid = (a + b) >>> 1;
            if (Long.compareUnsigned(lo[mid], address) <= 0) {
                r = mid;
                a = mid + 1;
            } else {
                b = mid - 1;
            }
        }
        // Ranges do not overlap except for nested functions: walk back to one that holds it.
        for (int i = r; i >= 0 && r - i < 16; i--) {
            if (Long.compareUnsigned(address, hi[i]) < 0) {
                lastHit = i;
                return functions.get(function[i]);
            }
        }
        return null;
    }

    /**
     * The argument list gdb prints in a frame line between the parentheses, as it does while
     * replaying btrace: {@code x=<unavailable>, s=...}; empty for a function without parameters
     * or without debug information.
     *
     * @param address the frame's address in its block: the pc for the innermost frame, the pc
     *     minus one for a caller (gdb's {@code get_frame_address_in_block})
     */
    public String replayArguments(long address) {
        Function f = at(address);
        if (f == null || f.parameters().isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder(32);
        for (Parameter p : f.parameters()) {
            if (s.length() > 0) {
                s.append(", ");
            }
            s.append(p.name() == null ? "" : p.name()).append('=').append(p.replayValue(address));
        }
        return s.toString();
    }
}
